package io.unum.orchestrator.hypervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unum.orchestrator.testing.Prerequisites;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.libvirt.Connect;
import org.libvirt.Domain;

/**
 * The JNA binding of virDomainGetJobStats against this machine's libvirt: a tiny TCG guest is saved
 * to a file (a job that copies memory as a migration does) and the completed job is read. Skipped
 * where no libvirtd runs here. Order 2: in the full run, after the shared cluster's classes started
 * this machine's libvirtd (order 1) and before {@code DownIT} stops it (order 3).
 */
@Order(2)
class LibvirtJobStatsIT {
  private static final String URI = "qemu:///system";
  private static final String NAME = "unum-jobstats-test";
  private static final Path SAVE = Path.of("/tmp/unum-jobstats-test.save");
  private static final String XML = "<domain type='qemu'><name>" + NAME + "</name><memory unit='MiB'>256</memory>"
      + "<vcpu>1</vcpu><os><type arch='x86_64' machine='pc'>hvm</type></os></domain>";

  @AfterEach
  void cleanUp() throws Exception {
    if (Files.exists(Path.of("/var/run/libvirt/libvirt-sock"))) {
      try (LibvirtHypervisor hypervisor = LibvirtHypervisor.connect(URI)) {
        hypervisor.destroy(NAME);
        hypervisor.undefine(NAME);
      }
    }
    Files.deleteIfExists(SAVE);
  }

  @Test
  void readsTheJobOfASave() throws Exception {
    Prerequisites.need(Files.exists(Path.of("/var/run/libvirt/libvirt-sock")), "no libvirtd on this machine");
    try (LibvirtHypervisor hypervisor = LibvirtHypervisor.connect(URI)) {
      hypervisor.define(XML);
      try {
        hypervisor.start(NAME);
      } catch (HypervisorException e) {
        Prerequisites.need(false, "libvirt cannot start a guest here: " + e.getMessage());
      }
      Connect connect = new Connect(URI);
      Domain domain = connect.domainLookupByName(NAME);
      assertThat(LibvirtJobStats.read(domain, 0).type()).isZero(); // no job yet
      assertThat(hypervisor.migrationStats(NAME)).isEmpty();

      domain.save(SAVE.toString());

      LibvirtJobStats.Job completed = LibvirtJobStats.read(domain, LibvirtJobStats.COMPLETED);
      // Saved, it no longer runs: libvirt refuses the call, and the old path answers as before.
      assertThatThrownBy(() -> LibvirtJobStats.read(domain, 0)).hasMessageContaining("not running");
      assertThat(hypervisor.migrationStats(NAME)).isEmpty();
      connect.close();
      System.out.println("completed job, type " + completed.type() + ": " + completed.params());
      assertThat(completed.type()).isEqualTo(3); // VIR_DOMAIN_JOB_COMPLETED
      // Not memory_bps: libvirt leaves it out when QEMU measured none, as a copy this short may.
      assertThat(completed.params()).containsKeys("time_elapsed", "data_total", "data_processed",
          "data_remaining", "memory_dirty_rate", "memory_iteration", "downtime");
      assertThat(completed.number("memory_page_size")).isEqualTo(4096);
      assertThat(completed.number("data_total")).isGreaterThanOrEqualTo(256L << 20);
    }
  }
}
