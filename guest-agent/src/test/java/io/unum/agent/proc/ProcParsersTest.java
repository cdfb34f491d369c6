package io.unum.agent.proc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ProcParsersTest {

  @Test
  void loadavg() {
    assertThat(LoadAvg.parse("0.52 0.58 0.59 2/345 6789\n")).isEqualTo(new LoadAvg(0.52, 0.58, 0.59));
    assertThatThrownBy(() -> LoadAvg.parse("0.52\n")).hasMessageContaining("loadavg");
    assertThatThrownBy(() -> LoadAvg.parse("a b c 1/2 3")).hasMessageContaining("not a number");
  }

  @Test
  void uptime() {
    assertThat(Uptime.parse("12345.67 23456.78\n")).isEqualTo(12345.67);
    assertThatThrownBy(() -> Uptime.parse("")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void meminfoPrefersMemAvailable() {
    String text = """
        MemTotal:       24684092 kB
        MemFree:        22001224 kB
        MemAvailable:   23798564 kB
        Buffers:          100000 kB
        Cached:          1500000 kB
        HugePages_Total:       0
        """;
    assertThat(MemInfo.parse(text)).isEqualTo(new MemInfo(24684092, 23798564));
  }

  @Test
  void meminfoOfOldKernelsEstimatesAvailable() {
    String text = "MemTotal: 1000 kB\nMemFree: 100 kB\nBuffers: 20 kB\nCached: 300 kB\nSwapCached: 5 kB\n";
    assertThat(MemInfo.parse(text)).isEqualTo(new MemInfo(1000, 420));
    assertThatThrownBy(() -> MemInfo.parse("MemFree: 1 kB\n")).hasMessageContaining("MemTotal");
  }

  @Test
  void cpuTimesCountIowaitAsIdleAndSkipGuestTime() {
    String text = """
        cpu  100 10 50 800 40 0 0 0 30 0
        cpu0 50 5 25 400 20 0 0 0 15 0
        intr 12345
        """;
    CpuTimes times = CpuTimes.parse(text);
    assertThat(times).isEqualTo(new CpuTimes(160, 1000));
  }

  @Test
  void busyPercentCoversTheTimeBetweenSamples() {
    CpuTimes earlier = new CpuTimes(160, 1000);
    CpuTimes later = new CpuTimes(160 + 75, 1000 + 100);
    assertThat(later.busyPercentSince(earlier)).isCloseTo(75.0, within(1e-9));
    assertThat(later.busyPercentSince(later)).isZero();
    assertThat(later.busyPercentSince(CpuTimes.ZERO)).isCloseTo(23.5 / 1.1, within(1e-9));
    assertThatThrownBy(() -> CpuTimes.parse("intr 1\n")).hasMessageContaining("cpu");
  }

  @Test
  void kernelCmdlineNode() {
    assertThat(KernelCmdline.node("console=ttyS0 unum.node=3 quiet\n")).hasValue(3);
    assertThat(KernelCmdline.node("unum.node=3 unum.node=5")).hasValue(5);
    assertThat(KernelCmdline.node("console=ttyS0 unum.nodes=3")).isEmpty();
    assertThat(KernelCmdline.node("unum.node=x")).isEmpty();
    assertThat(KernelCmdline.node("")).isEmpty();
  }

  @Test
  void processDirectories() {
    assertThat(ProcessCount.isProcessDir("1234")).isTrue();
    assertThat(ProcessCount.isProcessDir("self")).isFalse();
    assertThat(ProcessCount.isProcessDir("12a")).isFalse();
    assertThat(ProcessCount.isProcessDir("")).isFalse();
  }

  @Test
  void processStartSurvivesOddCommandNames() {
    String stat = "29411 (a b) (c)) R 29406 29406 10767 0 -1 4194304 100 0 0 0 0 0 0 0 20 0 1 0 75870 "
        + "3133440 407 18446744073709551615 0 0";
    assertThat(ProcessStart.secondsAfterBoot(stat)).isEqualTo(758.70);
    assertThatThrownBy(() -> ProcessStart.secondsAfterBoot("1 (x) R 2")).hasMessageContaining("few");
  }
}
