package io.unum.orchestrator.fencing;

/** Whether this host may run nodes and act for the cluster now, as its lease says. */
public interface Fencing {

  /** A cluster without a CP majority (fewer than 3 hosts): no lease, so nothing is fenced and nothing restarted elsewhere. */
  Fencing OFF = new Fencing() {
    @Override
    public boolean holdsLease() {
      return true;
    }

    @Override
    public String summary() {
      return "off: fewer than 3 hosts, no majority to grant leases; a lost host's nodes are not restarted elsewhere";
    }
  };

  /** True while this host's lease is valid (always, with fencing off). */
  boolean holdsLease();

  /** One line for the status: the lease, its term, the watchdog. */
  String summary();
}
