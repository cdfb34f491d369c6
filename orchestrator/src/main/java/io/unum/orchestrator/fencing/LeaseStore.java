package io.unum.orchestrator.fencing;

/**
 * The hosts' leases, kept by the CP majority: per host a counter its holder advances to renew
 * (zero or more: held) and the majority makes negative to revoke it. Linearizable: a renewal and
 * a revocation of the same value cannot both succeed.
 */
public interface LeaseStore {

  /** The host's counter now; a {@link LeaseUnavailableException} when the majority does not answer in time. */
  long read(String host);

  /** Sets the counter to {@code next} if it is {@code expected}; false when it was not. */
  boolean compareAndSet(String host, long expected, long next);
}
