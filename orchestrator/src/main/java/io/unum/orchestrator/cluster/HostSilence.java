package io.unum.orchestrator.cluster;

import java.time.Duration;
import java.util.Optional;

/** How long this orchestrator has not heard each host's heartbeat, on its own clock. */
@FunctionalInterface
public interface HostSilence {
  /** How long {@code host}'s heartbeat has not moved here; empty when this host never saw it. */
  Optional<Duration> of(String host);
}
