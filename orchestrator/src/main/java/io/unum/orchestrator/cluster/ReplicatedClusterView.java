package io.unum.orchestrator.cluster;

import com.hazelcast.core.HazelcastInstance;
import java.util.Collection;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ClusterView} from local replicas of the shared maps: what the API's listings and the
 * loops that only watch (heartbeats, the mesh's host list) read, so that neither costs a query of
 * every member. A view a few milliseconds behind is fine for those; a decision reads the maps
 * themselves, or writes by compare-and-set against them.
 */
public final class ReplicatedClusterView implements ClusterView, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ReplicatedClusterView.class);
  private static final long RESYNC_SECONDS = 10;

  private final MapReplica<Integer, SpecRecord> specs;
  private final MapReplica<Integer, NodeStatus> statuses;
  private final MapReplica<String, HostStatus> hosts;
  private final MapReplica<String, String> maintenance;
  private final ScheduledExecutorService resync = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "view-resync");
    t.setDaemon(true);
    return t;
  });

  ReplicatedClusterView(HazelcastInstance hazelcast) {
    this.specs = new MapReplica<>(hazelcast.getMap(HazelcastClusterStore.SPECS));
    this.statuses = new MapReplica<>(hazelcast.getMap(HazelcastClusterStore.STATUSES));
    this.hosts = new MapReplica<>(hazelcast.getMap(HazelcastClusterStore.HOSTS));
    this.maintenance = new MapReplica<>(hazelcast.getMap(HazelcastClusterStore.MAINTENANCE));
    resync.scheduleWithFixedDelay(this::resyncSafely, RESYNC_SECONDS, RESYNC_SECONDS, TimeUnit.SECONDS);
  }

  private void resyncSafely() {
    try {
      specs.resync();
      statuses.resync();
      hosts.resync();
      maintenance.resync();
    } catch (RuntimeException e) {
      LOG.debug("view resync skipped: {}", e.getMessage());
    }
  }

  /**
   * Tells {@code listener} of each node spec change as this host learns of it, with the spec before
   * and after (null: none, or removed), on Hazelcast's event thread: it must return at once.
   */
  public void whenSpecChanges(BiConsumer<NodeSpec, NodeSpec> listener) {
    specs.onChange((before, after) -> listener.accept(before == null ? null : before.spec(),
        after == null ? null : after.spec()));
  }

  @Override
  public Collection<NodeSpec> specs() {
    return specs.values().stream().filter(r -> !r.removed()).map(SpecRecord::spec).toList();
  }

  @Override
  public Collection<NodeStatus> statuses() {
    return statuses.values();
  }

  @Override
  public Collection<HostStatus> hosts() {
    return hosts.values();
  }

  @Override
  public OptionalLong nodesRevision() {
    // Each moves by one per change, after it: their sum moves with either.
    return OptionalLong.of(specs.version() + statuses.version());
  }

  @Override
  public Map<String, String> maintenance() {
    return maintenance.asMap();
  }

  @Override
  public void close() {
    resync.shutdownNow();
  }
}
