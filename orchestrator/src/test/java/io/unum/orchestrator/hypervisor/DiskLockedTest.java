package io.unum.orchestrator.hypervisor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which start failures mean "another process holds the disk", as libvirt words them. */
class DiskLockedTest {
  @Test
  void qemusImageLockAndVirtlockdAreDiskBusyOtherFailuresAreNot() {
    // As a lab host logged it, when a fenced copy of the node was still exiting.
    assertThat(LibvirtHypervisor.DISK_LOCKED.matcher("cannot start unum-node1: internal error: process exited while"
        + " connecting to monitor: 2026-12-07T03:27:52.023341Z qemu-system-x86_64: -blockdev {\"node-name\":"
        + "\"libvirt-1-format\",\"read-only\":false,\"driver\":\"qcow2\",\"file\":\"libvirt-1-storage\"}: Failed to get"
        + " \"write\" lock").find()).isTrue();
    assertThat(LibvirtHypervisor.DISK_LOCKED.matcher("cannot start unum-node1: resource busy: Lockspace resource"
        + " '4a5f...' is locked").find()).isTrue();
    assertThat(LibvirtHypervisor.DISK_LOCKED.matcher("cannot start unum-node1: Cannot access storage file"
        + " '/var/lib/unum/shared/disks/node1.qcow2': No such file or directory").find()).isFalse();
  }
}
