package io.unum.orchestrator.fencing;

/** Whether this host may run nodes and act for the cluster now, as its lease says. */
public interface Fencing {

  /** No lease, for the reason given: nothing is fenced and nothing restarted elsewhere. */
  static Fencing off(String why) {
    return new Fencing() {
      @Override
      public boolean holdsLease() {
        return true;
      }

      @Override
      public String summary() {
        return "off: " + why + "; a lost host's nodes are not restarted elsewhere";
      }
    };
  }

  /** True while this host's lease is valid (always, with fencing off). */
  boolean holdsLease();

  /** One line for the status: the lease, its term, the watchdog. */
  String summary();
}
