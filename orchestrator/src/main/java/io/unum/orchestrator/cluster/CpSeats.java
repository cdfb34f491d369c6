package io.unum.orchestrator.cluster;

import com.hazelcast.cluster.Address;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.cp.internal.RaftService;
import com.hazelcast.cp.internal.raft.impl.RaftNode;
import com.hazelcast.instance.impl.HazelcastInstanceProxy;
import com.hazelcast.map.IMap;
import com.hazelcast.cp.CPGroup;
import com.hazelcast.cp.CPMember;
import com.hazelcast.cp.CPSubsystemManagementService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the CP subsystem (the Raft group behind the leader epoch) at its full member count. A host
 * that restarted comes back with a new CP identity while its old one still holds a seat, and
 * Hazelcast, seeing a live member at that seat's address, never removes it: so the restarted
 * host, not a CP member itself, frees the seat held at its own address (that is its previous
 * life) and takes it again at once (a host lost meanwhile then costs one seat of three, not the
 * majority). A CP member gone for another reason keeps its seat while no other host could take
 * it: a host cut off for minutes then takes its place again when it returns (a Hazelcast member
 * removed from the CP subsystem can never rejoin it without a restart, and removing a member of
 * three leaves a group of two that survives no loss at all). Only when a host without a seat
 * (a spare) is up does the oldest spare remove a member gone {@link #MISSING_AFTER} and take the
 * seat itself. A group whose majority died (two seats lost before either was taken back), or whose
 * last members left before any live member learned its seats, is reset from the oldest member,
 * the one way out Hazelcast has without CP persistence.
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
  /** How long a CP member must be gone before a spare host takes its seat. */
  static final Duration MISSING_AFTER = Duration.ofSeconds(60);
  /**
   * How long the CP subsystem may answer nothing, its majority's seats held by no live identity,
   * before the oldest member resets it: a round or two, for caught-up members' identities to be
   * published (every 2 s), while the leases (18 s) still run.
   */
  static final Duration RESET_AFTER = Duration.ofSeconds(5);

  private final HazelcastInstance hazelcast;
  private final int seats;
  private final long missingAfterNanos;
  /** CP member to when this host, as a spare, first saw it gone (System.nanoTime). */
  private final Map<UUID, Long> missingSince = new HashMap<>();
  /** Whether the CP subsystem's members, last read, lacked this host's CP identity (removed while it was cut off). */
  private volatile boolean seatLost;
  /** Told the lost seats' addresses after each reset this member made. */
  private final List<Consumer<List<String>>> resetListeners = new CopyOnWriteArrayList<>();
  /** Since when (System.nanoTime) the group has looked lost for good; 0: it does not. */
  private long stuckSince;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "cp-seats");
    thread.setDaemon(true);
    return thread;
  });

  CpSeats(HazelcastInstance hazelcast, int seats, Duration missingAfter) {
    this.hazelcast = hazelcast;
    this.seats = seats;
    this.missingAfterNanos = missingAfter.toNanos();
  }

  void onReset(Consumer<List<String>> listener) {
    resetListeners.add(listener);
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

  /** What a host without a seat does in one round: the seats it frees, and whether it takes one. */
  record SeatPlan(List<UUID> remove, boolean promote) {}

  /**
   * The plan of a host at {@code self} that holds no seat, given the CP members (identity to
   * address), the live members' addresses (oldest first) and since when each CP member is gone
   * ({@code missingSince}, updated here). It frees its own earlier lives' seats; only the oldest
   * live host without a seat (the spare that acts) frees seats gone {@code missingAfterNanos} and
   * takes a free seat, so two spares never race for one.
   */
  static SeatPlan plan(Map<UUID, Address> cpMembers, List<Address> liveOldestFirst, Address self, int seats,
      Map<UUID, Long> missingSince, long nowNanos, long missingAfterNanos) {
    List<UUID> remove = new ArrayList<>(leftByEarlierLives(cpMembers, self));
    Map<UUID, Address> others = new HashMap<>(cpMembers);
    remove.forEach(others::remove);
    missingSince.keySet().retainAll(others.keySet());
    for (Map.Entry<UUID, Address> member : others.entrySet()) {
      if (liveOldestFirst.contains(member.getValue())) {
        missingSince.remove(member.getKey());
      } else {
        missingSince.putIfAbsent(member.getKey(), nowNanos);
      }
    }
    boolean acts = liveOldestFirst.stream().filter(a -> !others.containsValue(a)).findFirst()
        .map(self::equals).orElse(false);
    if (!acts) {
      return new SeatPlan(remove, false);
    }
    List<UUID> gone = missingSince.entrySet().stream().filter(e -> nowNanos - e.getValue() >= missingAfterNanos)
        .map(Map.Entry::getKey).sorted().toList();
    remove.addAll(gone);
    return new SeatPlan(remove, others.size() - gone.size() < seats);
  }

  /**
   * Whether the group lost its majority for good: every seat's address is held by a live member
   * (so a seat's process is either that member or dead: an address holds one member at a time,
   * and a reset reaches every process that could still vote), and for a majority of the seats that
   * member has not published the seat's identity as its own (it restarted, or never caught up).
   * A seat whose address is not live may belong to a host cut off and alive: then this says no.
   *
   * @param identityAt each live member's address to the CP identity it published; absent: none
   */
  static boolean lostForGood(Map<UUID, Address> seats, Collection<Address> live, Map<Address, String> identityAt) {
    if (seats.isEmpty() || !live.containsAll(seats.values())) {
      return false;
    }
    long gone = seats.entrySet().stream()
        .filter(seat -> !seat.getKey().toString().equals(identityAt.get(seat.getValue()))).count();
    return gone > seats.size() / 2;
  }

  /**
   * Whether the group died before any live member learned its seats: this member knows none
   * ({@code seats} empty), none of the live members published a seat of its own, and there are
   * enough of them to seat a new group. A member learns the seats from the group's leader within
   * a second of joining (see {@link CpMemberBroadcast}); one that joined a cluster whose CP group
   * had formed, just as that group's last members left (every host restarted at once, the new
   * lives joining the last old one), never will, and Hazelcast never discovers the group again
   * in a cluster that has discovered it once. A member that knew the seats keeps knowing them, so
   * a split never makes this true on a side whose members held or saw the group.
   */
  static boolean diedUnseen(Map<UUID, Address> seats, int live, int seatCount, Map<Address, String> identityAt) {
    return seats.isEmpty() && live >= seatCount && identityAt.isEmpty();
  }

  private void fill() {
    try {
      CPSubsystemManagementService cp = hazelcast.getCPSubsystem().getCPSubsystemManagementService();
      if (!cp.isDiscoveryCompleted()) {
        return;
      }
      CPMember local = hazelcast.getCPSubsystem().getLocalCPMember();
      if (resetIfLostForGood(cp)) {
        return;
      }
      Collection<CPMember> members = cp.getCPMembers().toCompletableFuture()
          .get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      if (local != null) {
        noticeSeatLost(local, members);
        if (caughtUp(cp, local)) {
          publish(local);
        }
        return;
      }
      Map<UUID, Address> seated = members.stream().collect(Collectors.toMap(CPMember::getUuid, CPMember::getAddress));
      List<Address> live = hazelcast.getCluster().getMembers().stream().map(Member::getAddress).toList();
      Address self = hazelcast.getCluster().getLocalMember().getAddress();
      SeatPlan plan = plan(seated, live, self, seats, missingSince, System.nanoTime(), missingAfterNanos);
      for (UUID uuid : plan.remove()) {
        LOG.info(seated.get(uuid).equals(self)
            ? "CP member {} is this host before it restarted: its seat is freed"
            : "CP member {} has been gone for over " + missingAfterNanos / 1_000_000_000L
                + " s and this host is the oldest spare: its seat is freed", uuid);
        cp.removeCPMember(uuid).toCompletableFuture().get(CALL_TIMEOUT_SECONDS * 10, TimeUnit.SECONDS);
        missingSince.remove(uuid);
      }
      if (plan.promote()) {
        LOG.info("the CP subsystem has {} of {} members: this host takes the free seat",
            members.size() - plan.remove().size(), seats);
        cp.promoteToCPMember().toCompletableFuture().get(CALL_TIMEOUT_SECONDS * 10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.debug("CP seat check failed (retrying): {}", e.getMessage());
    }
  }

  /**
   * A member removed from the CP subsystem (a spare took its seat while it was cut off) keeps its
   * identity but can never be seated again, nor take another seat, until its orchestrator restarts.
   */
  private void noticeSeatLost(CPMember local, Collection<CPMember> members) {
    boolean lost = members.stream().noneMatch(m -> m.getUuid().equals(local.getUuid()));
    boolean news = lost && !seatLost;
    seatLost = lost;
    if (news) {
      LOG.error("this host's CP seat was given to another host while this one was cut off; it cannot take a"
          + " seat again, even when one is free, until its orchestrator is restarted (its nodes keep running)");
    }
  }

  /** Whether this host's CP identity was removed from the subsystem while it was cut off. */
  boolean seatLost() {
    return seatLost;
  }

  /**
   * Whether this host's Raft node of each group that seats it has committed a membership that
   * includes itself: it then holds the group's log and can vote, so the group survives the loss
   * of another member. Listed in a group is not enough: a host added a moment ago has no log yet,
   * and had the leader died then, the group would wait for it forever. Hazelcast has no public
   * call for this; RaftService is internal API of the pinned 5.3.8.
   */
  private boolean caughtUp(CPSubsystemManagementService cp, CPMember local) throws Exception {
    RaftService raft = raft();
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

  /**
   * On the oldest member (Hazelcast resets the CP subsystem from there only): when the group lost
   * its majority for good (hosts restarted one after another faster than each took its seat back,
   * or two at once) and has answered nothing for {@link #RESET_AFTER}, it never will, and every
   * host's lease would run out. Wipe the CP subsystem and form it anew from the live members, as a
   * restart of every host would: leases and the leader epoch start over, and the majority then
   * waits a whole lease term before it takes any host's nodes.
   */
  private boolean resetIfLostForGood(CPSubsystemManagementService cp) throws Exception {
    List<Member> live = List.copyOf(hazelcast.getCluster().getMembers());
    if (!live.get(0).localMember()) {
      stuckSince = 0;
      return false;
    }
    Map<UUID, Address> seats = raft().getMetadataGroupManager().getActiveMembers().stream()
        .collect(Collectors.toMap(CPMember::getUuid, CPMember::getAddress, (a, b) -> a));
    Map<Address, String> identities = publishedIdentities(live);
    boolean unseen = diedUnseen(seats, live.size(), this.seats, identities);
    if (!(unseen || lostForGood(seats, live.stream().map(Member::getAddress).toList(), identities)) || answers(cp)) {
      stuckSince = 0;
      return false;
    }
    long now = System.nanoTime();
    if (stuckSince == 0) {
      stuckSince = now;
    }
    if (now - stuckSince < RESET_AFTER.toNanos()) {
      return false;
    }
    stuckSince = 0;
    if (unseen) {
      LOG.error("the CP subsystem's last members left before any live member learned its seats (every host"
          + " restarted at once), and it has answered nothing for {} s; resetting it from the {} live members,"
          + " whose leases start over", RESET_AFTER.toSeconds(), live.size());
    } else {
      LOG.error("the CP subsystem lost the majority of its seats ({}) for good: their hosts' orchestrators"
          + " restarted before the group took the earlier ones back, and it has answered nothing for {} s;"
          + " resetting it from the live members, whose leases start over", seats.values(), RESET_AFTER.toSeconds());
    }
    cp.reset().toCompletableFuture().get(CALL_TIMEOUT_SECONDS * 10, TimeUnit.SECONDS);
    LOG.info("the CP subsystem was reset; it forms anew from the live members");
    List<String> lost = seats.values().stream().map(Address::toString).sorted().toList();
    resetListeners.forEach(listener -> listener.accept(lost));
    return true;
  }

  /** The CP identity each live member published (caught up in its groups), by address. */
  private Map<Address, String> publishedIdentities(List<Member> live) throws Exception {
    IMap<String, String> identities = hazelcast.getMap(IDENTITIES);
    Map<Address, String> at = new HashMap<>();
    for (Member member : live) {
      String identity = identities.getAsync(member.getUuid().toString()).toCompletableFuture()
          .get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      if (identity != null) {
        at.put(member.getAddress(), identity);
      }
    }
    return at;
  }

  /** Whether the metadata group answers a linearizable read in time. */
  private static boolean answers(CPSubsystemManagementService cp) {
    try {
      cp.getCPMembers().toCompletableFuture().get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  private RaftService raft() {
    return ((HazelcastInstanceProxy) hazelcast).getOriginal().node.getNodeEngine().getService(RaftService.SERVICE_NAME);
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
