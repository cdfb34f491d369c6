package io.unum.orchestrator.hypervisor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.DomainInfo;
import org.libvirt.DomainJobInfo;
import org.libvirt.DomainInfo.DomainState;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Hypervisor} on libvirt through libvirt-java. Every call but a migration's copy has a
 * deadline (libvirt's client waits for ever on a hung libvirtd), and the connection is opened
 * again after libvirtd restarted.
 */
public final class LibvirtHypervisor implements Hypervisor {
  private static final Logger LOG = LoggerFactory.getLogger(LibvirtHypervisor.class);
  /** How long a call may wait for libvirtd before it fails (the caller tries again later). */
  static final Duration CALL_DEADLINE = Duration.ofSeconds(10);
  /** Starting a domain includes starting its QEMU. */
  static final Duration START_DEADLINE = Duration.ofSeconds(120);
  /**
   * Calls waiting on libvirtd at once: room for a busy host (four starts, the reconcile pass,
   * several migrations' progress reads). A call past its deadline still holds its thread until
   * libvirtd answers (a native call cannot be interrupted): when all are held, calls fail at once.
   */
  private static final int CALL_THREADS = 32;
  /** How a start refused for a disk another process holds reads: QEMU's image lock, or virtlockd's. */
  static final Pattern DISK_LOCKED = Pattern.compile("Failed to get \"[a-z ]+\" lock|resource busy");

  private final String uri;
  private final LibvirtConnection connection;
  /** Ends libvirtd's children stuck before exec when libvirt stops answering; null for a remote libvirt. */
  private final StuckSpawns stuckSpawns;
  private final AtomicBoolean jobStatsFailureLogged = new AtomicBoolean();
  private final ThreadPoolExecutor calls = new ThreadPoolExecutor(0, CALL_THREADS, 30, TimeUnit.SECONDS,
      new SynchronousQueue<>(), r -> {
        Thread thread = new Thread(r, "libvirt-call");
        thread.setDaemon(true);
        return thread;
      });
  /** Listings and definition changes go one at a time, as they always have here: none sees another half done. */
  private final Object definitions = new Object();

  private LibvirtHypervisor(String uri, LibvirtConnection connection) {
    this.uri = uri;
    this.connection = connection;
    // Only a daemon on this host has its children in this host's process table.
    this.stuckSpawns = uri.startsWith("qemu:///") ? StuckSpawns.ofThisHost() : null;
  }

  /** Connects to {@code uri}; the message of a failure says how to start libvirtd. */
  public static LibvirtHypervisor connect(String uri) {
    try {
      return new LibvirtHypervisor(uri, LibvirtConnection.open(uri));
    } catch (LibvirtException e) {
      throw new HypervisorException("cannot connect to libvirt at " + uri + ": " + e.getMessage()
          + " (is libvirtd running? './unum up' starts it)", e);
    }
  }

  @Override
  public String uri() {
    return uri;
  }

  @Override
  public List<DomainStatus> list(String prefix) {
    return call("list domains", CALL_DEADLINE, connect -> {
      synchronized (definitions) {
        List<DomainStatus> result = new ArrayList<>();
        for (int id : connect.listDomains()) {
          Domain domain = lookup(() -> connect.domainLookupByID(id));
          if (domain != null && domain.getName().startsWith(prefix)) {
            result.add(info(domain));
          }
        }
        for (String name : connect.listDefinedDomains()) {
          if (name.startsWith(prefix)) {
            Domain domain = lookup(() -> connect.domainLookupByName(name));
            if (domain != null) {
              result.add(info(domain));
            }
          }
        }
        return result;
      }
    });
  }

  @Override
  public Optional<DomainStatus> find(String name) {
    return call("read domain " + name, CALL_DEADLINE, connect -> {
      synchronized (definitions) {
        Domain domain = lookup(() -> connect.domainLookupByName(name));
        return domain == null ? Optional.empty() : Optional.of(info(domain));
      }
    });
  }

  @Override
  public void define(String xml) {
    call("define the domain", CALL_DEADLINE, connect -> {
      synchronized (definitions) {
        return connect.domainDefineXML(xml);
      }
    });
  }

  @Override
  public void start(String name) {
    // Outside the definitions' lock: starting a domain takes a while and must not hold up readers.
    try {
      call("start " + name, START_DEADLINE, connect -> {
        Domain domain = lookup(() -> connect.domainLookupByName(name));
        if (domain == null) {
          throw new HypervisorException("cannot start " + name + ": no such domain", null);
        }
        return domain.create();
      });
    } catch (HypervisorException e) {
      throw DISK_LOCKED.matcher(String.valueOf(e.getMessage())).find() ? new DiskBusyException(e.getMessage(), e) : e;
    }
  }

  @Override
  public void destroy(String name) {
    call("destroy " + name, CALL_DEADLINE, connect -> {
      try {
        Domain domain = lookup(() -> connect.domainLookupByName(name));
        if (domain != null && domain.isActive() == 1) {
          domain.destroy();
        }
      } catch (LibvirtException e) {
        if (e.getError().getCode() != ErrorNumber.VIR_ERR_OPERATION_INVALID) {
          throw e; // not running any more is what was asked
        }
      }
      return null;
    });
  }

  @Override
  public void undefine(String name) {
    call("undefine " + name, CALL_DEADLINE, connect -> {
      synchronized (definitions) {
        Domain domain = lookup(() -> connect.domainLookupByName(name));
        if (domain != null) {
          domain.undefine();
        }
        return null;
      }
    });
  }

  @Override
  public void setMemory(String name, long mib) {
    call("set the memory of " + name + " to " + mib + " MiB", CALL_DEADLINE, connect -> {
      synchronized (definitions) {
        Domain domain = lookup(() -> connect.domainLookupByName(name));
        if (domain == null) {
          throw new HypervisorException("cannot set the memory of " + name + ": no such domain", null);
        }
        domain.setMemory(mib * 1024);
        return null;
      }
    });
  }

  /** virDomainMigrateFlags: live, peer to peer, persistent there, undefined here, auto-converge. */
  private static final long MIGRATE_FLAGS = 1 | 2 | 8 | 16 | 8192
      // UNSAFE: libvirt does not recognise the shared folder of the node disks as a shared file
      // system; the disks are on storage every host sees, and QEMU flushes them before the switch.
      | 512
      // ABORT_ON_ERROR: an I/O error during the copy ends the migration; the node stays here.
      | 4096;
  /**
   * VIR_DOMAIN_JOB_STATS_COMPLETED | KEEP_COMPLETED: the last job that ended, here the migration
   * that came in, left for others to read too (without KEEP, reading them discards them).
   */
  private static final int JOB_STATS_COMPLETED = 1 | 2;
  /** VIR_MIGRATE_TLS: QEMU's memory stream in TLS too, not only libvirt's own connection (always: see MigrationTarget). */
  private static final long MIGRATE_TLS = 1 << 16;

  @Override
  public void migrate(String name, MigrationTarget target, MigrationTuning tuning) {
    // On the caller's thread and without a deadline: it takes as long as the copy, which the
    // migration's runner watches (stall detection) and aborts through a call of its own.
    Connect connect = connection.get();
    try {
      Domain domain = lookup(() -> connect.domainLookupByName(name));
      if (domain == null || domain.isActive() != 1) {
        throw new HypervisorException("cannot migrate " + name + ": it is not running here", null);
      }
      Thread downtime = new Thread(() -> setMaxDowntime(domain, tuning.maxDowntimeMillis()),
          "migration-downtime-" + name);
      downtime.setDaemon(true);
      downtime.start();
      try {
        domain.migrateToURI(target.libvirtUri(), target.streamUri(), null, MIGRATE_FLAGS | MIGRATE_TLS, null,
            tuning.bandwidthMiBps());
      } finally {
        downtime.interrupt();
      }
    } catch (LibvirtException e) {
      connection.dropIfClosed(connect);
      throw new HypervisorException("migration of " + name + " to " + target.libvirtUri() + " failed: "
          + e.getMessage(), e);
    }
  }

  @Override
  public Optional<MigrationStats> migrationStats(String name) {
    try {
      return call("read the migration of " + name, CALL_DEADLINE, connect -> {
        Domain domain = lookup(() -> connect.domainLookupByName(name));
        if (domain == null) {
          return Optional.empty();
        }
        try {
          LibvirtJobStats.Job job = LibvirtJobStats.read(domain, 0);
          return job.type() == 0 ? Optional.empty() : Optional.of(job.migrationStats()); // 0: VIR_DOMAIN_JOB_NONE
        } catch (LibvirtJobStats.Unavailable e) {
          if (!jobStatsFailureLogged.getAndSet(true)) {
            LOG.debug("migration statistics without dirty rate and downtime: {}", e.getMessage());
          }
        }
        DomainJobInfo job = domain.getJobInfo();
        if (job.getType() == 0) { // VIR_DOMAIN_JOB_NONE
          return Optional.empty();
        }
        return Optional.of(new MigrationStats(job.getTimeElapsed(), job.getDataTotal(), job.getDataProcessed(),
            job.getDataRemaining(), 0, 0, 0, 0));
      });
    } catch (HypervisorException e) {
      return Optional.empty(); // the domain left, the job ended between two calls, or libvirt is not answering
    }
  }

  /** Sets the downtime a migration may cost once its job exists: libvirt takes it only mid-job. */
  private static void setMaxDowntime(Domain domain, long millis) {
    try {
      for (int tries = 0; tries < 200 && !Thread.currentThread().isInterrupted(); tries++) {
        if (domain.getJobInfo().getType() != 0) {
          domain.migrateSetMaxDowntime(millis);
          return;
        }
        Thread.sleep(10);
      }
    } catch (LibvirtException e) {
      // The job ended first (a quick migration), or the domain left: nothing to tune any more.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public OptionalLong arrivalDowntimeMillis(String name) {
    try {
      return call("read the last job of " + name, CALL_DEADLINE, connect -> {
        Domain domain = lookup(() -> connect.domainLookupByName(name));
        if (domain == null) {
          return OptionalLong.empty();
        }
        try {
          LibvirtJobStats.Job done = LibvirtJobStats.read(domain, JOB_STATS_COMPLETED);
          return done.type() == 0 || !done.params().containsKey("downtime") ? OptionalLong.empty()
              : OptionalLong.of(done.number("downtime"));
        } catch (LibvirtJobStats.Unavailable e) {
          return OptionalLong.empty();
        }
      });
    } catch (HypervisorException e) {
      return OptionalLong.empty();
    }
  }

  @Override
  public void abortMigration(String name) {
    call("abort the migration of " + name, CALL_DEADLINE, connect -> {
      try {
        Domain domain = lookup(() -> connect.domainLookupByName(name));
        if (domain != null) {
          domain.abortJob();
        }
      } catch (LibvirtException e) {
        if (e.getError().getCode() != ErrorNumber.VIR_ERR_OPERATION_INVALID) {
          throw e; // no job any more is what was asked
        }
      }
      return null;
    });
  }

  @Override
  public void close() {
    connection.close();
    calls.shutdownNow();
  }

  private void reapStuckSpawns() {
    if (stuckSpawns != null) {
      stuckSpawns.reap();
    }
  }

  /**
   * Runs {@code work} on the connection within {@code deadline}. A libvirt failure becomes a
   * {@link HypervisorException} that says what was being done ("cannot WHAT: ..."), and a
   * connection found closed is dropped so that the next call reconnects.
   */
  private <T> T call(String what, Duration deadline, LibvirtCall<T> work) {
    Future<T> future;
    try {
      future = calls.submit(() -> {
        Connect connect = connection.get();
        try {
          return work.on(connect);
        } catch (LibvirtException e) {
          connection.dropIfClosed(connect);
          throw new HypervisorException("cannot " + what + ": " + e.getMessage(), e);
        }
      });
    } catch (RejectedExecutionException e) {
      reapStuckSpawns();
      throw new HypervisorException("cannot " + what + ": libvirt at " + uri + " is not answering ("
          + CALL_THREADS + " calls still wait on it)", null);
    }
    try {
      return future.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      // The call goes on on its thread (a native call cannot be interrupted) until libvirtd answers.
      reapStuckSpawns();
      throw new HypervisorException("cannot " + what + ": libvirt at " + uri + " did not answer within "
          + deadline.toSeconds() + " s (is libvirtd hung?)", null);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      throw new HypervisorException("cannot " + what + ": " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HypervisorException("cannot " + what + ": interrupted", e);
    }
  }

  @FunctionalInterface
  private interface LibvirtCall<T> {
    T on(Connect connect) throws LibvirtException;
  }

  private static DomainStatus info(Domain domain)
      throws LibvirtException {
    DomainInfo info = domain.getInfo();
    return new DomainStatus(domain.getName(), map(info.state), info.maxMem / 1024, info.memory / 1024,
        info.nrVirtCpu, info.cpuTime);
  }

  private static PowerState map(DomainState state) {
    return switch (state) {
      case VIR_DOMAIN_RUNNING, VIR_DOMAIN_BLOCKED -> PowerState.RUNNING;
      case VIR_DOMAIN_PAUSED -> PowerState.PAUSED;
      case VIR_DOMAIN_SHUTOFF, VIR_DOMAIN_SHUTDOWN -> PowerState.SHUTOFF;
      case VIR_DOMAIN_CRASHED -> PowerState.CRASHED;
      default -> PowerState.OTHER;
    };
  }

  /** Runs a lookup, turning libvirt's "no such domain" into null. */
  private static Domain lookup(Lookup lookup) throws LibvirtException {
    try {
      return lookup.get();
    } catch (LibvirtException e) {
      if (e.getError().getCode() == ErrorNumber.VIR_ERR_NO_DOMAIN) {
        return null;
      }
      throw e;
    }
  }

  @FunctionalInterface
  private interface Lookup {
    Domain get() throws LibvirtException;
  }
}
