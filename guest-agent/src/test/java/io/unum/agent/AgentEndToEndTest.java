package io.unum.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.unum.agent.channel.UnixSocketChannel;
import io.unum.agent.protocol.ErrorCode;
import io.unum.agent.protocol.Message;
import io.unum.agent.protocol.Messages;
import io.unum.agent.protocol.Messages.Ack;
import io.unum.agent.protocol.Messages.Exec;
import io.unum.agent.protocol.Messages.Exit;
import io.unum.agent.protocol.Messages.Output;
import io.unum.agent.protocol.Messages.Started;
import io.unum.agent.protocol.Messages.Stream;
import io.unum.agent.protocol.Protocol;
import java.io.ByteArrayOutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real agent, started through the same entry point as AgentMain, on a Unix socket where
 * the test plays the orchestrator. Every test is a new host connection that begins with a sync,
 * so each one also exercises the agent's reconnect.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class AgentEndToEndTest {
  @TempDir
  static Path dir;
  static ServerSocketChannel server;
  static Agent agent;
  /** Stands in for the node's init, which powers off on SIGUSR1. */
  static Process fakeInit;

  TestHost host;

  @BeforeAll
  static void startAgent() throws Exception {
    Path socket = dir.resolve("agent.sock");
    server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    server.configureBlocking(false);
    fakeInit = new ProcessBuilder("sh", "-c",
        "trap 'exit 10' USR1; trap 'exit 12' USR2; while :; do sleep 0.05; done").start();
    agent = Agent.start(new UnixSocketChannel(socket), new Agent.Config(3, fakeInit.pid(),
        dir.resolve("local.sock"), dir.resolve("run")));
  }

  @AfterAll
  static void stopAgent() throws Exception {
    agent.close();
    server.close();
    fakeInit.destroyForcibly();
  }

  @BeforeEach
  void connect() throws Exception {
    host = new TestHost(accept());
  }

  @AfterEach
  void disconnect() throws Exception {
    host.close();
  }

  static SocketChannel accept() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (System.nanoTime() < deadline) {
      SocketChannel socket = server.accept();
      if (socket != null) {
        socket.configureBlocking(true);
        return socket;
      }
      Thread.sleep(10);
    }
    throw new AssertionError("the agent did not connect within 5 s");
  }

  @Test
  void staleGarbageBeforeSyncIsRefusedAndSyncStillWorks() throws Exception {
    host.sendRaw("half a line from an earlier host\n");
    List<Message> stale = host.sync();
    assertThat(stale).anySatisfy(message -> assertThat(message)
        .isInstanceOfSatisfying(Messages.Error.class,
            error -> assertThat(error.code()).isEqualTo(ErrorCode.MALFORMED)));
  }

  @Test
  void helloSaysWhoTheAgentIs() throws Exception {
    host.sync();
    long id = host.newId();
    host.send(new Messages.Hello(id));
    Messages.HelloReply reply = host.expect(Messages.HelloReply.class);
    assertThat(reply.id()).isEqualTo(id);
    assertThat(reply.node()).isEqualTo(3);
    assertThat(reply.protocol()).isEqualTo(Protocol.VERSION);
    assertThat(reply.kernel()).isEqualTo(Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip());
    assertThat(reply.hostname()).isNotBlank();
    assertThat(reply.agentVersion()).isEqualTo("0.1.0");
    assertThat(reply.pid()).isEqualTo(ProcessHandle.current().pid());
  }

  @Test
  void servicesAreOrderedReportedLoggedAndStopped() throws Exception {
    host.sync();
    long hello = host.newId();
    host.send(new Messages.Hello(hello));
    host.expect(Messages.HelloReply.class);
    assertThat(nextStates().services()).as("after each hello, even with nothing to say").isEmpty();

    long id = host.newId();
    Messages.ServiceOrder order = new Messages.ServiceOrder("greeter", 1,
        List.of("sh", "-c", "echo \"hi from $UNUM_SERVICE on $UNUM_NODE\"; exec sleep 300"), null, null,
        Messages.Restart.ALWAYS, 3, 100, 1000, 2000, true);
    host.send(new Messages.Services(id, 3, 2, true, List.of(order)));
    assertThat(host.next()).isEqualTo(new Messages.Ok(id));
    Messages.ServiceStatus running = awaitState(Messages.ServiceState.RUNNING);
    assertThat(running.pid()).isPositive();
    assertThat(Files.readString(dir.resolve("run/init"))).isEqualTo("holder=yes epoch=2 runlevel=3\n");
    assertThat(Files.readString(dir.resolve("run/services/greeter.pid"))).startsWith(running.pid() + " ");
    Messages.ServiceLog log = skippedLogs.isEmpty() ? nextOf(Messages.ServiceLog.class) : skippedLogs.remove(0);
    assertThat(log.name()).isEqualTo("greeter");
    assertThat(log.stream()).isEqualTo(Stream.STDOUT);
    assertThat(log.lines()).containsExactly("hi from greeter on 3");

    long stop = host.newId();
    host.send(new Messages.Services(stop, 3, 2, false, List.of()));
    assertThat(host.next()).isEqualTo(new Messages.Ok(stop));
    while (!nextStates().services().isEmpty()) {
      // stopping, then gone
    }
    assertThat(ProcessHandle.of(running.pid()).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    assertThat(dir.resolve("run/services/greeter.pid")).doesNotExist();
    assertThat(Files.readString(dir.resolve("run/init"))).isEqualTo("holder=no epoch=2 runlevel=3\n");
  }

  /** Logs that came while a test waited for states. */
  private final List<Messages.ServiceLog> skippedLogs = new ArrayList<>();

  private Messages.ServiceStates nextStates() throws Exception {
    return nextOf(Messages.ServiceStates.class);
  }

  private <T extends Message> T nextOf(Class<T> type) throws Exception {
    long deadline = System.nanoTime() + TestHost.PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      Message message = host.nextService(Duration.ofNanos(deadline - System.nanoTime()));
      if (type.isInstance(message)) {
        return type.cast(message);
      }
      if (message instanceof Messages.ServiceLog log) {
        skippedLogs.add(log);
      }
    }
    throw new AssertionError("no " + type.getSimpleName() + " within " + TestHost.PATIENCE);
  }

  private Messages.ServiceStatus awaitState(Messages.ServiceState state) throws Exception {
    while (true) {
      for (Messages.ServiceStatus status : nextStates().services()) {
        if (status.state() == state) {
          return status;
        }
      }
    }
  }

  @Test
  void execReportsTheExitCode() throws Exception {
    host.sync();
    Run run = run(new Exec(host.newId(), List.of("sh", "-c", "exit 7"), null, null, null));
    assertThat(run.exit.code()).isEqualTo(7);
    assertThat(run.stdout()).isEmpty();
  }

  @Test
  void stdoutAndStderrArriveSeparately() throws Exception {
    host.sync();
    Run run = run(new Exec(host.newId(),
        List.of("sh", "-c", "printf out; printf err >&2; printf more"), null, null, null));
    assertThat(run.stdout()).isEqualTo("outmore");
    assertThat(run.stderr()).isEqualTo("err");
    assertThat(run.exit.code()).isZero();
  }

  @Test
  void execUsesCwdAndEnvironmentOverTheAgents() throws Exception {
    host.sync();
    Run run = run(new Exec(host.newId(), List.of("sh", "-c", "pwd; echo \"$UNUM_TEST $HOME\""),
        dir.toString(), Map.of("UNUM_TEST", "hi"), null));
    assertThat(run.stdout()).isEqualTo(dir.toRealPath() + "\nhi " + System.getenv("HOME") + "\n");
  }

  @Test
  void manyExecsRunAtOnce() throws Exception {
    host.sync();
    Map<Long, Integer> wanted = new HashMap<>();
    for (int i = 0; i < 6; i++) {
      long id = host.newId();
      wanted.put(id, i);
      host.send(new Exec(id, List.of("sh", "-c", "sleep 0.3; echo " + i + "; exit " + i), null, null, null));
    }
    Map<Long, String> output = new HashMap<>();
    Map<Long, Integer> exits = new HashMap<>();
    long started = System.nanoTime();
    while (exits.size() < wanted.size()) {
      Message message = host.next();
      if (message instanceof Output out) {
        output.merge(out.id(), new String(out.data(), StandardCharsets.UTF_8), String::concat);
      } else if (message instanceof Exit exit) {
        exits.put(exit.id(), exit.code());
      }
    }
    // Six 0.3 s sleeps in well under 6 x 0.3 s: they ran side by side.
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1500));
    wanted.forEach((id, i) -> {
      assertThat(exits.get(id)).isEqualTo(i);
      assertThat(output.get(id)).isEqualTo(i + "\n");
    });
  }

  @Test
  void tenMegabytesArriveByteExactAndOnlyAsFastAsTheHostAcks() throws Exception {
    host.sync();
    Path data = dir.resolve("random.bin");
    long size = 10 << 20;
    long window = 256 << 10;
    long id = host.newId();
    host.send(new Exec(id, List.of("sh", "-c", "head -c " + size + " /dev/urandom > \"$1\" && cat \"$1\"",
        "sh", data.toString()), null, null, window));
    host.expect(Started.class);
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    long received = 0;
    while (received < window) {
      Output out = host.expect(Output.class);
      assertThat(out.stream()).isEqualTo(Stream.STDOUT);
      assertThat(out.data().length).isLessThanOrEqualTo(Protocol.MAX_OUTPUT_CHUNK_BYTES);
      digest.update(out.data());
      received += out.data().length;
    }
    // Without acks the agent stops at the window: the program waits on its full pipe.
    assertThat(received).isEqualTo(window);
    assertThat(host.poll(Duration.ofMillis(500))).isNull();

    host.send(new Ack(id, received));
    Message message;
    while ((message = host.next()) instanceof Output out) {
      digest.update(out.data());
      received += out.data().length;
      host.send(new Ack(id, out.data().length));
    }
    assertThat(message).isEqualTo(new Exit(id, 0, null));
    assertThat(received).isEqualTo(size);
    assertThat(digest.digest())
        .isEqualTo(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(data)));
  }

  @Test
  void aProgramThatCannotStartFailsNamingIt() throws Exception {
    host.sync();
    long id = host.newId();
    host.send(new Exec(id, List.of("nosuch-program", "x"), null, null, null));
    Messages.Error error = host.expect(Messages.Error.class);
    assertThat(error.id()).isEqualTo(id);
    assertThat(error.code()).isEqualTo(ErrorCode.FAILED);
    assertThat(error.message()).isEqualTo("cannot run 'nosuch-program': No such file or directory");
  }

  @Test
  void malformedLineIsRefusedAndTheLinkStaysUp() throws Exception {
    host.sync();
    host.sendRaw("{not json\n");
    Messages.Error error = host.expect(Messages.Error.class);
    assertThat(error.code()).isEqualTo(ErrorCode.MALFORMED);
    assertThat(error.id()).isNull();
    assertHelloWorks();
  }

  @Test
  void oversizedLineIsRefusedAndTheLinkStaysUp() throws Exception {
    host.sync();
    byte[] line = new byte[2 << 20];
    java.util.Arrays.fill(line, (byte) 'x');
    line[line.length - 1] = '\n';
    host.sendBytes(line);
    Messages.Error error = host.expect(Messages.Error.class);
    assertThat(error.code()).isEqualTo(ErrorCode.TOO_LARGE);
    assertThat(error.message()).contains(String.valueOf(line.length - 1));
    assertHelloWorks();
  }

  @Test
  void unknownTypeIsRefusedWithItsId() throws Exception {
    host.sync();
    host.sendRaw("{\"type\":\"format-disk\",\"id\":77}\n");
    Messages.Error error = host.expect(Messages.Error.class);
    assertThat(error.code()).isEqualTo(ErrorCode.UNKNOWN_TYPE);
    assertThat(error.id()).isEqualTo(77L);
    assertThat(error.message()).contains("format-disk");
  }

  @Test
  void messagesOnlyTheAgentSendsAreUnsupported() throws Exception {
    host.sync();
    host.send(new Messages.Ok(78L));
    host.send(new Messages.HelloReply(79L, 1, "h", "k", "v", 1, 1));
    Messages.Error first = host.expect(Messages.Error.class);
    Messages.Error second = host.expect(Messages.Error.class);
    assertThat(first.code()).isEqualTo(ErrorCode.UNSUPPORTED);
    assertThat(first.id()).isEqualTo(78L);
    assertThat(first.message()).contains("'ok'");
    assertThat(second.message()).contains("'hello-reply'");
  }

  @Test
  void anErrorFromTheHostIsNeverAnsweredWithAnError() throws Exception {
    host.sync();
    host.send(new Messages.Error(5L, ErrorCode.MALFORMED, "your line was bad"));
    assertHelloWorks();
  }

  @Test
  void badFieldsAreNamed() throws Exception {
    host.sync();
    host.sendRaw("{\"type\":\"signal\",\"id\":80,\"pid\":1234,\"signal\":65}\n");
    Messages.Error error = host.expect(Messages.Error.class);
    assertThat(error.code()).isEqualTo(ErrorCode.BAD_REQUEST);
    assertThat(error.id()).isEqualTo(80L);
    assertThat(error.message()).contains("signal").contains("0..64");
    host.sendRaw("{\"type\":\"exec\",\"id\":81,\"argv\":[\"true\"],\"env\":{\"A=B\":\"c\"}}\n");
    error = host.expect(Messages.Error.class);
    assertThat(error.code()).isEqualTo(ErrorCode.BAD_REQUEST);
    assertThat(error.message()).contains("env");
  }

  @Test
  void ackForAnUnknownExecIsIgnored() throws Exception {
    host.sync();
    host.send(new Ack(999_999L, 100));
    assertHelloWorks();
  }

  @Test
  void signalEndsAProcessStartedByExec() throws Exception {
    host.sync();
    long id = host.newId();
    host.send(new Exec(id, List.of("sleep", "30"), null, null, null));
    Started started = host.expect(Started.class);
    long signalId = host.newId();
    host.send(new Messages.Signal(signalId, started.pid(), 15));
    List<Message> replies = List.of(host.next(), host.next());
    assertThat(replies).anySatisfy(m -> assertThat(m).isEqualTo(new Messages.Ok(signalId)));
    assertThat(replies).anySatisfy(m -> assertThat(m).isEqualTo(new Exit(id, 143, null)));
  }

  @Test
  void signalToAMissingProcessFails() throws Exception {
    host.sync();
    long pid = deadPid();
    long id = host.newId();
    host.send(new Messages.Signal(id, pid, 15));
    Messages.Error error = host.expect(Messages.Error.class);
    assertThat(error.code()).isEqualTo(ErrorCode.NO_SUCH_PROCESS);
    assertThat(error.message()).isEqualTo("no such process " + pid);
  }

  @Test
  void aSignalFromAnotherUserIsCheckedAsTheKernelWould() throws Exception {
    host.sync();
    long id = host.newId();
    host.send(new Exec(id, List.of("sleep", "30"), null, null, null));
    Started started = host.expect(Started.class);
    long refused = host.newId();
    long ownUid = uidOf(ProcessHandle.current().pid());
    long other = ownUid == 0 ? 4242 : 0;
    host.send(new Messages.Signal(refused, started.pid(), 15, new Messages.Sender(other, other, false)));
    Messages.Error error = host.expect(Messages.Error.class);
    assertThat(error).isEqualTo(new Messages.Error(refused, ErrorCode.NOT_PERMITTED, "operation not permitted"));
    long probe = host.newId();
    host.send(new Messages.Signal(probe, started.pid(), 0, new Messages.Sender(other, ownUid, false)));
    assertThat(host.next()).as("signal 0 with a matching effective uid").isEqualTo(new Messages.Ok(probe));
    long sent = host.newId();
    host.send(new Messages.Signal(sent, started.pid(), 15, new Messages.Sender(other, other, true)));
    List<Message> replies = List.of(host.next(), host.next());
    assertThat(replies).as("CAP_KILL passes").contains(new Messages.Ok(sent), new Exit(id, 143, null));
  }

  @Test
  void theLocalSocketRunsACommandThroughTheHost() throws Exception {
    host.sync();
    try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(dir.resolve("local.sock")))) {
      client.write(StandardCharsets.UTF_8.encode("cli 2\n2\nps3\n-ef"));
      Messages.Cli cli = host.expect(Messages.Cli.class);
      assertThat(cli.argv()).containsExactly("ps", "-ef");
      assertThat(cli.uid()).isEqualTo(uidOf(ProcessHandle.current().pid()));
      host.send(new Output(cli.id(), Stream.STDOUT, "PID\n".getBytes(StandardCharsets.UTF_8)));
      host.send(new Output(cli.id(), Stream.STDERR, "warn".getBytes(StandardCharsets.UTF_8)));
      host.send(new Exit(cli.id(), 3, null));
      assertThat(new String(java.nio.channels.Channels.newInputStream(client).readAllBytes(), StandardCharsets.UTF_8))
          .isEqualTo("out 4\nPID\nerr 4\nwarnexit 3\n");
    }
  }

  @Test
  void theLocalSocketRefusesABadRequestAndASignalFromANonRootCaller() throws Exception {
    host.sync();
    try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(dir.resolve("local.sock")))) {
      client.write(StandardCharsets.UTF_8.encode("cli -3\n"));
      assertThat(new String(java.nio.channels.Channels.newInputStream(client).readAllBytes(), StandardCharsets.UTF_8))
          .startsWith("err ").contains("argument count").endsWith("exit 3\n");
    }
    try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(dir.resolve("local.sock")))) {
      client.write(StandardCharsets.UTF_8.encode("signal 131075 15 0 0 1\n"));
      if (uidOf(ProcessHandle.current().pid()) == 0) {
        Messages.RemoteSignal request = host.expect(Messages.RemoteSignal.class);
        assertThat(request.pid()).isEqualTo(131075);
        assertThat(request.sender()).isEqualTo(new Messages.Sender(0, 0, true));
        host.send(new Messages.Error(request.id(), ErrorCode.NOT_PERMITTED, "operation not permitted"));
        assertThat(new String(java.nio.channels.Channels.newInputStream(client).readAllBytes(), StandardCharsets.UTF_8))
            .as("EPERM's verdict").isEqualTo("exit 2\n");
      } else {
        assertThat(new String(java.nio.channels.Channels.newInputStream(client).readAllBytes(), StandardCharsets.UTF_8))
            .as("only root speaks for the kernel").isEqualTo("exit 2\n");
      }
    }
  }

  private static long uidOf(long pid) throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("Uid:")) {
        return Long.parseLong(line.substring(4).trim().split("\\s+")[0]);
      }
    }
    throw new AssertionError("no Uid line");
  }

  @Test
  void poweroffRepliesThenSignalsInit() throws Exception {
    host.sync();
    long id = host.newId();
    host.send(new Messages.Poweroff(id, false));
    assertThat(host.next()).isEqualTo(new Messages.Ok(id));
    assertThat(fakeInit.waitFor(5, TimeUnit.SECONDS)).isTrue();
    assertThat(fakeInit.exitValue()).isEqualTo(10);
  }

  @Test
  void aNewSessionOrphansTheExecsOfTheLastOne() throws Exception {
    host.sync();
    long quiet = host.newId();
    host.send(new Exec(quiet, List.of("sh", "-c", "sleep 0.5; echo late"), null, null, null));
    long flood = host.newId();
    // 5 MB through a 1 KiB window: blocked on acks when the host goes away.
    host.send(new Exec(flood, List.of("head", "-c", "5000000", "/dev/zero"), null, null, 1024L));
    host.expect(Started.class);
    long floodPid = host.expect(Started.class).pid();
    host.close();

    host = new TestHost(accept());
    host.sync();
    assertHelloWorks();
    // The orphan drains its pipe without acks, so it ends; nothing of it reaches the new host.
    ProcessHandle orphan = ProcessHandle.of(floodPid).orElse(null);
    if (orphan != null) {
      orphan.onExit().get(5, TimeUnit.SECONDS);
    }
    Message message;
    while ((message = host.poll(Duration.ofMillis(800))) != null) {
      assertThat(message.id()).isNotIn(quiet, flood);
    }
  }

  @Test
  void aHelloIsFollowedByAFullProcessReportAndThenByWhatChanged() throws Exception {
    host.sync();
    host.send(new Messages.Hello(host.newId()));
    host.expect(Messages.HelloReply.class);
    Messages.Procs full = host.nextReport(Duration.ofSeconds(3));
    while (full != null && !full.full()) {
      full = host.nextReport(Duration.ofSeconds(3)); // deltas of the session before
    }
    assertThat(full).as("a full report after hello").isNotNull();
    assertThat(full.upsert()).extracting(Messages.Proc::pid).contains(ProcessHandle.current().pid());
    long id = host.newId();
    host.send(new Exec(id, List.of("sleep", "3"), null, null, null));
    long pid = host.expect(Messages.Started.class).pid();
    Messages.Procs delta = host.nextReport(Duration.ofSeconds(3));
    while (delta != null && delta.upsert().stream().noneMatch(p -> p.pid() == pid)) {
      delta = host.nextReport(Duration.ofSeconds(3));
    }
    assertThat(delta).as("a report with the new process").isNotNull();
    assertThat(delta.upsert()).filteredOn(p -> p.pid() == pid).singleElement()
        .satisfies(p -> assertThat(p.cmd()).isEqualTo("sleep 3"));
  }

  @Test
  void heartbeatsArriveEverySecondWithSaneNumbers() throws Exception {
    host.sync();
    host.clearBeats();
    long started = System.nanoTime();
    Messages.Heartbeat first = host.nextBeat(Duration.ofMillis(1500));
    Messages.Heartbeat second = host.nextBeat(Duration.ofMillis(1500));
    Messages.Heartbeat third = host.nextBeat(Duration.ofMillis(1500));
    long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
    assertThat(elapsedMillis).isBetween(1500L, 3500L);
    assertThat(second.seq()).isEqualTo(first.seq() + 1);
    assertThat(third.seq()).isEqualTo(second.seq() + 1);
    assertThat(third.uptimeSeconds()).isGreaterThan(first.uptimeSeconds());
    for (Messages.Heartbeat beat : List.of(first, second, third)) {
      assertThat(beat.id()).isNull();
      assertThat(beat.memTotalKiB()).isPositive();
      assertThat(beat.memAvailableKiB()).isBetween(1L, beat.memTotalKiB());
      assertThat(beat.processes()).isPositive();
      assertThat(beat.cpuPercent()).isBetween(0.0, 100.0);
      assertThat(beat.load1()).isNotNegative();
      assertThat(beat.load15()).isNotNegative();
    }
  }

  private void assertHelloWorks() throws Exception {
    long id = host.newId();
    host.send(new Messages.Hello(id));
    assertThat(host.expect(Messages.HelloReply.class).id()).isEqualTo(id);
  }

  /** What one exec said, acking as it goes. */
  private record Run(Exit exit, ByteArrayOutputStream out, ByteArrayOutputStream err) {
    String stdout() {
      return out.toString(StandardCharsets.UTF_8);
    }

    String stderr() {
      return err.toString(StandardCharsets.UTF_8);
    }
  }

  private Run run(Exec exec) throws Exception {
    host.send(exec);
    host.expect(Started.class);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<Message> seen = new ArrayList<>();
    while (true) {
      Message message = host.next();
      seen.add(message);
      assertThat(message.id()).isEqualTo(exec.id());
      if (message instanceof Exit exit) {
        return new Run(exit, out, err);
      }
      Output output = (Output) message;
      (output.stream() == Stream.STDOUT ? out : err).writeBytes(output.data());
      host.send(new Ack(exec.id(), output.data().length));
    }
  }

  private static long deadPid() {
    for (long pid = 32_000; pid > 1000; pid--) {
      if (ProcessHandle.of(pid).isEmpty()) {
        return pid;
      }
    }
    throw new AssertionError("no free pid");
  }
}
