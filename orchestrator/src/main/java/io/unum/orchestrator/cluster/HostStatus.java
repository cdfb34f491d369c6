package io.unum.orchestrator.cluster;

import java.io.Serializable;

/**
 * A host as the control plane sees it: what it registered, whether it is there, its load.
 *
 * @param memberId  the Hazelcast member id of its orchestrator, to notice when that member goes
 * @param degraded  why the host, though up, cannot run or take nodes now (its hypervisor does not
 *                  answer), or null while it can
 * @param heartbeat a counter its orchestrator moves every second: others time its silence by
 *                  when they last saw it move, each on its own clock
 */
public record HostStatus(HostInfo info, String memberId, HostState state, long sinceMillis,
    double load1, String degraded, long heartbeat) implements Serializable {

  /** A host that is not degraded, before its first heartbeat. */
  public HostStatus(HostInfo info, String memberId, HostState state, long sinceMillis, double load1) {
    this(info, memberId, state, sinceMillis, load1, null, 0);
  }

  public String name() {
    return info.name();
  }

  public HostStatus withState(HostState next, long nowMillis) {
    return next == state ? this : new HostStatus(info, memberId, next, nowMillis, load1, degraded, heartbeat);
  }

  public HostStatus withLoad(double newLoad) {
    return new HostStatus(info, memberId, state, sinceMillis, newLoad, degraded, heartbeat);
  }

  public HostStatus withDegraded(String why) {
    return new HostStatus(info, memberId, state, sinceMillis, load1, why, heartbeat);
  }

  public HostStatus withHeartbeat(long beat) {
    return new HostStatus(info, memberId, state, sinceMillis, load1, degraded, beat);
  }
}
