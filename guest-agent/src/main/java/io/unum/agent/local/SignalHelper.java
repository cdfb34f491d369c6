package io.unum.agent.local;

import io.unum.agent.Log;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Registers the kernel's remote-signal helper (sysctl {@code kernel.unum_signal_helper}) once
 * the local socket it talks to is up. On a stock kernel there is no such sysctl: nothing to do.
 */
public final class SignalHelper {
  /** The in-node unum binary; called by this name it acts as the helper. */
  public static final Path HELPER = Path.of("/usr/lib/unum/unum-signal");
  static final Path SYSCTL = Path.of("/proc/sys/kernel/unum_signal_helper");

  private SignalHelper() {}

  /** Points the sysctl at the helper; says in the log what it did. */
  public static void register(Path sysctl, Path helper) {
    if (!Files.exists(sysctl)) {
      Log.line("remote signals: this kernel has no " + sysctl + "; off");
      return;
    }
    if (!Files.isExecutable(helper)) {
      Log.line("remote signals: no helper at " + helper + "; off");
      return;
    }
    try {
      Files.writeString(sysctl, helper.toString());
      Log.line("remote signals: helper " + helper);
    } catch (IOException e) {
      Log.line("remote signals: cannot set " + sysctl + ": " + e.getMessage());
    }
  }

  public static void register() {
    register(SYSCTL, HELPER);
  }
}
