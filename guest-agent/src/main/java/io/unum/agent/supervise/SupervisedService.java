package io.unum.agent.supervise;

import io.unum.agent.Log;
import io.unum.agent.protocol.Messages.ServiceOrder;
import io.unum.agent.protocol.Messages.ServiceState;
import io.unum.agent.protocol.Messages.ServiceStatus;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One service on the node and the thread that supervises it: starts its program when the order
 * allows, restarts it by its policy, stops its process group when the order goes or changes
 * revision, and says where it stands after every change. The host's wishes arrive through
 * {@link #order} and {@link #remove}, which only record them and wake the thread.
 */
final class SupervisedService {
  static final String WAITING_MESSAGE = "waits for its dependencies (start is false)";
  private static final int SIGKILL = 9;
  private static final int SIGTERM = 15;
  /** A group that ignores SIGKILL (stuck in the kernel) gets it again this often. */
  private static final long KILL_AGAIN_MILLIS = 1000;
  private static final long MAX_POLL_MILLIS = 200;
  /** How long the end of a run waits for its last lines before it reports the tail. */
  private static final long PUMP_PATIENCE_MILLIS = 1000;
  private static final File DEV_NULL = new File("/dev/null");
  private static final File ROOT = new File("/");

  private final String name;
  private final InstanceContext context;
  private final ServiceLogBuffer log;
  private final Thread thread;

  // What the host wants; guarded by this.
  private ServiceOrder order;
  private boolean removed;
  /** Set by the thread once it has decided to go: later orders need a new instance. */
  private boolean left;

  // What is reported; guarded by this, written by the thread only.
  private ServiceState state;
  private long revision;
  private long pid;
  private int restarts;
  private Integer exitCode;
  private long sinceMillis;
  private String message;
  private List<String> lastOutput;
  /** The revision the restart count belongs to: a new one clears it. */
  private long countedRevision;

  SupervisedService(ServiceOrder order, InstanceContext context) {
    this.name = order.name();
    this.order = order;
    this.context = context;
    this.countedRevision = order.revision();
    this.log = new ServiceLogBuffer(name);
    this.thread = new Thread(this::supervise, "unum-service-" + name);
    thread.setDaemon(true);
  }

  String name() {
    return name;
  }

  void start() {
    thread.start();
  }

  /** The agent is closing: the thread ends, the service runs on, its pid file stays. */
  void abandon() {
    thread.interrupt();
  }

  /** Takes a new order; false when this instance is leaving and a new one must take it. */
  synchronized boolean order(ServiceOrder next) {
    if (left) {
      return false;
    }
    order = next;
    removed = false;
    notifyAll();
    return true;
  }

  /** The service is no longer ordered: it stops, then leaves. */
  synchronized void remove() {
    removed = true;
    notifyAll();
  }

  /** Where it stands; null until the thread has said anything. */
  synchronized ServiceStatus status() {
    if (state == null) {
      return null;
    }
    return new ServiceStatus(name, revision, state, pid, restarts, exitCode, sinceMillis, message,
        lastOutput);
  }

  private synchronized void wake() {
    notifyAll();
  }

  private void supervise() {
    try {
      while (true) {
        try {
          loop();
          break;
        } catch (RuntimeException e) {
          // A bug of ours: say so, and let a new order or a removal decide what comes next.
          Log.line("service " + name + ": supervision failed: " + e);
          long failedRevision = latestOrder().revision();
          report(ServiceState.FAILED, failedRevision, 0, "agent error: " + e, null);
          if (!awaitNewRevision(failedRevision)) {
            break;
          }
        }
      }
    } catch (InterruptedException e) {
      // The agent is closing. Its services run on (the node's init ends them at power-off) and
      // their pid files stay, so the next agent kills them before it starts them again.
      return;
    }
    context.left().accept(this);
  }

  /** Returns once the instance has left: no longer ordered, and its process group is gone. */
  private void loop() throws InterruptedException {
    while (true) {
      ServiceOrder current = awaitStart();
      if (current == null) {
        return;
      }
      ServiceRun run;
      try {
        run = launch(current);
      } catch (LaunchFailure failure) {
        // Retrying cannot help (no such program or user) until the host sends something else.
        report(ServiceState.FAILED, current.revision(), 0, failure.getMessage(), null);
        if (!awaitNewRevision(current.revision())) {
          return;
        }
        continue;
      }
      report(ServiceState.RUNNING, current.revision(), run.pid(), null, null);
      if (awaitEndOrStop(run, current.revision())) {
        report(ServiceState.STOPPING, current.revision(), run.pid(), null, null);
        int code = stopGroup(run, latestOrder().stopMillis());
        context.pidFiles().delete(name);
        ended(code, run.tail());
        if (leaveIfRemoved()) {
          return;
        }
        continue; // ordered again meanwhile (a new revision, or the same after a removal)
      }
      int code = run.process().exitValue();
      long ranMillis = run.ranMillis();
      // Whatever it left behind in its group goes too: the next run must not meet it.
      stopGroup(run, current.stopMillis());
      context.pidFiles().delete(name);
      ended(code, run.tail());
      RestartDecision decision = RestartPolicy.decide(current, currentRestarts(), ranMillis, code);
      setRestarts(decision.restarts());
      switch (decision.action()) {
        case RESTART -> {
          report(ServiceState.BACKOFF, current.revision(), 0, decision.message(), run.tail());
          if (awaitBackoff(decision.delayMillis(), current.revision())) {
            return;
          }
        }
        case EXITED, FAILED -> {
          report(decision.action() == RestartDecision.Action.EXITED ? ServiceState.EXITED : ServiceState.FAILED,
              current.revision(), 0, decision.message(), run.tail());
          if (!awaitNewRevision(current.revision())) {
            return;
          }
        }
      }
    }
  }

  /** Starts the program; throws, naming the field at fault, when it cannot run at all. */
  private ServiceRun launch(ServiceOrder run) throws LaunchFailure {
    String program = run.argv().get(0);
    Path path = context.programs().find(program);
    if (path == null) {
      throw new LaunchFailure("command: no program '" + program + "'"
          + (program.indexOf('/') >= 0 ? "" : " in PATH") + " on node " + context.node());
    }
    List<String> command = new ArrayList<>();
    // Its own session, so its process group is its own to stop; not a group leader yet (the
    // JVM's child never is), setsid does not fork and the pid we see is the program's.
    command.add(tool("setsid"));
    command.add("-w");
    if (run.user() != null) {
      Accounts.Account user = context.accounts().find(run.user());
      if (user == null) {
        throw new LaunchFailure("user: no user '" + run.user() + "' on node " + context.node());
      }
      command.addAll(List.of(tool("setpriv"), "--reuid=" + user.uid(), "--regid=" + user.gid(),
          "--init-groups", "--"));
    }
    command.add(path.toString());
    command.addAll(run.argv().subList(1, run.argv().size()));
    ProcessBuilder builder = new ProcessBuilder(command)
        .directory(ROOT)
        .redirectInput(ProcessBuilder.Redirect.from(DEV_NULL));
    try {
      Map<String, String> env = builder.environment();
      if (run.env() != null) {
        env.putAll(run.env());
      }
      env.put("UNUM_SERVICE", name);
      env.put("UNUM_NODE", Integer.toString(context.node()));
    } catch (IllegalArgumentException e) {
      // The JDK refuses names with '=' and strings with NUL.
      throw new LaunchFailure("env: " + e.getMessage());
    }
    Process process;
    try {
      process = builder.start();
    } catch (IOException | IllegalArgumentException e) {
      throw new LaunchFailure("command: cannot run '" + program + "' on node " + context.node() + ": "
          + e.getMessage());
    }
    try {
      context.pidFiles().write(name, process.pid(), context.groups().startTicks(process.pid()));
    } catch (IOException e) {
      Log.line("service " + name + ": cannot write its pid file: " + e.getMessage());
    }
    ServiceRun started = new ServiceRun(name, process, log, context.shipper());
    started.startPumps();
    process.onExit().thenRun(this::wake);
    return started;
  }

  /** A helper program's full path: an order's PATH must not decide which setpriv runs. */
  private String tool(String program) throws LaunchFailure {
    Path path = context.programs().find(program);
    if (path == null) {
      throw new LaunchFailure("command: cannot run services without " + program + " on node " + context.node());
    }
    return path.toString();
  }

  /**
   * Stops what is left of a run: SIGTERM to its group, SIGKILL when it is still there after
   * {@code stopMillis}, then waits until the group is gone. Returns the program's exit code.
   */
  private int stopGroup(ServiceRun run, long stopMillis) throws InterruptedException {
    long pgid = run.pid();
    if (running(run)) {
      context.kill().sendToGroup(pgid, SIGTERM);
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(stopMillis);
      long pause = 5;
      while (running(run) && deadline - System.nanoTime() > 0) {
        Thread.sleep(Math.min(pause, Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()))));
        pause = Math.min(pause * 2, MAX_POLL_MILLIS);
      }
      long lastKill = 0;
      while (running(run)) {
        if (lastKill == 0 || System.nanoTime() - lastKill >= TimeUnit.MILLISECONDS.toNanos(KILL_AGAIN_MILLIS)) {
          context.kill().sendToGroup(pgid, SIGKILL);
          lastKill = System.nanoTime();
        }
        Thread.sleep(pause);
        pause = Math.min(pause * 2, MAX_POLL_MILLIS);
      }
    }
    run.awaitPumps(PUMP_PATIENCE_MILLIS);
    return run.process().waitFor();
  }

  private boolean running(ServiceRun run) {
    return run.process().isAlive() || context.groups().alive(run.pid());
  }

  /** Waits until the order lets it start; null when it is removed instead (then it leaves). */
  private synchronized ServiceOrder awaitStart() throws InterruptedException {
    while (true) {
      if (removed) {
        left = true;
        return null;
      }
      if (order.revision() != countedRevision) {
        countedRevision = order.revision();
        restarts = 0;
      }
      if (order.start()) {
        return order;
      }
      if (state != ServiceState.WAITING || revision != order.revision()) {
        report(ServiceState.WAITING, order.revision(), 0, WAITING_MESSAGE, null);
      }
      wait();
    }
  }

  /** Waits until the program ends or the host wants it stopped; true for the latter. */
  private synchronized boolean awaitEndOrStop(ServiceRun run, long runRevision) throws InterruptedException {
    while (run.process().isAlive() && !removed && order.revision() == runRevision) {
      wait(1000); // onExit wakes us; the timeout is only a safety net
    }
    return removed || order.revision() != runRevision;
  }

  /** Waits out a backoff; true when the service was removed meanwhile (then it leaves). */
  private synchronized boolean awaitBackoff(long delayMillis, long runRevision) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMillis);
    while (true) {
      if (removed) {
        left = true;
        return true;
      }
      long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (order.revision() != runRevision || remaining <= 0) {
        return false;
      }
      wait(remaining);
    }
  }

  /** Waits, ended, for an order with another revision; false when removed instead (it leaves). */
  private synchronized boolean awaitNewRevision(long runRevision) throws InterruptedException {
    while (true) {
      if (removed) {
        left = true;
        return false;
      }
      if (order.revision() != runRevision) {
        return true;
      }
      wait();
    }
  }

  private synchronized boolean leaveIfRemoved() {
    if (removed) {
      left = true;
    }
    return left;
  }

  private synchronized ServiceOrder latestOrder() {
    return order;
  }

  private synchronized int currentRestarts() {
    return restarts;
  }

  private synchronized void setRestarts(int count) {
    restarts = count;
  }

  private synchronized void ended(int code, List<String> tail) {
    exitCode = code;
    lastOutput = tail;
  }

  /** Records a new state and asks for a report; the last output shows only once a run ended. */
  private synchronized void report(ServiceState next, long nextRevision, long nextPid, String why,
      List<String> output) {
    state = next;
    revision = nextRevision;
    pid = nextPid;
    message = why;
    lastOutput = output;
    sinceMillis = System.currentTimeMillis();
    context.changed().run();
  }

  /** A service that cannot start at all; the message names the order's field at fault. */
  private static final class LaunchFailure extends Exception {
    LaunchFailure(String message) {
      super(message, null, false, false);
    }
  }
}
