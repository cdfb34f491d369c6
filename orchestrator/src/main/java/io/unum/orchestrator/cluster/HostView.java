package io.unum.orchestrator.cluster;

import java.util.List;

/** A host as users see it: its state, size, load and the nodes placed on it. */
public record HostView(String name, String state, long sinceMillis, int cpus, long memoryMiB,
    String accel, double load1, String apiAddress, List<Integer> nodes) {

  static HostView of(HostStatus host, List<Integer> nodes) {
    HostInfo info = host.info();
    return new HostView(info.name(), host.state().label(), host.sinceMillis(), info.cpus(),
        info.memoryMiB(), info.accel(), host.load1(), info.apiAddress(), nodes);
  }
}
