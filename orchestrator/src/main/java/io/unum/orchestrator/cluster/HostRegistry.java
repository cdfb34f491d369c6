package io.unum.orchestrator.cluster;

import com.hazelcast.core.HazelcastInstance;
import java.lang.management.ManagementFactory;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this host's entry in the control plane: registers it as up, moves its heartbeat counter
 * and refreshes its load every second, and marks it left on a clean shutdown. Whether other
 * hosts are up, suspect or down is the {@link HostWatch}'s to say.
 */
public final class HostRegistry implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HostRegistry.class);
  /** The heartbeat period: well within {@link FailureDetector#SUSPECT_AFTER}. */
  private static final long BEAT_MILLIS = 1000;

  private final HazelcastInstance hazelcast;
  private final ClusterStore store;
  private final HostInfo self;
  private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "host-registry");
    thread.setDaemon(true);
    return thread;
  });
  private final AtomicLong beats = new AtomicLong();
  /** Why this host cannot run or take nodes now, or null; see {@link #reportDegraded}. */
  private volatile String degraded;

  HostRegistry(HazelcastInstance hazelcast, ClusterStore store, HostInfo self) {
    this.hazelcast = hazelcast;
    this.store = store;
    this.self = self;
  }

  /** Registers this host; refuses when a live member already holds its name. */
  void start() {
    Set<String> live = ControlPlane.memberIds(hazelcast);
    long now = System.currentTimeMillis();
    String memberId = localMemberId();
    long beat = beats.incrementAndGet();
    store.updateHost(self.name(), current -> {
      if (current != null && !current.state().gone() && !current.memberId().equals(memberId)
          && live.contains(current.memberId())) {
        throw new IllegalStateException("host name '" + self.name() + "' is already registered by the"
            + " orchestrator at " + current.info().apiAddress() + "; give each host its own name");
      }
      return new HostStatus(self, memberId, HostState.UP, now, load(), degraded, beat);
    });
    refresher.scheduleWithFixedDelay(this::refresh, BEAT_MILLIS, BEAT_MILLIS, TimeUnit.MILLISECONDS);
    LOG.info("host {} registered in the control plane as member {}", self.name(), memberId);
  }

  private void refresh() {
    try {
      double load = load();
      long beat = beats.incrementAndGet();
      // After a partition heals, the merged member may have a new id, and the leader marked this
      // host suspect or down meanwhile: register again, unless another live orchestrator holds
      // the name. Being heard is enough to be up again.
      String me = localMemberId();
      Set<String> live = ControlPlane.memberIds(hazelcast);
      long now = System.currentTimeMillis();
      HostStatus after = store.updateHost(self.name(), s -> {
        if (s != null && s.state() == HostState.UP && s.memberId().equals(me)) {
          return s.withLoad(load).withDegraded(degraded).withHeartbeat(beat);
        }
        boolean someoneElse = s != null && !s.state().gone() && !s.memberId().equals(me)
            && live.contains(s.memberId());
        return someoneElse ? s : new HostStatus(self, me, HostState.UP, now, load, degraded, beat);
      });
      if (after != null && after.memberId().equals(me) && after.sinceMillis() == now) {
        LOG.info("host {} is back in the control plane as member {}", self.name(), me);
      }
    } catch (RuntimeException e) {
      LOG.warn("host registry refresh failed: {}", e.getMessage());
    }
  }

  /**
   * Says why this host cannot run or take nodes now (its hypervisor fails), or null when it can
   * again: shown with the host, and placement and the balancer pass it by meanwhile.
   */
  public void reportDegraded(String why) {
    if (Objects.equals(why, degraded)) {
      return;
    }
    degraded = why;
    String me = localMemberId();
    try {
      store.updateHost(self.name(), s -> s != null && s.memberId().equals(me) ? s.withDegraded(why) : s);
    } catch (RuntimeException e) {
      LOG.warn("cannot record that this host is {}: {} (the next refresh does)", why == null ? "well again"
          : "degraded", e.getMessage());
    }
  }

  private String localMemberId() {
    return hazelcast.getCluster().getLocalMember().getUuid().toString();
  }

  private static double load() {
    return Math.max(0, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  /** Marks this host as having left cleanly. */
  @Override
  public void close() {
    refresher.shutdownNow();
    try {
      // A beat under way must not write "up" over the "left" below.
      refresher.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    long now = System.currentTimeMillis();
    String me = localMemberId();
    store.updateHost(self.name(), s -> s == null || !s.memberId().equals(me) ? s
        : s.withState(HostState.LEFT, now));
  }
}
