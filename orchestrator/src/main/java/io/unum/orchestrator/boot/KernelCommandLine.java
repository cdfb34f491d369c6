package io.unum.orchestrator.boot;

import io.unum.orchestrator.cluster.NodeSpec;
import io.unum.orchestrator.cluster.PidSpace;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Builds a node's kernel command line: what the Unum init and kernel read at boot. */
public final class KernelCommandLine {
  /** The keys Unum sets itself: a node's identity (number, PID range, address) is Unum's. */
  private static final String RESERVED_PREFIX = "unum.";

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
    // A spec stored before the API refused unum.* keys must not override them either: the kernel
    // takes the last occurrence of a parameter.
    List<String> extra = words(spec.kernelArgs()).stream().filter(word -> reservedKey(word).isEmpty()).toList();
    return extra.isEmpty() ? base : base + " " + String.join(" ", extra);
  }

  /** Refuses extra kernel arguments that set a key Unum reserves, naming the first such key. */
  public static void requireNoReservedKeys(String kernelArgs) {
    for (String word : words(kernelArgs == null ? "" : kernelArgs)) {
      Optional<String> key = reservedKey(word);
      if (key.isPresent()) {
        throw new IllegalArgumentException("kernelArgs may not set " + key.get() + ": the unum.* parameters"
            + " (node number, PID range, address) are Unum's to set; remove it");
      }
    }
  }

  /** The key of a word when Unum reserves it (quotes dropped, as the kernel drops them). */
  private static Optional<String> reservedKey(String word) {
    String unquoted = word.replace("\"", "");
    int equals = unquoted.indexOf('=');
    String key = equals < 0 ? unquoted : unquoted.substring(0, equals);
    return key.toLowerCase(Locale.ROOT).startsWith(RESERVED_PREFIX) ? Optional.of(key) : Optional.empty();
  }

  /** Splits a command line as the kernel does: on white space, double quotes grouping words. */
  static List<String> words(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean quoted = false;
    for (char c : line.toCharArray()) {
      if (c == '"') {
        quoted = !quoted;
      }
      if (Character.isWhitespace(c) && !quoted) {
        if (!word.isEmpty()) {
          words.add(word.toString());
          word.setLength(0);
        }
      } else {
        word.append(c);
      }
    }
    if (!word.isEmpty()) {
      words.add(word.toString());
    }
    return words;
  }
}
