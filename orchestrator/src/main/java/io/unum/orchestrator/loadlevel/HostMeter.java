package io.unum.orchestrator.loadlevel;

/** What this host has and has used of its CPUs: the part of the host the load sampler reads. */
public interface HostMeter {

  /** CPUs this host may use now, in cores (a CPU quota counts: a host may be a slice of a machine). */
  double cpuCapacity();

  /** CPU time used on this host since some fixed point, in nanoseconds (all CPUs together). */
  long cpuNanosUsed();
}
