package io.unum.agent.proc;

/** Tells process directories ({@code /proc/1234}) from the rest of {@code /proc}. */
public final class ProcessCount {
  private ProcessCount() {}

  /** True for names made only of digits, as the kernel names one directory per process. */
  public static boolean isProcessDir(String name) {
    if (name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }
}
