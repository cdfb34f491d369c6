package io.unum.agent.supervise;

import io.unum.agent.Log;
import io.unum.agent.protocol.Message;
import io.unum.agent.protocol.Messages.ServiceOrder;
import io.unum.agent.protocol.Messages.ServiceStatus;
import io.unum.agent.protocol.Messages;
import io.unum.agent.services.SignalSender;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The node's cluster services: reconciles the instances with each {@code services} order from
 * the host, writes the init role file, and reports every change as one {@code service-states}
 * listing all instances. Orders are applied on the link's reader thread without waiting for any
 * process; each instance's own thread does the starting and stopping.
 */
public final class ServiceSupervisor implements AutoCloseable {
  private static final int SIGKILL = 9;
  /** How long start-up waits for the groups an earlier agent left to die. */
  private static final long LEFTOVER_PATIENCE_MILLIS = 5000;

  private final SupervisorConfig config;
  private final Consumer<Message> send;
  private final SignalSender kill;
  private final PidFiles pidFiles;
  private final ProcessGroups groups;
  private final InitFile initFile;
  private final LogShipper shipper;
  private final InstanceContext context;
  /** The instances by name, in the order they were first ordered; guarded by this. */
  private final Map<String, SupervisedService> instances = new LinkedHashMap<>();
  /** One thread sends the reports, so neither the reader nor an instance waits for the link. */
  private final ExecutorService reports = Executors.newSingleThreadExecutor(r -> {
    Thread thread = new Thread(r, "unum-service-states");
    thread.setDaemon(true);
    return thread;
  });
  private final AtomicBoolean reportPending = new AtomicBoolean();
  private volatile boolean closed;

  /**
   * @param send sends a message that belongs to no session, waiting for room on the link
   *             ({@code LinkWriter::send}); called from the supervisor's own threads only
   */
  public ServiceSupervisor(SupervisorConfig config, SignalSender kill, Consumer<Message> send) {
    this.config = config;
    this.send = send;
    this.kill = kill;
    this.pidFiles = new PidFiles(config.pidDir());
    this.groups = new ProcessGroups(config.proc());
    this.initFile = new InitFile(config.initFile());
    this.shipper = new LogShipper(send);
    this.context = new InstanceContext(config.node(), new ProgramPath(config.path()),
        new Accounts(config.passwd()), pidFiles, groups, kill, shipper, this::changed, this::left);
  }

  /**
   * Kills what an earlier agent's services left running (so none runs twice), then starts
   * shipping logs. Call before the first {@link #apply}.
   */
  public void start() {
    List<Long> killed = pidFiles.killLeftovers(groups, pgid -> kill.sendToGroup(pgid, SIGKILL));
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LEFTOVER_PATIENCE_MILLIS);
    for (long pgid : killed) {
      while (groups.alive(pgid) && deadline - System.nanoTime() > 0) {
        try {
          Thread.sleep(10);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
    shipper.start();
  }

  /**
   * Makes the node run what {@code orders} lists: starts new services, stops the ones no longer
   * listed, restarts those with a new revision, and writes the init role. Returns at once.
   */
  public void apply(Messages.Services orders) {
    if (closed) {
      return;
    }
    try {
      initFile.write(orders.init(), orders.initEpoch(), orders.runLevel());
    } catch (IOException e) {
      Log.line("cannot write " + config.initFile() + ": " + e.getMessage());
    }
    synchronized (this) {
      Set<String> wanted = new HashSet<>();
      for (ServiceOrder order : orders.services()) {
        wanted.add(order.name());
        SupervisedService instance = instances.get(order.name());
        // An instance takes no orders once it decided to leave, which it does only when its
        // process group is gone: a new one may start at once.
        if (instance == null || !instance.order(order)) {
          SupervisedService fresh = new SupervisedService(order, context);
          instances.put(order.name(), fresh);
          fresh.start();
        }
      }
      for (SupervisedService instance : instances.values()) {
        if (!wanted.contains(instance.name())) {
          instance.remove();
        }
      }
    }
    changed();
  }

  /** Sends every instance again: a new host session knows nothing yet. */
  public void resend() {
    changed();
  }

  /** Where each service stands, in the order they were first ordered. */
  synchronized List<ServiceStatus> snapshot() {
    List<ServiceStatus> states = new ArrayList<>();
    for (SupervisedService instance : instances.values()) {
      ServiceStatus status = instance.status();
      if (status != null) {
        states.add(status);
      }
    }
    return states;
  }

  /** Something changed: one report is due, unless one is already due and not yet computed. */
  private void changed() {
    if (closed || !reportPending.compareAndSet(false, true)) {
      return;
    }
    try {
      reports.execute(this::report);
    } catch (RejectedExecutionException e) {
      reportPending.set(false); // closing
    }
  }

  private void report() {
    // Cleared before the snapshot: a change from here on is not in it and needs a report of its own.
    reportPending.set(false);
    try {
      send.accept(new Messages.ServiceStates(null, snapshot()));
    } catch (RuntimeException e) {
      Log.line("cannot report the services: " + e);
    }
  }

  /** An instance stopped for good; a newer instance of the same name, if any, stays. */
  private void left(SupervisedService instance) {
    synchronized (this) {
      instances.remove(instance.name(), instance);
    }
    changed();
  }

  /**
   * Stops the supervisor's threads. The services run on: the node's init ends them at power-off,
   * and an agent that starts again finds their pid files.
   */
  @Override
  public void close() {
    closed = true;
    synchronized (this) {
      instances.values().forEach(SupervisedService::abandon);
    }
    shipper.stop();
    reports.shutdownNow();
  }
}
