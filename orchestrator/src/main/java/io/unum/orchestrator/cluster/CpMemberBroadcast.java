package io.unum.orchestrator.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.cp.internal.MetadataRaftGroupManager;
import com.hazelcast.cp.internal.RaftService;
import com.hazelcast.instance.impl.HazelcastInstanceProxy;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells every member which members hold the CP seats, every second. A member learns that only
 * from the METADATA group's leader, which in Hazelcast 5.3.8 sends it when the list changes and
 * every 10 s (hard-wired); a member that joins in between can make no CP call until the next
 * round, and one that was still joining when the list came drops it. A restarted orchestrator so
 * took its lease 0.5-9 s after it joined; with a lease term of 18 s that decided whether a crash
 * restart kept the host's nodes. The call is the leader's own broadcast (package-private in
 * Hazelcast, reached by reflection); on a member that does not lead the group it does nothing.
 */
final class CpMemberBroadcast implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CpMemberBroadcast.class);
  private static final long PERIOD_MILLIS = 1000;
  private final MetadataRaftGroupManager metadata;
  private final Method broadcast;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "cp-member-broadcast");
    thread.setDaemon(true);
    return thread;
  });

  private CpMemberBroadcast(MetadataRaftGroupManager metadata, Method broadcast) {
    this.metadata = metadata;
    this.broadcast = broadcast;
  }

  /** Started on {@code hazelcast}; null (and a warning) when this Hazelcast has no such call. */
  static CpMemberBroadcast start(HazelcastInstance hazelcast) {
    RaftService raft = ((HazelcastInstanceProxy) hazelcast).getOriginal().node.getNodeEngine()
        .getService(RaftService.SERVICE_NAME);
    try {
      Method broadcast = MetadataRaftGroupManager.class.getDeclaredMethod("broadcastActiveCPMembers");
      broadcast.setAccessible(true);
      CpMemberBroadcast started = new CpMemberBroadcast(raft.getMetadataGroupManager(), broadcast);
      started.timer.scheduleWithFixedDelay(started::send, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
      return started;
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.warn("cannot tell joining members the CP seats every second ({}); they learn them within 10 s", e.toString());
      return null;
    }
  }

  private void send() {
    try {
      broadcast.invoke(metadata);
    } catch (IllegalAccessException | InvocationTargetException | RuntimeException e) {
      LOG.debug("CP member broadcast failed (next round in a second): {}", e.toString());
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
