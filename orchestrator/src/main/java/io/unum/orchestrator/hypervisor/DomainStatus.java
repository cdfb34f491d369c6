package io.unum.orchestrator.hypervisor;

/**
 * A domain as the hypervisor reports it.
 *
 * @param maxMemoryMiB the memory it was started with (the most its balloon can give back)
 * @param memoryMiB    the memory the guest has now (the balloon's current size)
 * @param vcpus        its virtual CPUs
 * @param cpuNanos     CPU time its virtual CPUs have used since it started (grows while it runs)
 */
public record DomainStatus(String name, PowerState state, long maxMemoryMiB, long memoryMiB, int vcpus,
    long cpuNanos) {

  /** A domain whose memory and CPU use are not known (not running, or a test's). */
  public DomainStatus(String name, PowerState state) {
    this(name, state, 0, 0, 0, 0);
  }

  /** A domain whose CPU use is not known (a test's). */
  public DomainStatus(String name, PowerState state, long maxMemoryMiB, long memoryMiB) {
    this(name, state, maxMemoryMiB, memoryMiB, 0, 0);
  }
}
