package io.unum.orchestrator.daemon;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/** How long each phase of a start took, for the line that says the orchestrator is ready. */
final class StartupPhases {
  private final LongSupplier nanos;
  private final long began;
  private long last;
  private final List<String> done = new ArrayList<>();

  StartupPhases(LongSupplier nanos) {
    this.nanos = nanos;
    this.began = nanos.getAsLong();
    this.last = began;
  }

  /** Ends the phase called {@code name}, which began where the previous one ended. */
  void ended(String name) {
    long now = nanos.getAsLong();
    done.add(String.format("%s %.1f s", name, (now - last) / 1e9));
    last = now;
  }

  /** Milliseconds since the start. */
  long totalMillis() {
    return (nanos.getAsLong() - began) / 1_000_000;
  }

  /** The phases ended so far, in order: {@code "mesh 0.5 s, control plane 12.4 s"}. */
  @Override
  public String toString() {
    return String.join(", ", done);
  }
}
