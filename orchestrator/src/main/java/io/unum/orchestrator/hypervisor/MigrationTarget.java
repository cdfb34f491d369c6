package io.unum.orchestrator.hypervisor;

/**
 * Where a live migration goes, over TLS (the only transport).
 *
 * @param libvirtUri the destination's libvirt, which the source's libvirt talks to (peer to peer)
 * @param streamUri  where QEMU sends the guest's memory ({@code tcp://ADDRESS}, wrapped in TLS by
 *                   VIR_MIGRATE_TLS and checked against {@code ADDRESS})
 */
public record MigrationTarget(String libvirtUri, String streamUri) {

  /** The destination host at {@code address}. */
  public static MigrationTarget of(String address) {
    return new MigrationTarget("qemu+tls://" + address + "/system", "tcp://" + address);
  }
}
