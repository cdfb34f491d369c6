package io.unum.orchestrator.hypervisor;

/**
 * A domain as the hypervisor reports it.
 *
 * @param maxMemoryMiB the memory it was started with (the most its balloon can give back)
 * @param memoryMiB    the memory the guest has now (the balloon's current size)
 */
public record DomainStatus(String name, PowerState state, long maxMemoryMiB, long memoryMiB) {

  /** A domain whose memory is not known (not running, or a test's). */
  public DomainStatus(String name, PowerState state) {
    this(name, state, 0, 0);
  }
}
