package io.unum.orchestrator.fencing;

import java.time.Duration;

/**
 * What kills this host's guests when its orchestrator cannot: told after every renewal how long
 * the lease still holds, it fires once that time has passed without another word.
 */
public interface Watchdog {

  /** The lease holds for {@code validFor} more; the watchdog must not fire before that passed. */
  void pet(Duration validFor);

  /** What it is, for the logs and the status ("process watchdog (pid 123): kills ..."). */
  String describe();
}
