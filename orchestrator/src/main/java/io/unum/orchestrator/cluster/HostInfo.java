package io.unum.orchestrator.cluster;

import java.io.Serializable;

/** A physical host as its orchestrator registered it. */
public record HostInfo(String name, int cpus, long memoryMiB, String accel, String accelReason,
    String libvirtUri, String apiAddress, String kernel, String baseImage, long startedAtMillis) implements Serializable {
}
