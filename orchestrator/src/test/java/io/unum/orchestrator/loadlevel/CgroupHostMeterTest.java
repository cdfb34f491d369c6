package io.unum.orchestrator.loadlevel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host meter reads cgroup v2, then v1, then /proc/stat; a quota is the capacity. */
class CgroupHostMeterTest {
  @TempDir
  Path dir;

  private CgroupHostMeter meter() {
    return new CgroupHostMeter(dir.resolve("cgroup"), dir.resolve("stat"));
  }

  private void write(String file, String text) throws Exception {
    Path path = dir.resolve(file);
    Files.createDirectories(path.getParent());
    Files.writeString(path, text);
  }

  @Test
  void cgroupV2UsageAndQuota() throws Exception {
    write("cgroup/cpu.stat", "usage_usec 1500000\nuser_usec 1000000\n");
    write("cgroup/cpu.max", "120000 100000\n");
    assertThat(meter().cpuNanosUsed()).isEqualTo(1_500_000_000L);
    assertThat(meter().quota()).contains(1.2);
    write("cgroup/cpu.max", "max 100000\n");
    assertThat(meter().quota()).isEmpty();
    assertThat(meter().cpuCapacity()).isEqualTo(Runtime.getRuntime().availableProcessors());
  }

  @Test
  void cgroupV1UsageAndQuota() throws Exception {
    write("cgroup/cpuacct/cpuacct.usage", "21299642055\n");
    write("cgroup/cpu/cpu.cfs_quota_us", "50000\n");
    write("cgroup/cpu/cpu.cfs_period_us", "100000\n");
    assertThat(meter().cpuNanosUsed()).isEqualTo(21_299_642_055L);
    assertThat(meter().cpuCapacity()).isEqualTo(Math.min(0.5, Runtime.getRuntime().availableProcessors()));
    write("cgroup/cpu/cpu.cfs_quota_us", "-1\n");
    assertThat(meter().quota()).isEmpty();
  }

  @Test
  void procStatWithoutCgroupAccounting() throws Exception {
    // user nice system idle iowait irq softirq steal: busy = 100+5+50+3+2+0 = 160 ticks of 10 ms
    write("stat", "cpu  100 5 50 1000 40 3 2 0 0 0\ncpu0 50 2 25 500 20 1 1 0 0 0\n");
    assertThat(meter().cpuNanosUsed()).isEqualTo(1_600_000_000L);
    write("stat", "nonsense\n");
    assertThatThrownBy(() -> meter().cpuNanosUsed()).hasMessageContaining("no 'cpu' line");
  }
}
