package io.unum.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.unum.agent.protocol.Message;
import io.unum.agent.protocol.Messages;
import io.unum.agent.protocol.Messages.Ack;
import io.unum.agent.protocol.Messages.Exec;
import io.unum.agent.protocol.Messages.Output;
import io.unum.agent.protocol.Protocol;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The shaded jar as the node runs it: a JVM of its own, with a small heap, stopped by SIGTERM. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class AgentJarIT {
  private static final Pattern READY = Pattern.compile("unum-agent: ready on (\\S+) in (\\d+) ms");

  @TempDir
  Path dir;

  @Test
  void jarServesStreamsWithinASmallHeapAndStopsOnSigterm() throws Exception {
    Path socket = dir.resolve("agent.sock");
    Path log = dir.resolve("agent.log");
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(socket));
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      // 16 MiB of heap for 20 MiB of output, half of it held up by a host that stops acking.
      Process agent = new ProcessBuilder(java, "-Xmx16m", "-jar", System.getProperty("unum.agent.jar"),
          "--port", socket.toString(), "--node", "7")
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      try (TestHost host = new TestHost(server.accept())) {
        host.sync();
        long id = host.newId();
        host.send(new Messages.Hello(id));
        Messages.HelloReply hello = host.expect(Messages.HelloReply.class);
        assertThat(hello.node()).isEqualTo(7);
        assertThat(hello.agentVersion()).isEqualTo("0.1.0");
        assertThat(hello.pid()).isEqualTo(agent.pid());

        long exec = host.newId();
        long size = 20 << 20;
        host.send(new Exec(exec, List.of("head", "-c", Long.toString(size), "/dev/zero"), null, null, null));
        host.expect(Messages.Started.class);
        long received = 0;
        boolean paused = false;
        Message message;
        while ((message = host.next()) instanceof Output out) {
          received += out.data().length;
          if (!paused && received >= size / 2) {
            // Everything sent so far is acked except this chunk: a stalled host gets no more
            // than one window.
            paused = true;
            long stalled = 0;
            Message more;
            while ((more = host.poll(Duration.ofMillis(500))) instanceof Output extra) {
              stalled += extra.data().length;
            }
            assertThat(more).isNull();
            assertThat(stalled + out.data().length).isLessThanOrEqualTo(Protocol.DEFAULT_WINDOW_BYTES);
            received += stalled;
            host.send(new Ack(exec, stalled));
          }
          host.send(new Ack(exec, out.data().length));
        }
        assertThat(message).isEqualTo(new Messages.Exit(exec, 0, null));
        assertThat(paused).isTrue();
        assertThat(received).isEqualTo(size);
      }

      agent.destroy(); // SIGTERM
      assertThat(agent.waitFor(10, TimeUnit.SECONDS)).isTrue();
      String said = Files.readString(log, StandardCharsets.UTF_8);
      assertThat(said).contains("unum-agent: stopping").doesNotContain("Exception");
      Matcher ready = READY.matcher(said);
      assertThat(ready.find()).as("ready line in:\n" + said).isTrue();
      assertThat(ready.group(1)).isEqualTo(socket.toString());
      System.out.println("agent jar start-up: ready in " + ready.group(2) + " ms");
    }
  }
}
