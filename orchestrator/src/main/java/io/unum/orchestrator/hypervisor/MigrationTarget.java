package io.unum.orchestrator.hypervisor;

/**
 * Where a live migration goes.
 *
 * @param libvirtUri the destination's libvirt, which the source's libvirt talks to (peer to peer)
 * @param streamUri  where QEMU sends the guest's memory ({@code tcp://ADDRESS})
 */
public record MigrationTarget(String libvirtUri, String streamUri) {

  /** The lab's and a trusted rack's transport: libvirt over plain TCP to {@code address}. */
  public static MigrationTarget tcp(String address) {
    return new MigrationTarget("qemu+tcp://" + address + "/system", "tcp://" + address);
  }
}
