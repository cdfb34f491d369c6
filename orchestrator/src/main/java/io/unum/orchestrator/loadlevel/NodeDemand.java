package io.unum.orchestrator.loadlevel;

import java.io.Serializable;

/**
 * What one node asks of its host's CPUs and memory, averaged over the sampler's window.
 *
 * @param cpuUsed      cores its virtual CPUs got (libvirt's CPU time): capped by what the host gives
 * @param cpuDemand    cores it wants: the larger of what it got and what its guest was busy (the
 *                     agent's view, which a contended host does not cap), at most its vCPUs
 * @param memoryMiB    memory it holds (its balloon's size)
 * @param memoryUsedMiB memory its guest uses (total less available), 0 when not reported
 */
public record NodeDemand(int node, int vcpus, double cpuUsed, double cpuDemand, long memoryMiB, long memoryUsedMiB)
    implements Serializable {}
