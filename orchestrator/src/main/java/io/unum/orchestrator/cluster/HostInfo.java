package io.unum.orchestrator.cluster;

import java.io.Serializable;

/**
 * A physical host as its orchestrator registered it.
 *
 * @param address    where other hosts reach it: control plane and interconnect tunnels
 * @param apiAddress where its REST API answers (HOST:PORT), for requests it must serve itself
 * @param migrationTls whether it has the certificates to send and receive migrations over TLS
 * @param meshAddress  its address on the host mesh, or null when it has none (a lone host)
 * @param failureDeadlineSeconds how long it lets a host go unheard before declaring it down, once it leads
 */
public record HostInfo(String name, int cpus, long memoryMiB, String accel, String accelReason,
    String libvirtUri, String address, String apiAddress, String kernel, String baseImage, long startedAtMillis,
    boolean migrationTls, String meshAddress, long failureDeadlineSeconds) implements Serializable {

  /** A host that keeps the default failure deadline. */
  public HostInfo(String name, int cpus, long memoryMiB, String accel, String accelReason, String libvirtUri,
      String address, String apiAddress, String kernel, String baseImage, long startedAtMillis, boolean migrationTls,
      String meshAddress) {
    this(name, cpus, memoryMiB, accel, accelReason, libvirtUri, address, apiAddress, kernel, baseImage,
        startedAtMillis, migrationTls, meshAddress, FailureDetector.DEFAULT_DEADLINE.toSeconds());
  }

  /**
   * Where another host sends the requests this host must serve: its API on the host mesh when
   * the API listens there too (on every address, advertised at {@link #address}).
   */
  public String peerApiAddress() {
    String underlay = address + ":";
    return meshAddress != null && apiAddress.startsWith(underlay)
        ? meshAddress + ":" + apiAddress.substring(underlay.length()) : apiAddress;
  }
}
