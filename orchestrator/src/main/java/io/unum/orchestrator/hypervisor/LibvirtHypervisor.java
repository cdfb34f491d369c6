package io.unum.orchestrator.hypervisor;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.DomainInfo;
import org.libvirt.DomainJobInfo;
import org.libvirt.DomainInfo.DomainState;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link Hypervisor} on libvirt through libvirt-java. */
public final class LibvirtHypervisor implements Hypervisor {
  private static final Logger LOG = LoggerFactory.getLogger(LibvirtHypervisor.class);

  private final String uri;
  private final Connect connect;
  private final AtomicBoolean jobStatsFailureLogged = new AtomicBoolean();

  private LibvirtHypervisor(String uri, Connect connect) {
    this.uri = uri;
    this.connect = connect;
  }

  /** Connects to {@code uri}; the message of a failure says how to start libvirtd. */
  public static LibvirtHypervisor connect(String uri) {
    try {
      return new LibvirtHypervisor(uri, new Connect(uri));
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
  public synchronized List<DomainStatus> list(String prefix) {
    try {
      List<DomainStatus> result = new ArrayList<>();
      for (int id : connect.listDomains()) {
        Domain domain = lookup(() -> connect.domainLookupByID(id));
        if (domain != null && domain.getName().startsWith(prefix)) {
          result.add(info(domain));
        }
      }
      for (String name : connect.listDefinedDomains()) {
        if (name.startsWith(prefix)) {
          find(name).ifPresent(result::add);
        }
      }
      return result;
    } catch (LibvirtException e) {
      throw new HypervisorException("cannot list domains: " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized Optional<DomainStatus> find(String name) {
    try {
      Domain domain = lookup(() -> connect.domainLookupByName(name));
      return domain == null ? Optional.empty() : Optional.of(info(domain));
    } catch (LibvirtException e) {
      throw new HypervisorException("cannot read domain " + name + ": " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void define(String xml) {
    try {
      connect.domainDefineXML(xml);
    } catch (LibvirtException e) {
      throw new HypervisorException("libvirt refused the domain definition: " + e.getMessage(), e);
    }
  }

  @Override
  public void start(String name) {
    // Not synchronized: starting a domain takes a while and must not hold up readers.
    try {
      Domain domain = lookup(() -> connect.domainLookupByName(name));
      if (domain == null) {
        throw new HypervisorException("cannot start " + name + ": no such domain", null);
      }
      domain.create();
    } catch (LibvirtException e) {
      throw new HypervisorException("cannot start " + name + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void destroy(String name) {
    try {
      Domain domain = lookup(() -> connect.domainLookupByName(name));
      if (domain != null && domain.isActive() == 1) {
        domain.destroy();
      }
    } catch (LibvirtException e) {
      if (e.getError().getCode() != ErrorNumber.VIR_ERR_OPERATION_INVALID) {
        throw new HypervisorException("cannot destroy " + name + ": " + e.getMessage(), e);
      }
    }
  }

  @Override
  public synchronized void undefine(String name) {
    try {
      Domain domain = lookup(() -> connect.domainLookupByName(name));
      if (domain != null) {
        domain.undefine();
      }
    } catch (LibvirtException e) {
      throw new HypervisorException("cannot undefine " + name + ": " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void setMemory(String name, long mib) {
    try {
      Domain domain = lookup(() -> connect.domainLookupByName(name));
      if (domain == null) {
        throw new HypervisorException("cannot set the memory of " + name + ": no such domain", null);
      }
      domain.setMemory(mib * 1024);
    } catch (LibvirtException e) {
      throw new HypervisorException("cannot set the memory of " + name + " to " + mib + " MiB: "
          + e.getMessage(), e);
    }
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
    // Not synchronized: it takes as long as the copy, and the controller must go on meanwhile.
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
      throw new HypervisorException("migration of " + name + " to " + target.libvirtUri() + " failed: "
          + e.getMessage(), e);
    }
  }

  @Override
  public Optional<MigrationStats> migrationStats(String name) {
    try {
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
    } catch (LibvirtException e) {
      return Optional.empty(); // the domain left, or the job ended between two calls
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
      Domain domain = lookup(() -> connect.domainLookupByName(name));
      if (domain == null) {
        return OptionalLong.empty();
      }
      LibvirtJobStats.Job done = LibvirtJobStats.read(domain, JOB_STATS_COMPLETED);
      return done.type() == 0 || !done.params().containsKey("downtime") ? OptionalLong.empty()
          : OptionalLong.of(done.number("downtime"));
    } catch (LibvirtJobStats.Unavailable | LibvirtException e) {
      return OptionalLong.empty();
    }
  }

  @Override
  public void abortMigration(String name) {
    try {
      Domain domain = lookup(() -> connect.domainLookupByName(name));
      if (domain != null) {
        domain.abortJob();
      }
    } catch (LibvirtException e) {
      if (e.getError().getCode() != ErrorNumber.VIR_ERR_OPERATION_INVALID) {
        throw new HypervisorException("cannot abort the migration of " + name + ": " + e.getMessage(), e);
      }
    }
  }

  @Override
  public void close() {
    try {
      connect.close();
    } catch (LibvirtException e) {
      // Closing a dead connection has nothing left to do.
    }
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
