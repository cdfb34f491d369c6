package io.unum.orchestrator.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.cp.IAtomicLong;
import com.hazelcast.cp.exception.CPGroupDestroyedException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who leads the control plane: the oldest member, as every member sees the same member order.
 * Each new leader takes the next epoch from a CP counter, so a decision that carries an epoch
 * can be checked against the current one and is never made twice by two leaders. A leader keeps
 * leading only while the majority confirms its epoch is still the newest (every half second):
 * cut off in a minority, it stops within {@link #STEP_DOWN_AFTER}, before the majority, which
 * waits out a member's 10 s of silence, can have a new one; seeing a newer epoch, at once.
 */
public final class Leadership implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Leadership.class);
  static final String EPOCH = "unum.leader-epoch";
  private static final long READ_TIMEOUT_MILLIS = 1500;
  /** How long a leader acts without the majority confirming its epoch. */
  static final Duration STEP_DOWN_AFTER = Duration.ofSeconds(5);

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
  /** When the majority last confirmed {@link #epoch} as the newest, on {@link System#nanoTime}. */
  private volatile long confirmedNanos;
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

  /** Whether this member leads now: elected, and its epoch confirmed by the majority within {@link #STEP_DOWN_AFTER}. */
  public boolean isLeader() {
    return leading && System.nanoTime() - confirmedNanos <= STEP_DOWN_AFTER.toNanos();
  }

  /**
   * The epoch to act with now, the fencing token of every leader write ({@link LeaderStamp}):
   * {@link #epoch()} while {@link #isLeader()}, else {@link LeaderStamp#NONE}.
   */
  private long actingEpoch() {
    long taken = epoch;
    return isLeader() ? taken : LeaderStamp.NONE;
  }

  /** This leadership as a term that acts only while {@code holdsLease} too (see {@link LeaderTerm}). */
  public LeaderTerm term(BooleanSupplier holdsLease) {
    return new LeaderTerm() {
      @Override
      public long epoch() {
        return holdsLease.getAsBoolean() ? actingEpoch() : LeaderStamp.NONE;
      }

      @Override
      public boolean overtake(long stamp) {
        return holdsLease.getAsBoolean() && Leadership.this.overtake(stamp);
      }
    };
  }

  /**
   * Moves this leader's epoch past {@code stamp}, a record's, by a compare-and-set of the counter
   * from this leader's own epoch: records outlive a reset of the CP subsystem, whose counter starts
   * again at 0, and would otherwise refuse every write of the leaders after it. The set fails for
   * a deposed leader (the counter moved on without it), so only the holder of the newest epoch
   * overtakes. Returns whether it did.
   */
  synchronized boolean overtake(long stamp) {
    long own = epoch;
    IAtomicLong counter = epochs;
    if (!isLeader() || stamp <= own || counter == null) {
      return false;
    }
    try {
      if (!await(counter.compareAndSetAsync(own, stamp + 1))) {
        return false;
      }
    } catch (RuntimeException e) {
      LOG.debug("could not move the epoch past {}: {}", stamp, e.getMessage());
      return false;
    }
    epoch = stamp + 1;
    confirmedNanos = System.nanoTime();
    LOG.warn("a record carries epoch {}, newer than this leader's {} (written before the CP subsystem was reset):"
        + " this host leads with epoch {} now", stamp, own, epoch);
    return true;
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
      return await(counter.getAsync());
    } catch (RuntimeException e) {
      return -1;
    }
  }

  private <T> T await(CompletionStage<T> call) {
    try {
      return call.toCompletableFuture().get(READ_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("the CP majority did not answer within " + READ_TIMEOUT_MILLIS + " ms", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof CPGroupDestroyedException) {
        epochs = null; // the CP subsystem was reset: the counter lives in a new group now
      }
      throw new IllegalStateException("the CP majority refused: " + e.getCause().getClass().getSimpleName(), e);
    }
  }

  private void evaluate() {
    try {
      if (epochs == null) {
        // Outside the lock that overtake() takes: with CP on, this blocks until the CP group exists.
        epochs = hazelcast.getCPSubsystem().getAtomicLong(EPOCH);
      }
      judge();
    } catch (RuntimeException e) {
      // The control plane may be shutting down or without quorum: try again on the next tick.
      LOG.debug("leadership check failed: {}", e.getMessage());
    }
  }

  /** Claims, keeps or gives up leadership; each call to the majority waits {@link #READ_TIMEOUT_MILLIS} at most. */
  private synchronized void judge() {
    boolean oldest = hazelcast.getCluster().getMembers().iterator().next().localMember();
    if (oldest && !leading) {
      // Without a majority this fails, and this member does not lead: it tries again next tick.
      // Compare-and-set, not increment: a call that timed out may still land later, and must
      // not then move the epoch past the one this member took.
      long newest = await(epochs.getAsync());
      if (!await(epochs.compareAndSetAsync(newest, newest + 1))) {
        return;
      }
      long taken = newest + 1;
      epoch = taken;
      confirmedNanos = System.nanoTime();
      leading = true;
      LOG.info("this host leads the control plane, epoch {}", epoch);
      listeners.forEach(l -> l.elected(taken));
    } else if (!oldest && leading) {
      depose("an older member is back");
    } else if (leading) {
      confirm();
    }
  }

  /** Asks the majority whether this member's epoch is still the newest; steps down when not, or when it cannot tell. */
  private void confirm() {
    long newest;
    try {
      newest = await(epochs.getAsync());
    } catch (RuntimeException e) {
      if (!isLeader()) {
        depose("the majority has not confirmed its epoch for " + STEP_DOWN_AFTER.toSeconds() + " s (" + e.getMessage()
            + "): cut off, or the CP subsystem is changing leaders");
      }
      return;
    }
    if (newest != epoch) {
      depose("a newer leader took epoch " + newest);
    } else {
      confirmedNanos = System.nanoTime();
    }
  }

  private void depose(String why) {
    leading = false;
    LOG.warn("this host no longer leads (epoch {}): {}", epoch, why);
    listeners.forEach(l -> l.deposed(epoch));
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
