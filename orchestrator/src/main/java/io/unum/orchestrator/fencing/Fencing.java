package io.unum.orchestrator.fencing;

import io.unum.orchestrator.cluster.LeaseReport;

/** Whether this host may run nodes and act for the cluster now, as its lease says. */
public interface Fencing {

  /** No lease, for the reason given: nothing is fenced and nothing restarted elsewhere. */
  static Fencing off(String why) {
    return new Fencing() {
      @Override
      public boolean leases() {
        return false;
      }

      @Override
      public boolean holdsLease() {
        return true;
      }

      @Override
      public long lapses() {
        return 0;
      }

      @Override
      public String summary() {
        return "off: " + why + "; a lost host's nodes are not restarted elsewhere";
      }

      @Override
      public LeaseReport report() {
        return null;
      }
    };
  }

  /** Whether this host runs under a lease from the majority at all (false: fencing off). */
  boolean leases();

  /** True while this host's lease is valid (always, with fencing off). */
  boolean holdsLease();

  /**
   * How many times this host's lease may have run out (or this host fenced itself) since this
   * orchestrator started; 0 with fencing off. A guest gone while it changed may have been fenced.
   */
  long lapses();

  /** One line for the status: the lease, its term, the watchdog. */
  String summary();

  /** The lease in numbers; null with fencing off. */
  LeaseReport report();
}
