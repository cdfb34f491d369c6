package io.unum.agent.link;

import static org.assertj.core.api.Assertions.assertThat;

import io.unum.agent.protocol.Messages;
import org.junit.jupiter.api.Test;

class DispatcherTest {

  @Test
  void wireNamesOfTypes() {
    assertThat(Dispatcher.typeOf(new Messages.HelloReply(1L, 1, "h", "k", "v", 1, 1))).isEqualTo("hello-reply");
    assertThat(Dispatcher.typeOf(new Messages.Ok(1L))).isEqualTo("ok");
    assertThat(Dispatcher.typeOf(new Messages.Heartbeat(null, 1, 0, 0, 0, 0, 0, 0, 0, 0))).isEqualTo("heartbeat");
  }
}
