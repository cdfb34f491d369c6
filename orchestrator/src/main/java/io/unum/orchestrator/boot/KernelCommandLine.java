package io.unum.orchestrator.boot;

import io.unum.orchestrator.cluster.NodeSpec;
import io.unum.orchestrator.cluster.PidSpace;

/** Builds a node's kernel command line: what the Unum init and kernel read at boot. */
public final class KernelCommandLine {
  private KernelCommandLine() {}

  /**
   * {@code panic=-1} turns a kernel panic into an immediate reboot, which the domain turns into
   * a stop (on_reboot=destroy), so a broken node fails fast instead of hanging.
   */
  public static String of(NodeSpec spec, String cidr, PidSpace pids) {
    // no_timer_check: under TCG on a busy host the IO-APIC timer check can miss its window and
    // panic the boot ("IO-APIC + timer doesn't work!"); virtual timers need no such check.
    String base = "console=ttyS0 root=/dev/vda rw init=/sbin/unum-init panic=-1 quiet no_timer_check"
        + " unum.node=" + spec.node() + " unum.pid_range=" + pids.range() + " unum.ip=" + cidr;
    return spec.kernelArgs().isEmpty() ? base : base + " " + spec.kernelArgs();
  }
}
