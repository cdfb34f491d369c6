package io.unum.agent.services;

import static org.assertj.core.api.Assertions.assertThat;

import io.unum.agent.protocol.Messages.Hello;
import io.unum.agent.protocol.Messages.HelloReply;
import org.junit.jupiter.api.Test;

class HelloServiceTest {
  @Test
  void helloNamesTheNodeAndThisJvmsPidReadFromProc() {
    HelloReply reply = new HelloService(7, "0.1.0").answer(new Hello(3L));
    assertThat(reply.id()).isEqualTo(3L);
    assertThat(reply.node()).isEqualTo(7);
    assertThat(reply.agentVersion()).isEqualTo("0.1.0");
    assertThat(reply.pid()).isEqualTo(ProcessHandle.current().pid());
  }
}
