package io.unum.orchestrator.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.IcmpFailureDetectorConfig;
import com.hazelcast.config.cp.RaftAlgorithmConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.sun.security.auth.module.UnixSystem;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Starts this host's embedded Hazelcast member. Members find each other only through the static
 * list of peers (TCP-IP join, no multicast) and never phone home; {@link MemberSecurity} keeps
 * clients out and strangers' classes unread.
 */
public final class ControlPlane implements AutoCloseable {
  /** Raft members of the CP subsystem once the cluster has this many hosts or more. */
  public static final int CP_MEMBERS = 3;
  private static final long CP_READ_TIMEOUT_MILLIS = 1500;
  static final int ICMP_INTERVAL_MILLIS = 1000;
  static final int ICMP_MAX_ATTEMPTS = 3;
  /** Seconds between Hazelcast's moves of Raft group leaderships (RaftGroupMembershipManager). */
  static final String LEADERSHIP_REBALANCE_PERIOD = "hazelcast.raft.leadership.rebalance.period";
  /** How long a count of live CP seats is reused: status reads are frequent, the count costs five remote calls. */
  private static final long CP_SEATS_REUSE_NANOS = 1_000_000_000L;
  private static final long LEAVE_TIMEOUT_MILLIS = 10_000;
  private static final Logger LOG = LoggerFactory.getLogger(ControlPlane.class);

  private final HazelcastInstance hazelcast;
  private final DurableSpecs durableSpecs;
  private final CpSeats cpSeats;
  /** Null without a CP subsystem. */
  private final CpMemberBroadcast cpBroadcast;
  /** How long each step of {@link #start} took, for the daemon's "ready" line. */
  private final String startSteps;
  private volatile boolean closing;
  /** The last count of live CP seats; null before the first. */
  private SeatCount seatsCounted;

  private record SeatCount(int seats, long atNanos) {}

  private ControlPlane(HazelcastInstance hazelcast, DurableSpecs durableSpecs, CpSeats cpSeats,
      CpMemberBroadcast cpBroadcast, String startSteps) {
    this.startSteps = startSteps;
    this.hazelcast = hazelcast;
    this.durableSpecs = durableSpecs;
    this.cpSeats = cpSeats;
    this.cpBroadcast = cpBroadcast;
  }

  /**
   * Joins (or forms) the control plane named {@code clusterName}, binding {@code bindAddress}:
   * {@code port}, with desired state persisted under {@code stateDir}.
   */
  public static ControlPlane start(String clusterName, String memberName, String bindAddress,
      int port, List<String> peers, Path stateDir) {
    return start(clusterName, memberName, bindAddress, port, peers, stateDir, CpSeats.MISSING_AFTER);
  }

  /** As above, a spare host taking the seat of a CP member gone {@code missingAfter}. */
  static ControlPlane start(String clusterName, String memberName, String bindAddress,
      int port, List<String> peers, Path stateDir, Duration missingAfter) {
    System.setProperty("hazelcast.logging.type", "slf4j");
    Config config = new Config()
        .setClusterName(clusterName)
        .setInstanceName(memberName)
        .setProperty("hazelcast.phone.home.enabled", "false")
        .setProperty("hazelcast.shutdownhook.enabled", "false")
        // Notice a vanished orchestrator within seconds, not the default minute.
        .setProperty("hazelcast.heartbeat.interval.seconds", "1")
        .setProperty("hazelcast.max.no.heartbeat.seconds", "10")
        // The peers are a short static list: no need to wait 5 s for more of them to show up.
        .setProperty("hazelcast.wait.seconds.before.join", "1")
        // After a network partition heals, merge the halves within seconds, not minutes.
        .setProperty("hazelcast.merge.first.run.delay.seconds", "10")
        .setProperty("hazelcast.merge.next.run.delay.seconds", "10")
        // A graceful leave gives up handing partitions over and leaving the CP groups after this
        // (default 600 s): the last members of a cluster can never get that confirmed. It stays
        // graceful even for a restart: each member that leaves the CP groups shrinks them, so the
        // hosts restarting after it still find a majority for their leases' parting renewals.
        .setProperty("hazelcast.graceful.shutdown.max.wait", String.valueOf(LEAVE_TIMEOUT_MILLIS / 1000 - 2));
    MemberSecurity.applyTo(config, bindAddress, port,
        peers.isEmpty() ? List.of(bindAddress + ":" + port) : peers);
    // A host that is off or cut off answers no ping: drop its member after ~3 s of silence rather
    // than the 10 s heartbeat deadline, because until then every CP call aimed at it (the leases
    // of every host, if it led the Raft group) waits. A host that is only busy or hung still
    // answers pings (its kernel does); the heartbeat deadline judges those. Pings need a raw
    // socket, so root; the fallback (TCP port 7) would take a firewall for a dead host.
    config.getAdvancedNetworkConfig().setIcmpFailureDetectorConfig(new IcmpFailureDetectorConfig() // in force: MemberSecurity enables it
        .setEnabled(runsAsRoot())
        .setParallelMode(true)
        .setFailFastOnStartup(true)
        .setIntervalMilliseconds(ICMP_INTERVAL_MILLIS)
        .setTimeoutMilliseconds(ICMP_INTERVAL_MILLIS)
        .setMaxAttempts(ICMP_MAX_ATTEMPTS));
    config.getJetConfig().setEnabled(false);
    MergePolicies.applyTo(config);
    // Three hosts or more: the leader epoch lives in a Raft group (linearizable, survives one
    // host's loss). Fewer: Hazelcast's unsafe mode, and the status says so.
    boolean cp = peers.size() >= CP_MEMBERS;
    if (cp) {
      // Hazelcast moves Raft group leaderships between CP members every minute to even them out.
      // In 5.3.8, a move that lands while a restarted host is being added to the group throws in
      // LeadershipTransferTask and leaves the leader refusing every write (CannotReplicateException)
      // for good: seen in the lab as no lease renewal for over a minute, every host fencing itself.
      // Two groups need no balancing: never move a leadership.
      config.setProperty(LEADERSHIP_REBALANCE_PERIOD, String.valueOf(Integer.MAX_VALUE));
      config.getCPSubsystemConfig()
          .setCPMemberCount(CP_MEMBERS)
          .setGroupSize(CP_MEMBERS)
          // Hazelcast would drop a member gone a minute even with no host to take its seat, leaving
          // a group of two that survives no loss, and the member could never rejoin: CpSeats decides.
          .setMissingCPMemberAutoRemovalSeconds(0)
          // A dead Raft leader is noticed in ~3 s (default ~25 s): the leader epoch must move
          // on within seconds of a host's death.
          .setRaftAlgorithmConfig(new RaftAlgorithmConfig()
              .setLeaderHeartbeatPeriodInMillis(1000)
              .setMaxMissedLeaderHeartbeatCount(3)
              .setLeaderElectionTimeoutInMillis(1000));
    }

    SpecFiles files = new SpecFiles(stateDir.resolve("specs"));
    long t0 = System.nanoTime();
    HazelcastInstance hazelcast = Hazelcast.newHazelcastInstance(config);
    long joined = System.nanoTime();
    DurableSpecs durable = new DurableSpecs(hazelcast.getMap(HazelcastClusterStore.SPECS), files);
    long identified;
    try {
      // Before this host's specs are merged: they must not leak into another cluster.
      ClusterIdentity.verify(hazelcast, clusterName, stateDir);
      identified = System.nanoTime();
      durable.start();
    } catch (RuntimeException e) {
      hazelcast.getLifecycleService().terminate();
      throw e;
    }
    long merged = System.nanoTime();
    CpSeats seats = new CpSeats(hazelcast, CP_MEMBERS, missingAfter);
    CpMemberBroadcast broadcast = null;
    if (cp) {
      seats.start();
      broadcast = CpMemberBroadcast.start(hazelcast);
    }
    String steps = String.format(Locale.ROOT, "joined %.1f s, cluster id %.1f s, specs %.1f s, CP seats %.1f s",
        (joined - t0) / 1e9, (identified - joined) / 1e9, (merged - identified) / 1e9, (System.nanoTime() - merged) / 1e9);
    return new ControlPlane(hazelcast, durable, seats, broadcast, steps);
  }

  private static boolean runsAsRoot() {
    return new UnixSystem().getUid() == 0;
  }

  /** How long each step of joining took: "joined 3.1 s, cluster id 0.2 s, specs 0.4 s, CP seats 1.0 s". */
  public String startSteps() {
    return startSteps;
  }

  /** Local replicas of the shared maps, for listings; close it before the control plane. */
  public ReplicatedClusterView view() {
    return new ReplicatedClusterView(hazelcast);
  }

  public ClusterStore store() {
    return new HazelcastClusterStore(hazelcast, durableSpecs::persist);
  }

  /** Registers {@code self} as an up host of this control plane; close it to leave cleanly. */
  public HostRegistry registerHost(ClusterStore store, HostInfo self) {
    HostRegistry registry = new HostRegistry(hazelcast, store, self);
    registry.start();
    return registry;
  }

  /**
   * Starts watching every host's heartbeat; the verdicts (up, suspect, down) are written only
   * while {@code leadership} leads with the newest epoch, so a leader cut off in a minority, which
   * cannot read the epoch, marks no one down.
   *
   * @param view     where the hosts are read (a local replica; the verdicts are written to the store)
   * @param deadline how long a host may go unheard before it is down
   */
  public HostWatch watchHosts(ClusterStore store, ClusterView view, Leadership leadership, Duration deadline) {
    HostWatch watch = new HostWatch(store, view, new FailureDetector(deadline), () -> memberIds(hazelcast),
        () -> leadership.isLeader() && leadership.currentEpoch() == leadership.epoch(), System::nanoTime);
    watch.start();
    return watch;
  }

  /** The member ids of the membership as {@code hazelcast}'s member sees it. */
  static Set<String> memberIds(HazelcastInstance hazelcast) {
    return hazelcast.getCluster().getMembers().stream().map(m -> m.getUuid().toString())
        .collect(Collectors.toSet());
  }

  /** Starts following who leads the control plane (the oldest member). */
  public Leadership leadership() {
    Leadership leadership = new Leadership(hazelcast);
    leadership.start();
    return leadership;
  }

  /** The member itself, for the stores other packages keep in Hazelcast (events, jobs). */
  public HazelcastInstance hazelcast() {
    return hazelcast;
  }

  /** The member id of the oldest member: the leader. */
  public String oldestMemberId() {
    return hazelcast.getCluster().getMembers().iterator().next().getUuid().toString();
  }

  /**
   * Runs {@code lost} (once, on a Hazelcast thread) if Hazelcast stops this member without being
   * asked, e.g. "Terminating because of CP discovery failure" when one of the first three hosts
   * leaves before the CP group formed. A daemon without its control plane must not linger.
   */
  public void whenLost(Runnable lost) {
    hazelcast.getLifecycleService().addLifecycleListener(event -> {
      if (event.getState() == LifecycleEvent.LifecycleState.SHUTDOWN && !closing) {
        lost.run();
      }
    });
  }

  /**
   * Runs {@code reset} (on the CP seat keeper's thread) with the addresses of the seats lost
   * whenever this member resets a CP subsystem whose majority died ({@link CpSeats}).
   */
  public void whenCpReset(Consumer<List<String>> reset) {
    cpSeats.onReset(reset);
  }

  /** Whether the CP subsystem runs (three hosts or more) rather than Hazelcast's unsafe mode. */
  public boolean cpEnabled() {
    return hazelcast.getConfig().getCPSubsystemConfig().getCPMemberCount() > 0;
  }

  /**
   * How many seats of the Raft groups behind the leader epoch live hosts hold: {@link #CP_MEMBERS}
   * means one more host may be lost. -1 when that cannot be told within about a second. At most
   * a second old: callers at once share one count.
   */
  public synchronized int cpLiveSeats() {
    long now = System.nanoTime();
    if (seatsCounted == null || now - seatsCounted.atNanos() > CP_SEATS_REUSE_NANOS) {
      seatsCounted = new SeatCount(CpSeats.liveSeats(hazelcast, now + CP_READ_TIMEOUT_MILLIS * 1_000_000L),
          System.nanoTime());
    }
    return seatsCounted.seats();
  }

  /** Whether this host's CP seat went to another host while it was cut off (a restart makes it a spare again). */
  public boolean cpSeatLost() {
    return cpSeats.seatLost();
  }

  public int memberCount() {
    return hazelcast.getCluster().getMembers().size();
  }

  @Override
  public void close() {
    closing = true;
    cpSeats.close();
    if (cpBroadcast != null) {
      cpBroadcast.close();
    }
    durableSpecs.close();
    // A graceful leave hands partitions over and leaves the CP group; the last CP members of a
    // cluster cannot get that confirmed, so after a bound they leave the hard way.
    Thread leave = new Thread(hazelcast::shutdown, "control-plane-leave");
    leave.start();
    try {
      leave.join(LEAVE_TIMEOUT_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (leave.isAlive()) {
      LOG.warn("the control plane did not confirm this host's leave within {} s; leaving anyway",
          LEAVE_TIMEOUT_MILLIS / 1000);
      hazelcast.getLifecycleService().terminate();
    }
  }
}
