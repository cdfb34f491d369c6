package io.unum.agent.link;

import static org.assertj.core.api.Assertions.assertThat;

import io.unum.agent.protocol.MessageCodec;
import io.unum.agent.protocol.Messages;
import io.unum.agent.services.ExecService;
import io.unum.agent.services.HelloService;
import io.unum.agent.services.PowerService;
import io.unum.agent.services.SignalSender;
import io.unum.agent.services.SignalService;
import io.unum.agent.supervise.ServiceSupervisor;
import io.unum.agent.supervise.SupervisorConfig;
import io.unum.agent.testing.Await;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DispatcherTest {
  @TempDir
  Path dir;

  @Test
  void wireNamesOfTypes() {
    assertThat(Dispatcher.typeOf(new Messages.HelloReply(1L, 1, "h", "k", "v", 1, 1))).isEqualTo("hello-reply");
    assertThat(Dispatcher.typeOf(new Messages.Ok(1L))).isEqualTo("ok");
    assertThat(Dispatcher.typeOf(new Messages.Heartbeat(null, 1, 0, 0, 0, 0, 0, 0, 0, 0))).isEqualTo("heartbeat");
  }

  /**
   * The host begins a session on the hello-reply and forgets the process reports before it: the
   * full report a new session asks for must come after the reply, or the host waits for the next
   * full one (up to a minute) with the node's new processes out of its table.
   */
  @Test
  void whatANewSessionAsksForIsWrittenAfterTheHelloReply() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    MessageCodec codec = new MessageCodec();
    LinkWriter writer = new LinkWriter(out, codec);
    SignalSender kill = new SignalSender();
    ServiceSupervisor services = new ServiceSupervisor(new SupervisorConfig(3, dir.resolve("init"),
        dir.resolve("services"), Path.of("/etc/passwd"), Path.of("/proc"), System.getenv("PATH")), kill, m -> { });
    Runnable newSession = () -> writer.offerProcs(new Messages.Procs(null, 1, true, List.of(), List.of()));
    Dispatcher dispatcher = new Dispatcher(codec, writer, new HelloService(3, "test"), new ExecService(),
        new SignalService(kill, Path.of("/proc")), new PowerService(kill, 1), new HostCalls(writer), services,
        newSession);

    dispatcher.onLine(codec.encode(new Messages.Hello(7L)));
    writer.start();
    try {
      Await.until("both lines written", Duration.ofSeconds(5),
          () -> out.toString(StandardCharsets.UTF_8).lines().count() >= 2);
    } finally {
      writer.stop();
      services.close();
    }
    List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines.get(0)).contains("\"hello-reply\"");
    assertThat(lines.get(1)).contains("\"procs\"").contains("\"full\":true");
  }
}
