package io.unum.orchestrator.cluster;

import com.hazelcast.cluster.Address;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.cp.internal.RaftService;
import com.hazelcast.cp.internal.raft.impl.RaftNode;
import com.hazelcast.instance.impl.HazelcastInstanceProxy;
import com.hazelcast.map.IMap;
import com.hazelcast.cp.CPGroup;
import com.hazelcast.cp.CPMember;
import com.hazelcast.cp.CPSubsystemManagementService;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the CP subsystem (the Raft group behind the leader epoch) at its full member count. A host
 * that restarted comes back with a new CP identity while its old one still holds a seat, and
 * Hazelcast, seeing a live member at that seat's address, never removes it: so the restarted
 * host, not a CP member itself, frees the seat held at its own address (that is its previous
 * life) and takes it again at once (a host lost meanwhile then costs one seat of three, not the
 * majority). A CP member that stays gone for another reason is removed after
 * {@link ControlPlane#CP_MISSING_MEMBER_SECONDS}, and then a host that is not a CP member takes
 * the free seat.
 */
final class CpSeats implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CpSeats.class);
  private static final long PERIOD_SECONDS = 2;
  private static final long CALL_TIMEOUT_SECONDS = 3;
  /**
   * Member UUID to the UUID of its CP identity (the two differ, and a restarted host has a new
   * one at the old address): how a seat held by a live host is told from a dead life's.
   */
  static final String IDENTITIES = "unum.cp-identities";
  /** The Raft groups Unum uses: the metadata group and the default one, which holds the leader epoch. */
  private static final List<String> GROUPS = List.of(CPGroup.METADATA_CP_GROUP_NAME, CPGroup.DEFAULT_GROUP_NAME);
  /** Each CP member renews its entry every period: a gone member's entry expires with it. */
  private static final long IDENTITY_TTL_SECONDS = 30;

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

  /**
   * The seats a host that is not a CP member left behind in an earlier life: those at its own
   * address (an address holds one member at a time).
   */
  static List<UUID> leftByEarlierLives(Map<UUID, Address> cpMembers, Address self) {
    return cpMembers.entrySet().stream().filter(e -> e.getValue().equals(self))
        .map(Map.Entry::getKey).sorted().toList();
  }

  private void fill() {
    try {
      CPSubsystemManagementService cp = hazelcast.getCPSubsystem().getCPSubsystemManagementService();
      if (!cp.isDiscoveryCompleted()) {
        return;
      }
      CPMember local = hazelcast.getCPSubsystem().getLocalCPMember();
      if (local != null) {
        if (caughtUp(cp, local)) {
          publish(local);
        }
        return;
      }
      Collection<CPMember> members = cp.getCPMembers().toCompletableFuture()
          .get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      List<UUID> earlier = leftByEarlierLives(
          members.stream().collect(Collectors.toMap(CPMember::getUuid, CPMember::getAddress)),
          hazelcast.getCluster().getLocalMember().getAddress());
      for (UUID uuid : earlier) {
        LOG.info("CP member {} is this host before it restarted: its seat is freed", uuid);
        cp.removeCPMember(uuid).toCompletableFuture().get(CALL_TIMEOUT_SECONDS * 10, TimeUnit.SECONDS);
      }
      if (members.size() - earlier.size() < seats) {
        LOG.info("the CP subsystem has {} of {} members: this host takes the free seat",
            members.size() - earlier.size(), seats);
        cp.promoteToCPMember().toCompletableFuture().get(CALL_TIMEOUT_SECONDS * 10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.debug("CP seat check failed (retrying): {}", e.getMessage());
    }
  }

  /**
   * Whether this host's Raft node of each group that seats it has committed a membership that
   * includes itself: it then holds the group's log and can vote, so the group survives the loss
   * of another member. Listed in a group is not enough: a host added a moment ago has no log yet,
   * and had the leader died then, the group would wait for it forever. Hazelcast has no public
   * call for this; RaftService is internal API of the pinned 5.3.8.
   */
  private boolean caughtUp(CPSubsystemManagementService cp, CPMember local) throws Exception {
    RaftService raft = ((HazelcastInstanceProxy) hazelcast).getOriginal().node.getNodeEngine()
        .getService(RaftService.SERVICE_NAME);
    for (String name : GROUPS) {
      CPGroup group = cp.getCPGroup(name).toCompletableFuture().get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      if (group != null && group.members().stream().anyMatch(m -> m.getUuid().equals(local.getUuid()))) {
        RaftNode node = raft.getRaftNode(group.id());
        if (node == null || !node.getCommittedMembers().contains(node.getLocalMember())) {
          return false;
        }
      }
    }
    return true;
  }

  private void publish(CPMember local) throws Exception {
    hazelcast.<String, String>getMap(IDENTITIES).setAsync(hazelcast.getCluster().getLocalMember().getUuid().toString(),
        local.getUuid().toString(), IDENTITY_TTL_SECONDS, TimeUnit.SECONDS).toCompletableFuture()
        .get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  /**
   * How many seats of the Raft groups (the metadata group and the default one, which holds the
   * leader epoch) live hosts hold, the fewer of the two: a seat counts while its host is up and has
   * caught up with the group. -1 when that cannot be told before {@code deadlineNanos}.
   */
  static int liveSeats(HazelcastInstance hazelcast, long deadlineNanos) {
    try {
      IMap<String, String> identities = hazelcast.getMap(IDENTITIES);
      List<CompletableFuture<String>> lookups = hazelcast.getCluster().getMembers().stream()
          .map(m -> identities.getAsync(m.getUuid().toString()).toCompletableFuture()).toList();
      Set<String> live = new HashSet<>();
      for (CompletableFuture<String> lookup : lookups) {
        String identity = lookup.get(Math.max(1, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (identity != null) {
          live.add(identity);
        }
      }
      CPSubsystemManagementService cp = hazelcast.getCPSubsystem().getCPSubsystemManagementService();
      int fewest = -1;
      for (String name : GROUPS) {
        CPGroup group = cp.getCPGroup(name).toCompletableFuture()
            .get(Math.max(1, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (group != null) { // the default group forms on first use
          int seats = (int) group.members().stream().filter(m -> live.contains(m.getUuid().toString())).count();
          fewest = fewest < 0 ? seats : Math.min(fewest, seats);
        }
      }
      return fewest;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    } catch (Exception e) {
      return -1;
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
