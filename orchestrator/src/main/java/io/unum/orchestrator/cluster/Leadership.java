package io.unum.orchestrator.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.cp.IAtomicLong;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who leads the control plane: the oldest member, as every member sees the same member order.
 * Each new leader takes the next epoch from a CP counter, so a decision that carries an epoch
 * can be checked against the current one and is never made twice by two leaders.
 */
public final class Leadership implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Leadership.class);
  static final String EPOCH = "unum.leader-epoch";
  private static final long READ_TIMEOUT_MILLIS = 1500;

  /** Told when this member starts or stops leading. Called on the leadership thread. */
  public interface Listener {
    void elected(long epoch);

    void deposed(long epoch);
  }

  private final HazelcastInstance hazelcast;
  /** Obtained lazily on the leadership thread: with CP on, it blocks until the CP group exists. */
  private volatile IAtomicLong epochs;
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "leadership");
    t.setDaemon(true);
    return t;
  });
  private volatile long epoch;
  private volatile boolean leading;
  private UUID membershipListener;

  Leadership(HazelcastInstance hazelcast) {
    this.hazelcast = hazelcast;
  }

  void start() {
    membershipListener = hazelcast.getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
        thread.execute(Leadership.this::evaluate);
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        thread.execute(Leadership.this::evaluate);
      }
    });
    thread.scheduleWithFixedDelay(this::evaluate, 0, 500, TimeUnit.MILLISECONDS);
  }

  public void addListener(Listener listener) {
    listeners.add(listener);
  }

  public boolean isLeader() {
    return leading;
  }

  /** The epoch this member leads with; 0 when it never led. */
  public long epoch() {
    return epoch;
  }

  /**
   * The newest epoch any leader took: a decision whose epoch is older comes from a deposed
   * leader. -1 when the CP subsystem cannot answer within a second or so (no majority).
   */
  public long currentEpoch() {
    IAtomicLong counter = epochs;
    if (counter == null) {
      return -1;
    }
    try {
      return counter.getAsync().toCompletableFuture().get(READ_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    } catch (Exception e) {
      return -1;
    }
  }

  private void evaluate() {
    try {
      if (epochs == null) {
        epochs = hazelcast.getCPSubsystem().getAtomicLong(EPOCH);
      }
      boolean oldest = hazelcast.getCluster().getMembers().iterator().next().localMember();
      if (oldest && !leading) {
        epoch = epochs.incrementAndGet();
        leading = true;
        LOG.info("this host leads the control plane, epoch {}", epoch);
        listeners.forEach(l -> l.elected(epoch));
      } else if (!oldest && leading) {
        leading = false;
        LOG.warn("this host no longer leads (epoch {}): an older member is back", epoch);
        listeners.forEach(l -> l.deposed(epoch));
      }
    } catch (RuntimeException e) {
      // The control plane may be shutting down or without quorum: try again on the next tick.
      LOG.debug("leadership check failed: {}", e.getMessage());
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
    if (membershipListener != null) {
      try {
        hazelcast.getCluster().removeMembershipListener(membershipListener);
      } catch (RuntimeException e) {
        // Already shut down.
      }
    }
    if (leading) {
      leading = false;
      listeners.forEach(l -> l.deposed(epoch));
    }
  }
}
