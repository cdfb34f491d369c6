package io.unum.orchestrator.agentlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unum.agent.protocol.LineReader;
import io.unum.agent.protocol.Message;
import io.unum.agent.protocol.MessageCodec;
import io.unum.agent.protocol.Messages;
import io.unum.agent.protocol.Protocol;
import io.unum.orchestrator.testing.Await;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The link against a scripted agent on a unix socket (QEMU's role of serving the socket is
 * played by the test). The real agent is exercised end to end in guest-agent's tests and in
 * the VM integration tests.
 */
@Timeout(30)
class AgentLinkTest {
  @TempDir
  Path dir;

  private final MessageCodec codec = new MessageCodec();
  private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
  private ServerSocketChannel server;
  private AgentLink link;

  private final AgentListener listener = new AgentListener() {
    @Override
    public void onReady(int node, Messages.HelloReply hello) {
      events.add("ready " + hello.hostname());
    }

    @Override
    public void onHeartbeat(int node, Messages.Heartbeat heartbeat) {
      events.add("beat " + heartbeat.seq());
    }

    @Override
    public boolean onProcesses(int node, Messages.Procs report) {
      events.add("procs " + report.seq());
      return report.seq() != 666;
    }

    @Override
    public void onServiceStates(int node, Messages.ServiceStates report) {
      events.add("services " + report.services().size());
    }

    @Override
    public void onServiceLog(int node, Messages.ServiceLog log) {
      events.add("log " + log.name() + " " + log.lines());
    }

    @Override
    public void onRefusedLine(int node, String why) {
      events.add("refused " + why);
    }

    @Override
    public void onLost(int node, String why) {
      events.add("lost " + why);
    }
  };

  /** The test's end of the channel: reads what the link sends, writes what an agent would. */
  private final class FakeAgent implements AutoCloseable {
    final SocketChannel channel;
    final LineReader lines;

    FakeAgent(SocketChannel channel) {
      this.channel = channel;
      this.lines = new LineReader(Channels.newInputStream(channel), Protocol.MAX_LINE_BYTES);
    }

    Message read() throws Exception {
      String line = lines.next().text();
      while (line.isEmpty()) {
        line = lines.next().text(); // the link ends stale partial lines before each sync
      }
      return codec.decode(line);
    }

    void send(Message message) throws IOException {
      sendRaw(codec.encode(message));
    }

    void sendRaw(String line) throws IOException {
      ByteBuffer bytes = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
    }

    /** Answers sync and hello the way the real agent does. */
    void handshake(String hostname) throws Exception {
      Messages.Sync sync = (Messages.Sync) read();
      send(new Messages.Synced(sync.id(), sync.nonce()));
      Messages.Hello hello = (Messages.Hello) read();
      send(new Messages.HelloReply(hello.id(), 2, hostname, "6.1", "0.1.0", Protocol.VERSION, 99));
      assertThat(events.poll(5, TimeUnit.SECONDS)).isEqualTo("ready " + hostname);
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }

  @BeforeEach
  void listen() throws IOException {
    Path socket = dir.resolve("agent.sock");
    server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    link = new AgentLink(2, socket, listener, codec);
    link.start();
  }

  @AfterEach
  void close() throws IOException {
    link.close();
    server.close();
  }

  private FakeAgent accept() throws IOException {
    return new FakeAgent(server.accept());
  }

  @Test
  void staleLinesBeforeTheSyncAnswerAreDropped() throws Exception {
    try (FakeAgent agent = accept()) {
      Messages.Sync sync = (Messages.Sync) agent.read();
      agent.send(new Messages.Ok(77L));            // left over from an earlier session
      agent.send(new Messages.Synced(1L, "old-nonce"));
      agent.sendRaw("garbage that is not json");
      assertThat(link.isReady()).isFalse();
      agent.send(new Messages.Synced(sync.id(), sync.nonce()));
      Messages.Hello hello = (Messages.Hello) agent.read();
      agent.send(new Messages.HelloReply(hello.id(), 2, "node2", "6.1", "0.1.0", 1, 5));
      assertThat(events.poll(5, TimeUnit.SECONDS)).isEqualTo("ready node2");
      assertThat(link.isReady()).isTrue();
    }
  }

  @Test
  void anAgentSlowerThanTheSyncRetryIsStillHeard() throws Exception {
    try (FakeAgent agent = accept()) {
      Messages.Sync first = (Messages.Sync) agent.read();
      // The link retries every second (AgentLinks' timer ticks it); this agent answers only
      // after two retries went out, as a busy guest's agent does.
      link.tick(System.nanoTime() + 2_000_000_000L);
      Messages.Sync second = (Messages.Sync) agent.read();
      link.tick(System.nanoTime() + 2_000_000_000L);
      Messages.Sync third = (Messages.Sync) agent.read();
      assertThat(List.of(second.nonce(), third.nonce())).containsOnly(first.nonce());
      agent.send(new Messages.Synced(first.id(), first.nonce()));
      Messages.Hello hello = (Messages.Hello) agent.read();
      agent.send(new Messages.HelloReply(hello.id(), 2, "node2", "6.1", "0.1.0", 1, 5));
      assertThat(events.poll(5, TimeUnit.SECONDS)).isEqualTo("ready node2");
    }
  }

  @Test
  void aConnectionWhereTheHandshakeGoesUnansweredIsReplacedSoonThenLessOften() throws Exception {
    long first = AgentLink.FIRST_HANDSHAKE_NANOS;
    try (FakeAgent deaf = accept()) {
      deaf.read(); // the sync arrives, and is never answered
      long connected = System.nanoTime();
      link.tick(connected + first - 500_000_000L);
      assertThat(deaf.read()).as("still this connection: the sync is sent again").isInstanceOf(Messages.Sync.class);
      link.tick(connected + first + 1);
      try (FakeAgent deafAgain = accept()) {
        deafAgain.read();
        long again = System.nanoTime();
        link.tick(again + first + 1);
        assertThat(deafAgain.read()).as("the second connection gets twice as long").isInstanceOf(Messages.Sync.class);
        link.tick(again + 2 * first + 1);
        try (FakeAgent agent = accept()) {
          agent.handshake("node2");
        }
      }
    }
  }

  @Test
  void aGuestHeldPausedIsWaitedForAndThenGivenTheShortDeadline() throws Exception {
    long first = AgentLink.FIRST_HANDSHAKE_NANOS;
    link.guestHeld(); // an incoming migration: the guest cannot answer until it runs here
    try (FakeAgent paused = accept()) {
      paused.read();
      link.tick(System.nanoTime() + 10 * first);
      assertThat(paused.read()).as("no reconnect while held: the sync is sent again").isInstanceOf(Messages.Sync.class);
      link.guestRuns();
      long resumed = System.nanoTime();
      link.tick(resumed + first + 1);
      try (FakeAgent agent = accept()) {
        agent.handshake("node2");
      }
    }
  }

  @Test
  void garbageAndRefusedReportsMakeTheLinkAskForAFullReportOnce() throws Exception {
    try (FakeAgent agent = accept()) {
      agent.handshake("node2");
      agent.sendRaw("{\"type\":\"procs\",\"seq\":\"x\"}");
      assertThat(events.poll(5, TimeUnit.SECONDS)).startsWith("refused bad-request: procs: field 'seq'");
      Messages.Hello again = (Messages.Hello) agent.read();
      agent.send(new Messages.Procs(null, 666, false, List.of(), List.of()));
      assertThat(events.poll(5, TimeUnit.SECONDS)).isEqualTo("procs 666");
      // Refused while the first ask was out: that ask's full report covers it, no second hello.
      agent.send(new Messages.HelloReply(again.id(), 2, "node2", "6.1", "0.1.0", Protocol.VERSION, 99));
      agent.send(new Messages.Procs(null, 666, false, List.of(), List.of()));
      assertThat(events.poll(5, TimeUnit.SECONDS)).isEqualTo("procs 666");
      Messages.Hello oncemore = (Messages.Hello) agent.read();
      assertThat(oncemore.id()).as("asked again once the first was answered").isGreaterThan(again.id());
      assertThat(link.isReady()).isTrue();
    }
  }

  @Test
  void anAgentRequestIsServedAndAnsweredOnTheSameConnection() throws Exception {
    try (FakeAgent agent = accept()) {
      agent.handshake("node2");
      agent.send(new Messages.Cli(5L, List.of("ps"), 1000, 1000));
      assertThat(agent.read()).as("nobody serves requests yet")
          .isEqualTo(new Messages.Error(5L, io.unum.agent.protocol.ErrorCode.FAILED, "the host is still starting; try again"));
    }
  }

  @Test
  void aGuestThatStopsReadingNeverBlocksTheCallerAndIsDroppedAfterTheWriteDeadline() throws Exception {
    try (FakeAgent agent = accept()) {
      agent.handshake("node2");
      // The agent reads nothing from now on: its socket fills, then the writer's queue.
      String big = "x".repeat(60_000);
      int refused = 0;
      long t0 = System.nanoTime();
      for (int i = 0; i < LineWriter.MAX_LINES + 100 && refused == 0; i++) {
        try {
          link.request(id -> new Messages.Cli(id, List.of(big), 0, 0));
        } catch (AgentUnavailableException e) {
          assertThat(e).hasMessageContaining("is not reading its channel");
          refused++;
        }
      }
      assertThat(refused).as("a full queue refuses the request at once").isEqualTo(1);
      assertThat((System.nanoTime() - t0) / 1_000_000).as("ms the caller spent").isLessThan(5_000);
      Await.until("the link to give up the connection", Duration.ofNanos(AgentLink.WRITE_DEADLINE_NANOS).plusSeconds(5),
          () -> {
            link.tick(System.nanoTime());
            return !link.isReady();
          });
    }
  }

  @Test
  void requestsAreMatchedToTheirRepliesById() throws Exception {
    try (FakeAgent agent = accept()) {
      agent.handshake("node2");
      CompletableFuture<Message> first = link.request(id -> new Messages.Signal(id, 10, 15));
      CompletableFuture<Message> second = link.request(id -> new Messages.Signal(id, 11, 9));
      Message a = agent.read();
      Message b = agent.read();
      agent.send(new Messages.Error(b.id(), io.unum.agent.protocol.ErrorCode.FAILED, "no such process 11"));
      agent.send(new Messages.Ok(a.id()));
      assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo(new Messages.Ok(a.id()));
      assertThatThrownBy(() -> second.get(5, TimeUnit.SECONDS)).hasRootCauseMessage("no such process 11");
    }
  }

  @Test
  void anAgentThatSendsMoreOutputThanItsWindowHasTheProgramCutOff() throws Exception {
    try (FakeAgent agent = accept()) {
      agent.handshake("node2");
      CompletableFuture<String> error = new CompletableFuture<>();
      java.util.concurrent.atomic.AtomicLong held = new java.util.concurrent.atomic.AtomicLong();
      link.exec(List.of("yes"), Map.of(), new ExecListener() {
        @Override
        public void onStarted(long pid) { }

        @Override
        public void onOutput(Messages.Stream stream, byte[] data, Runnable done) {
          held.addAndGet(data.length); // never consumed: a slow client
        }

        @Override
        public void onExit(int code) {
          error.complete("exit " + code);
        }

        @Override
        public void onError(String message) {
          error.complete(message);
        }
      });
      Messages.Exec exec = (Messages.Exec) agent.read();
      byte[] chunk = new byte[io.unum.agent.protocol.Protocol.MAX_OUTPUT_CHUNK_BYTES];
      for (long sent = 0; sent <= io.unum.agent.protocol.Protocol.DEFAULT_WINDOW_BYTES; sent += chunk.length) {
        agent.send(new Messages.Output(exec.id(), Messages.Stream.STDOUT, chunk));
      }
      assertThat(error.get(5, TimeUnit.SECONDS)).contains("more output than");
      assertThat(held.get()).as("what the host took in").isEqualTo(io.unum.agent.protocol.Protocol.DEFAULT_WINDOW_BYTES);
    }
  }

  @Test
  void execStreamsOutputAndAcksOnlyWhatWasConsumed() throws Exception {
    try (FakeAgent agent = accept()) {
      agent.handshake("node2");
      BlockingQueue<Runnable> consumed = new LinkedBlockingQueue<>();
      CompletableFuture<Integer> exit = new CompletableFuture<>();
      StringBuilder out = new StringBuilder();
      link.exec(List.of("echo", "hi"), Map.of(), new ExecListener() {
        @Override
        public void onStarted(long pid) {
          events.add("started " + pid);
        }

        @Override
        public void onOutput(Messages.Stream stream, byte[] data, Runnable done) {
          out.append(new String(data, StandardCharsets.UTF_8));
          consumed.add(done);
        }

        @Override
        public void onExit(int code) {
          exit.complete(code);
        }

        @Override
        public void onError(String message) {
          exit.completeExceptionally(new IllegalStateException(message));
        }
      });
      Messages.Exec exec = (Messages.Exec) agent.read();
      assertThat(exec.argv()).containsExactly("echo", "hi");
      agent.send(new Messages.Started(exec.id(), 4242));
      agent.send(new Messages.Output(exec.id(), Messages.Stream.STDOUT, "hi\n".getBytes(StandardCharsets.UTF_8)));
      assertThat(events.poll(5, TimeUnit.SECONDS)).isEqualTo("started 4242");
      consumed.poll(5, TimeUnit.SECONDS).run();
      assertThat(agent.read()).isEqualTo(new Messages.Ack(exec.id(), 3));
      agent.send(new Messages.Exit(exec.id(), 7, null));
      assertThat(exit.get(5, TimeUnit.SECONDS)).isEqualTo(7);
      assertThat(out).hasToString("hi\n");
    }
  }

  @Test
  void aRestartedAgentIsNoticedAndSyncedAgain() throws Exception {
    try (FakeAgent agent = accept()) {
      agent.handshake("node2");
      agent.send(new Messages.Heartbeat(null, 5, 1, 0, 0, 0, 0, 1000, 500, 3));
      assertThat(events.poll(5, TimeUnit.SECONDS)).isEqualTo("beat 5");
      CompletableFuture<Message> pending = link.request(id -> new Messages.Signal(id, 10, 15));
      agent.read();
      // A new agent process starts counting again; the old one's request is lost with it.
      agent.send(new Messages.Heartbeat(null, 1, 1, 0, 0, 0, 0, 1000, 500, 3));
      assertThat(events.poll(5, TimeUnit.SECONDS)).startsWith("lost agent restarted");
      assertThatThrownBy(() -> pending.get(5, TimeUnit.SECONDS)).hasMessageContaining("lost");
      assertThat(link.isReady()).isFalse();
      agent.handshake("node2");
      assertThat(link.isReady()).isTrue();
    }
  }

  @Test
  void aDroppedConnectionIsReestablished() throws Exception {
    try (FakeAgent agent = accept()) {
      agent.handshake("node2");
    }
    assertThat(events.poll(5, TimeUnit.SECONDS)).startsWith("lost");
    assertThatThrownBy(() -> link.request(id -> new Messages.Hello(id)))
        .isInstanceOf(AgentUnavailableException.class);
    try (FakeAgent again = accept()) {
      again.handshake("node2");
      assertThat(link.isReady()).isTrue();
    }
  }
}
