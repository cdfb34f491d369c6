package io.unum.agent.proc;

import java.util.OptionalInt;

/** Reads the Unum parameters out of {@code /proc/cmdline}. */
public final class KernelCmdline {
  private static final String NODE = "unum.node=";

  private KernelCmdline() {}

  /** The node number given as {@code unum.node=N}; like the kernel, the last one wins. */
  public static OptionalInt node(String cmdline) {
    OptionalInt node = OptionalInt.empty();
    for (String word : cmdline.trim().split("\\s+")) {
      if (word.startsWith(NODE)) {
        try {
          int value = Integer.parseInt(word.substring(NODE.length()));
          node = value >= 0 ? OptionalInt.of(value) : OptionalInt.empty();
        } catch (NumberFormatException e) {
          node = OptionalInt.empty();
        }
      }
    }
    return node;
  }
}
