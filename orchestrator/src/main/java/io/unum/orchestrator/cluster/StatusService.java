package io.unum.orchestrator.cluster;

import io.unum.orchestrator.runlevel.ClusterRunLevel;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/** Puts together the cluster's and the hosts' status from the shared state and the control plane. */
public final class StatusService {
  /**
   * How long the status waits on a shared value (run level, init role) before it shows this host's
   * copy: the member holding it may be hung, and Hazelcast would wait for its heartbeat deadline.
   */
  private static final Duration READ_DEADLINE = Duration.ofMillis(500);
  private final PidSpace pids;
  private final ClusterView view;
  private final HostInfo thisHost;
  private final ControlPlane controlPlane;
  private final Leadership leadership;
  private final String version;
  private final String clusterName;
  private final HostService hosts;
  private final RunLevelStore runLevels;
  private final SharedValue<InitRole> initRole;
  private final Supplier<String> fencing;
  private final Supplier<LeaseReport> lease;

  /**
   * @param fencing  this host's lease, in a line
   * @param lease    the same in numbers, or null
   */
  public StatusService(ClusterView view, HostService hosts, RunLevelStore runLevels, SharedValue<InitRole> initRole,
      HostInfo thisHost, ControlPlane controlPlane, Leadership leadership, String version, String clusterName,
      PidSpace pids, Supplier<String> fencing, Supplier<LeaseReport> lease) {
    this.fencing = fencing;
    this.lease = lease;
    this.pids = pids;
    this.runLevels = runLevels;
    this.initRole = initRole;
    this.clusterName = clusterName;
    this.hosts = hosts;
    this.view = view;
    this.thisHost = thisHost;
    this.controlPlane = controlPlane;
    this.leadership = leadership;
    this.version = version;
  }

  private String consistency() {
    if (!controlPlane.cpEnabled()) {
      return "unsafe: fewer than " + ControlPlane.CP_MEMBERS + " hosts, so no CP subsystem (a lost host"
          + " may lose the leader epoch)";
    }
    int seats = controlPlane.cpLiveSeats();
    String self = controlPlane.cpSeatLost() ? "; this host's seat went to another host while it was cut off:"
        + " restart its orchestrator so it can take a seat again" : "";
    if (seats < 0) {
      return "degraded: the CP subsystem does not answer (no majority of its members reachable); leader"
          + " changes wait for one" + self;
    }
    return (seats >= ControlPlane.CP_MEMBERS
        ? "strong: CP subsystem with " + seats + " live members (survives the loss of one)"
        : "degraded: " + seats + " of the CP subsystem's " + ControlPlane.CP_MEMBERS
            + " seats are held by live hosts; losing one more host loses the leader epoch until it returns") + self;
  }

  /** This host's report: what {@code GET /api/v1/status} answers. */
  public HostReport report() {
    return new HostReport(version, thisHost, cluster(), fencing.get(), lease.get());
  }

  /** The cluster, the same on every host: what {@code GET /api/v1/cluster} answers. */
  public ClusterStatus cluster() {
    Map<String, Long> byState = new TreeMap<>();
    for (NodeStatus status : view.statuses()) {
      byState.merge(status.state().label(), 1L, Long::sum);
    }
    String leaderId = controlPlane.oldestMemberId();
    long epoch = leadership.currentEpoch();
    // Without a CP majority no one may lead (this is the minority side of a partition).
    HostInfo leading = view.hosts().stream().filter(h -> h.memberId().equals(leaderId))
        .map(HostStatus::info).findFirst().orElse(null);
    String leader = epoch < 0 || leading == null ? null : leading.name();
    // The leader's deadline is the one in force: only the leader declares hosts down.
    long deadline = (leading != null ? leading : thisHost).failureDeadlineSeconds();
    String consistency = consistency();
    Collection<NodeSpec> specs = view.specs();
    ClusterRunLevel level = runLevels.current(specs, READ_DEADLINE);
    Optional<InitRole> role = initRole.getWithin(READ_DEADLINE);
    return new ClusterStatus(clusterName, controlPlane.memberCount(), leader, epoch, consistency, hosts.hosts(),
        specs.size(), byState, level.level(), level.previous() < 0 ? null : level.previous(),
        role.map(InitRole::node).filter(n -> n > 0).orElse(null),
        role.map(InitRole::epoch).orElse(0L), pids.range(), pids.maxNodes(),
        FailureDetector.SUSPECT_AFTER.toSeconds(), deadline);
  }
}
