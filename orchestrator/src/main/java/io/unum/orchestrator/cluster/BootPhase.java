package io.unum.orchestrator.cluster;

import java.util.Locale;

/**
 * How far a node's boot has come, as its host sees it: the domain defined and started, then
 * the console's marks of the kernel, the node's init and its agent, then the agent's hello. The
 * console and the CLI draw a bar per node from these.
 */
public enum BootPhase {
  DEFINED(null),
  STARTING(null),
  KERNEL("Linux version"),
  INIT("unum-init: user space reached"),
  AGENT("unum-agent: ready"),
  JOINED(null);

  /** The console line that shows the phase has begun; null for phases the host sees itself. */
  private final String mark;

  BootPhase(String mark) {
    this.mark = mark;
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The furthest phase {@code console} (new console text) shows beyond {@code now}. */
  public static BootPhase seen(BootPhase now, String console) {
    BootPhase furthest = now;
    for (BootPhase phase : values()) {
      if (phase.mark != null && phase.ordinal() > furthest.ordinal() && console.contains(phase.mark)) {
        furthest = phase;
      }
    }
    return furthest;
  }
}
