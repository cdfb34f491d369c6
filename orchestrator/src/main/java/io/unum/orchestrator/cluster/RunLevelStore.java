package io.unum.orchestrator.cluster;

import io.unum.orchestrator.runlevel.ClusterRunLevel;
import io.unum.orchestrator.runlevel.RunLevels;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;

/** Where the cluster's run level is kept (set by the leader when a change is done). */
public interface RunLevelStore {

  /** The level the last change reached; empty before any change (or after a full restart). */
  Optional<ClusterRunLevel> get();

  void set(ClusterRunLevel level);

  /** The recorded level, or the one the nodes' desired power amounts to when none is recorded. */
  default ClusterRunLevel current(Collection<Integer> nodes, Collection<Integer> running) {
    return get().orElseGet(() -> RunLevels.inferred(nodes, running));
  }

  /** The recorded level, or the one the specs' desired power amounts to. */
  default ClusterRunLevel current(Collection<NodeSpec> specs) {
    return orInferred(get(), specs);
  }

  /** As {@link #get()}; when the control plane does not answer within {@code deadline}, the last level this host knows. */
  default Optional<ClusterRunLevel> getWithin(Duration deadline) {
    return get();
  }

  /** As {@link #current(Collection)}, waiting on the control plane no longer than {@code deadline}. */
  default ClusterRunLevel current(Collection<NodeSpec> specs, Duration deadline) {
    return orInferred(getWithin(deadline), specs);
  }

  private static ClusterRunLevel orInferred(Optional<ClusterRunLevel> recorded, Collection<NodeSpec> specs) {
    return recorded.orElseGet(() -> RunLevels.inferred(specs.stream().map(NodeSpec::node).toList(),
        specs.stream().filter(NodeSpec::running).map(NodeSpec::node).toList()));
  }
}
