package io.unum.orchestrator.cluster;

import java.io.Serializable;

/**
 * A host as the control plane sees it: what it registered, whether it is there, its load.
 *
 * @param memberId the Hazelcast member id of its orchestrator, to notice when that member goes
 */
public record HostStatus(HostInfo info, String memberId, HostState state, long sinceMillis,
    double load1) implements Serializable {

  public String name() {
    return info.name();
  }

  public HostStatus withState(HostState next, long nowMillis) {
    return next == state ? this : new HostStatus(info, memberId, next, nowMillis, load1);
  }

  public HostStatus withLoad(double newLoad) {
    return new HostStatus(info, memberId, state, sinceMillis, newLoad);
  }
}
