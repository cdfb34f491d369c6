package io.unum.orchestrator.hypervisor;

/**
 * Where a live migration goes.
 *
 * @param libvirtUri the destination's libvirt, which the source's libvirt talks to (peer to peer)
 * @param streamUri  where QEMU sends the guest's memory ({@code tcp://ADDRESS})
 * @param transport  TLS: both wrapped in TLS, checked against {@code ADDRESS}
 */
public record MigrationTarget(String libvirtUri, String streamUri, MigrationTransport transport) {

  /** The destination host at {@code address}, reached over {@code transport}. */
  public static MigrationTarget of(MigrationTransport transport, String address) {
    String scheme = transport == MigrationTransport.TLS ? "qemu+tls://" : "qemu+tcp://";
    return new MigrationTarget(scheme + address + "/system", "tcp://" + address, transport);
  }
}
