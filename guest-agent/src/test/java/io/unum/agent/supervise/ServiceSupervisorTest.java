package io.unum.agent.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import io.unum.agent.protocol.Message;
import io.unum.agent.protocol.Messages.Restart;
import io.unum.agent.protocol.Messages.ServiceLog;
import io.unum.agent.protocol.Messages.ServiceOrder;
import io.unum.agent.protocol.Messages.ServiceState;
import io.unum.agent.protocol.Messages.ServiceStates;
import io.unum.agent.protocol.Messages.ServiceStatus;
import io.unum.agent.protocol.Messages.Stream;
import io.unum.agent.protocol.Messages;
import io.unum.agent.protocol.Protocol;
import io.unum.agent.services.SignalSender;
import io.unum.agent.testing.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The supervisor with real processes (setsid, setpriv and kill of util-linux and procps), its
 * files in a temporary directory, and a list in place of the link.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ServiceSupervisorTest {
  private static final int NODE = 7;
  private static final Duration PATIENCE = Duration.ofSeconds(5);

  @TempDir
  Path dir;
  private final List<Message> sent = new CopyOnWriteArrayList<>();
  /** Holds up the log shipper while closed, as a host that does not read would. */
  private volatile CountDownLatch logGate = new CountDownLatch(0);
  private final ProcessGroups groups = new ProcessGroups(Path.of("/proc"));
  private final List<Process> strays = new ArrayList<>();
  private ServiceSupervisor supervisor;
  private long nextId = 1;

  @BeforeEach
  void start() {
    supervisor = newSupervisor();
    supervisor.start();
  }

  @AfterEach
  void stopEverything() throws Exception {
    logGate.countDown();
    supervisor.apply(services(false, List.of()));
    Await.until("every service gone", PATIENCE, () -> supervisor.snapshot().isEmpty());
    supervisor.close();
    for (Process stray : strays) {
      stray.destroyForcibly();
    }
  }

  private ServiceSupervisor newSupervisor() {
    SupervisorConfig config = new SupervisorConfig(NODE, dir.resolve("init"), dir.resolve("services"),
        Path.of("/etc/passwd"), Path.of("/proc"), System.getenv("PATH"));
    return new ServiceSupervisor(config, new SignalSender(), message -> {
      if (message instanceof ServiceLog) {
        try {
          logGate.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      sent.add(message);
    });
  }

  private static ServiceOrder order(String name, long revision, Restart restart, int limit, boolean start,
      String... argv) {
    return new ServiceOrder(name, revision, List.of(argv), null, null, restart, limit, 50, 1000, 500, start);
  }

  private Messages.Services services(boolean init, List<ServiceOrder> orders) {
    return new Messages.Services(nextId++, 3, 4, init, orders);
  }

  private void apply(ServiceOrder... orders) {
    supervisor.apply(services(false, List.of(orders)));
  }

  private ServiceStatus await(String name, Predicate<ServiceStatus> wanted) throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    ServiceStatus last = null;
    while (System.nanoTime() < deadline) {
      last = status(name);
      if (last != null && wanted.test(last)) {
        return last;
      }
      Thread.sleep(10);
    }
    throw new AssertionError(name + " did not get there within " + PATIENCE + "; last " + last);
  }

  private ServiceStatus await(String name, ServiceState state) throws InterruptedException {
    return await(name, status -> status.state() == state);
  }

  private ServiceStatus status(String name) {
    return supervisor.snapshot().stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
  }

  private List<ServiceStates> reports() {
    return sent.stream().filter(ServiceStates.class::isInstance).map(ServiceStates.class::cast).toList();
  }

  /** Every state {@code name} was reported in, in order, without repeats in a row. */
  private List<ServiceState> reportedStates(String name) {
    List<ServiceState> states = new ArrayList<>();
    for (ServiceStates report : reports()) {
      for (ServiceStatus status : report.services()) {
        if (status.name().equals(name) && (states.isEmpty() || states.get(states.size() - 1) != status.state())) {
          states.add(status.state());
        }
      }
    }
    return states;
  }

  private List<ServiceLog> logs(String name, Stream stream) {
    return sent.stream().filter(ServiceLog.class::isInstance).map(ServiceLog.class::cast)
        .filter(log -> log.name().equals(name) && log.stream() == stream).toList();
  }

  private List<String> lines(String name, Stream stream) {
    return logs(name, stream).stream().flatMap(log -> log.lines().stream()).toList();
  }

  /** Whether {@code pid} runs: a zombie does not (PID 1 here may be slow to reap orphans). */
  private static boolean alive(long pid) {
    try {
      return !stat(pid).startsWith("Z");
    } catch (java.io.IOException e) {
      return false;
    }
  }

  private static String stat(long pid) throws java.io.IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    return stat.substring(stat.lastIndexOf(')') + 2);
  }

  @Test
  void aServiceRunsInItsOwnGroupWithAPidFileAndStopsWhenNoLongerOrdered() throws Exception {
    apply(order("sleeper", 1, Restart.ALWAYS, 3, true, "sleep", "300"));
    ServiceStatus running = await("sleeper", ServiceState.RUNNING);
    long pid = running.pid();
    assertThat(pid).isPositive();
    assertThat(running.revision()).isEqualTo(1);
    assertThat(running.restarts()).isZero();
    assertThat(stat(pid).split(" ")[2]).as("its own process group").isEqualTo(Long.toString(pid));
    assertThat(Files.readString(dir.resolve("services/sleeper.pid")))
        .isEqualTo(pid + " " + groups.startTicks(pid) + "\n");
    Await.until("a report of it running", PATIENCE, () -> reportedStates("sleeper").contains(ServiceState.RUNNING));

    apply();
    Await.until("it left", PATIENCE, () -> status("sleeper") == null);
    assertThat(alive(pid)).isFalse();
    assertThat(dir.resolve("services/sleeper.pid")).doesNotExist();
    Await.until("a report without it", PATIENCE, () -> {
      List<ServiceStates> all = reports();
      return all.get(all.size() - 1).services().stream().noneMatch(s -> s.name().equals("sleeper"));
    });
    assertThat(reportedStates("sleeper")).containsSubsequence(ServiceState.RUNNING, ServiceState.STOPPING);
  }

  @Test
  void aServiceThatKeepsFailingHitsItsLimitWithItsLastOutput() throws Exception {
    apply(order("crasher", 1, Restart.ON_FAILURE, 2, true, "sh", "-c", "echo boom; exit 3"));
    ServiceStatus failed = await("crasher", ServiceState.FAILED);
    assertThat(failed.restarts()).isEqualTo(2);
    assertThat(failed.exitCode()).isEqualTo(3);
    assertThat(failed.pid()).isZero();
    assertThat(failed.lastOutput()).containsExactly("boom");
    assertThat(failed.message()).isEqualTo("hit its restart limit (2 restarts in a row); last exit code 3");
    assertThat(dir.resolve("services/crasher.pid")).doesNotExist();
    Await.until("the failure reported", PATIENCE, () -> reportedStates("crasher").contains(ServiceState.FAILED));
    assertThat(reportedStates("crasher")).contains(ServiceState.BACKOFF);
    Await.until("three runs' output", PATIENCE, () -> lines("crasher", Stream.STDOUT).size() == 3);
  }

  @Test
  void aServiceThatExitsCleanlyUnderOnFailureStaysExited() throws Exception {
    apply(order("oneshot", 1, Restart.ON_FAILURE, 2, true, "sh", "-c", "echo done"));
    ServiceStatus exited = await("oneshot", ServiceState.EXITED);
    assertThat(exited.exitCode()).isZero();
    assertThat(exited.restarts()).isZero();
    assertThat(exited.lastOutput()).containsExactly("done");
    apply(order("oneshot", 1, Restart.ON_FAILURE, 2, true, "sh", "-c", "echo done"));
    Thread.sleep(200);
    assertThat(status("oneshot").state()).as("the same revision again does not restart it")
        .isEqualTo(ServiceState.EXITED);
  }

  @Test
  void aMissingProgramOrUserFailsAtOnceNamingTheField() throws Exception {
    apply(order("ghost", 1, Restart.ALWAYS, 5, true, "nosuch-program-unum", "x"),
        order("abs", 1, Restart.ALWAYS, 5, true, "/nonexistent/prog"),
        new ServiceOrder("nobody-home", 1, List.of("true"), "no-such-user-unum", null, Restart.ALWAYS, 5,
            50, 1000, 500, true));
    ServiceStatus ghost = await("ghost", ServiceState.FAILED);
    assertThat(ghost.message()).isEqualTo("command: no program 'nosuch-program-unum' in PATH on node 7");
    assertThat(ghost.restarts()).isZero();
    assertThat(ghost.pid()).isZero();
    assertThat(await("abs", ServiceState.FAILED).message()).isEqualTo("command: no program '/nonexistent/prog' on node 7");
    assertThat(await("nobody-home", ServiceState.FAILED).message())
        .isEqualTo("user: no user 'no-such-user-unum' on node 7");
    Thread.sleep(200);
    assertThat(status("ghost").restarts()).as("no restarts").isZero();
  }

  @Test
  void aNewRevisionRestartsTheServiceWithAClearedCount() throws Exception {
    apply(order("web", 1, Restart.ALWAYS, 3, true, "sleep", "300"));
    long first = await("web", ServiceState.RUNNING).pid();
    apply(order("web", 2, Restart.ALWAYS, 3, true, "sleep", "301"));
    ServiceStatus second = await("web", s -> s.state() == ServiceState.RUNNING && s.revision() == 2);
    assertThat(second.pid()).isNotEqualTo(first);
    assertThat(second.restarts()).isZero();
    assertThat(second.exitCode()).as("how the first run ended: SIGTERM").isEqualTo(143);
    assertThat(alive(first)).isFalse();
    assertThat(Files.readString(dir.resolve("services/web.pid"))).startsWith(second.pid() + " ");
  }

  @Test
  void aBackoffEndsAtOnceForANewRevisionOrARemoval() throws Exception {
    apply(new ServiceOrder("flaky", 1, List.of("sh", "-c", "exit 1"), null, null, Restart.ALWAYS, 5, 60_000,
        60_000, 500, true));
    assertThat(await("flaky", ServiceState.BACKOFF).restarts()).isEqualTo(1);
    apply(order("flaky", 2, Restart.ALWAYS, 5, true, "sleep", "300"));
    ServiceStatus running = await("flaky", ServiceState.RUNNING);
    assertThat(running.revision()).isEqualTo(2);
    assertThat(running.restarts()).isZero();
    apply(new ServiceOrder("flaky", 3, List.of("sh", "-c", "exit 1"), null, null, Restart.ALWAYS, 5, 60_000,
        60_000, 500, true));
    await("flaky", ServiceState.BACKOFF);
    apply();
    Await.until("it left", PATIENCE, () -> status("flaky") == null);
  }

  @Test
  void aServiceOrderedAgainWhileItStopsStartsAgainOnceItStopped() throws Exception {
    ServiceOrder stubborn = new ServiceOrder("phoenix", 1, List.of("sh", "-c", "trap '' TERM; sleep 300"), null,
        null, Restart.ALWAYS, 3, 50, 1000, 300, true);
    apply(stubborn);
    long first = await("phoenix", ServiceState.RUNNING).pid();
    apply();
    await("phoenix", ServiceState.STOPPING);
    apply(stubborn);
    ServiceStatus again = await("phoenix", s -> s.state() == ServiceState.RUNNING && s.pid() != first);
    assertThat(alive(first)).isFalse();
    assertThat(groups.alive(first)).isFalse();
    assertThat(Files.readString(dir.resolve("services/phoenix.pid"))).startsWith(again.pid() + " ");
  }

  @Test
  void anOrderThatMayNotStartWaitsAndStartsWhenAllowed() throws Exception {
    apply(order("later", 1, Restart.ALWAYS, 3, false, "sleep", "300"));
    ServiceStatus waiting = await("later", ServiceState.WAITING);
    assertThat(waiting.pid()).isZero();
    assertThat(waiting.message()).isEqualTo(SupervisedService.WAITING_MESSAGE);
    assertThat(dir.resolve("services/later.pid")).doesNotExist();
    apply(order("later", 1, Restart.ALWAYS, 3, true, "sleep", "300"));
    long pid = await("later", ServiceState.RUNNING).pid();
    apply(order("later", 1, Restart.ALWAYS, 3, false, "sleep", "300"));
    Thread.sleep(200);
    assertThat(status("later").state()).as("a running instance goes on").isEqualTo(ServiceState.RUNNING);
    assertThat(status("later").pid()).isEqualTo(pid);
  }

  @Test
  void outputArrivesLineByLineInOrderWithTheServicesEnvironment() throws Exception {
    apply(new ServiceOrder("talker", 1, List.of("sh", "-c",
        "pwd; echo \"$UNUM_SERVICE $UNUM_NODE $EXTRA\"; i=0; while [ $i -lt 600 ]; do i=$((i+1)); echo $i; done;"
            + " echo oops >&2; read x || echo no-input"),
        null, Map.of("EXTRA", "extra"), Restart.NEVER, 0, 50, 1000, 500, true));
    await("talker", ServiceState.EXITED);
    List<String> expected = new ArrayList<>(List.of("/", "talker 7 extra"));
    for (int i = 1; i <= 600; i++) {
      expected.add(Integer.toString(i));
    }
    expected.add("no-input");
    Await.until("all of stdout", PATIENCE, () -> lines("talker", Stream.STDOUT).size() >= expected.size());
    assertThat(lines("talker", Stream.STDOUT)).isEqualTo(expected);
    assertThat(logs("talker", Stream.STDOUT)).allSatisfy(log -> {
      assertThat(log.lines().size()).isBetween(1, Protocol.MAX_SERVICE_LOG_LINES);
      assertThat(log.dropped()).isZero();
    });
    Await.until("stderr", PATIENCE, () -> lines("talker", Stream.STDERR).equals(List.of("oops")));
  }

  @Test
  void aServiceRunsAsItsUser() throws Exception {
    apply(new ServiceOrder("nobodys", 1, List.of("id", "-u"), "nobody", null, Restart.NEVER, 0, 50, 1000, 500,
        true));
    await("nobodys", ServiceState.EXITED);
    Await.until("its uid", PATIENCE, () -> lines("nobodys", Stream.STDOUT).equals(List.of("65534")));
  }

  @Test
  void aServiceThatIgnoresSigtermIsKilledAfterItsStopTime() throws Exception {
    apply(new ServiceOrder("stubborn", 1, List.of("sh", "-c", "trap '' TERM; sleep 300 & wait; wait"), null, null,
        Restart.ALWAYS, 3, 50, 1000, 300, true));
    long pid = await("stubborn", ServiceState.RUNNING).pid();
    Await.until("its child", PATIENCE, () -> ProcessHandle.of(pid).map(p -> p.children().count() > 0).orElse(false));
    long child = ProcessHandle.of(pid).orElseThrow().children().findFirst().orElseThrow().pid();
    long started = System.nanoTime();
    apply();
    Await.until("it left", PATIENCE, () -> status("stubborn") == null);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    assertThat(alive(pid)).isFalse();
    assertThat(groups.alive(pid)).as("nothing of its group").isFalse();
    assertThat(alive(child)).isFalse();
  }

  @Test
  void aGroupLeftByAnEarlierAgentIsKilledAtStart() throws Exception {
    Process leftover = new ProcessBuilder("setsid", "sh", "-c", "sleep 300 & exec sleep 301").start();
    strays.add(leftover);
    long pid = leftover.pid();
    Await.until("its child", PATIENCE, () -> leftover.toHandle().children().count() > 0);
    Path pidDir = dir.resolve("services");
    Files.createDirectories(pidDir);
    Files.writeString(pidDir.resolve("old.pid"), pid + " " + groups.startTicks(pid) + "\n");
    // A pid file whose pid now belongs to another process (another start time) is not its group.
    Process innocent = new ProcessBuilder("setsid", "sleep", "300").start();
    strays.add(innocent);
    Files.writeString(pidDir.resolve("reused.pid"), innocent.pid() + " " + (groups.startTicks(innocent.pid()) + 1));
    Files.writeString(pidDir.resolve("garbage.pid"), "1 x");

    try (ServiceSupervisor next = newSupervisor()) {
      next.start();
      assertThat(groups.alive(pid)).as("the leftover group, child too").isFalse();
      assertThat(leftover.waitFor(5, TimeUnit.SECONDS)).isTrue();
      assertThat(leftover.exitValue()).isEqualTo(128 + 9);
      assertThat(innocent.isAlive()).isTrue();
      try (var files = Files.list(pidDir)) {
        assertThat(files.collect(Collectors.toList())).isEmpty();
      }
    }
  }

  @Test
  void aServiceThatWritesFasterThanTheLinkCarriesLosesLinesButNeverWaits() throws Exception {
    logGate = new CountDownLatch(1);
    apply(order("flood", 1, Restart.NEVER, 0, true, "seq", "100000"));
    ServiceStatus exited = await("flood", ServiceState.EXITED);
    assertThat(exited.exitCode()).isZero();
    assertThat(exited.lastOutput()).endsWith("100000");
    logGate.countDown();
    Await.until("every line shipped or counted", PATIENCE, () -> logs("flood", Stream.STDOUT).stream()
        .mapToLong(log -> log.lines().size() + log.dropped()).sum() == 100_000);
    List<ServiceLog> logs = logs("flood", Stream.STDOUT);
    long dropped = logs.stream().mapToLong(ServiceLog::dropped).sum();
    assertThat(dropped).isPositive();
    List<String> kept = lines("flood", Stream.STDOUT);
    assertThat(kept.size()).isLessThanOrEqualTo(ServiceLogBuffer.CAPACITY + Protocol.MAX_SERVICE_LOG_LINES);
    long previous = 0;
    for (String line : kept) {
      long number = Long.parseLong(line);
      assertThat(number).isGreaterThan(previous);
      previous = number;
    }
    assertThat(logs).allSatisfy(log -> assertThat(log.lines()).hasSizeLessThanOrEqualTo(Protocol.MAX_SERVICE_LOG_LINES));
  }

  @Test
  void theInitRoleIsWrittenForProgramsOnTheNode() throws Exception {
    supervisor.apply(new Messages.Services(nextId++, 5, 9, true, List.of()));
    assertThat(Files.readString(dir.resolve("init"))).isEqualTo("holder=yes epoch=9 runlevel=5\n");
    supervisor.apply(new Messages.Services(nextId++, 3, 10, false, List.of()));
    assertThat(Files.readString(dir.resolve("init"))).isEqualTo("holder=no epoch=10 runlevel=3\n");
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("init");
    }
  }

  @Test
  void aResendReportsEveryServiceAgain() throws Exception {
    apply(order("sleeper", 1, Restart.ALWAYS, 3, true, "sleep", "300"));
    await("sleeper", ServiceState.RUNNING);
    Await.until("a report of it running", PATIENCE, () -> reportedStates("sleeper").contains(ServiceState.RUNNING));
    Thread.sleep(100);
    int before = reports().size();
    supervisor.resend();
    Await.until("one more report", PATIENCE, () -> reports().size() == before + 1);
    assertThat(reports().get(before).services()).singleElement()
        .satisfies(s -> assertThat(s.state()).isEqualTo(ServiceState.RUNNING));
  }

  @Test
  void aBadEnvironmentFailsTheService() throws Exception {
    apply(new ServiceOrder("badenv", 1, List.of("true"), null, Map.of("A=B", "c"), Restart.ALWAYS, 3, 50, 1000,
        500, true));
    assertThat(await("badenv", ServiceState.FAILED).message()).startsWith("env: ");
  }
}
