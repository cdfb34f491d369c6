package io.unum.orchestrator.cluster;

import java.io.Serializable;

/**
 * A physical host as its orchestrator registered it.
 *
 * @param address    where other hosts reach it: control plane and interconnect tunnels
 * @param apiAddress where its REST API answers (HOST:PORT), for requests it must serve itself
 * @param migrationTls whether it has the certificates to send and receive migrations over TLS
 */
public record HostInfo(String name, int cpus, long memoryMiB, String accel, String accelReason,
    String libvirtUri, String address, String apiAddress, String kernel, String baseImage, long startedAtMillis,
    boolean migrationTls) implements Serializable {
}
