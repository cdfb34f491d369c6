package io.unum.orchestrator.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.cp.CPMember;
import com.hazelcast.cp.CPSubsystemManagementService;
import java.util.Collection;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the CP subsystem (the Raft group behind the leader epoch) at its full member count: a
 * CP member that stays gone is removed after {@link ControlPlane#CP_MISSING_MEMBER_SECONDS},
 * and then a host that is not a CP member takes the free seat. Without this, a restarted host
 * would come back as a plain member and the next failure would cost the CP majority.
 */
final class CpSeats implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CpSeats.class);
  private static final long PERIOD_SECONDS = 5;
  private static final long CALL_TIMEOUT_SECONDS = 3;

  private final HazelcastInstance hazelcast;
  private final int seats;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "cp-seats");
    thread.setDaemon(true);
    return thread;
  });

  CpSeats(HazelcastInstance hazelcast, int seats) {
    this.hazelcast = hazelcast;
    this.seats = seats;
  }

  void start() {
    timer.scheduleWithFixedDelay(this::fill, PERIOD_SECONDS, PERIOD_SECONDS, TimeUnit.SECONDS);
  }

  private void fill() {
    try {
      CPSubsystemManagementService cp = hazelcast.getCPSubsystem().getCPSubsystemManagementService();
      if (!cp.isDiscoveryCompleted() || hazelcast.getCPSubsystem().getLocalCPMember() != null) {
        return;
      }
      Collection<CPMember> members = cp.getCPMembers().toCompletableFuture()
          .get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      if (members.size() < seats) {
        LOG.info("the CP subsystem has {} of {} members: this host takes the free seat", members.size(), seats);
        cp.promoteToCPMember().toCompletableFuture().get(CALL_TIMEOUT_SECONDS * 10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.debug("CP seat check failed (retrying): {}", e.getMessage());
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
