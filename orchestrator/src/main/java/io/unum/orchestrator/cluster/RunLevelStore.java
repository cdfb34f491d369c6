package io.unum.orchestrator.cluster;

import io.unum.orchestrator.runlevel.ClusterRunLevel;
import io.unum.orchestrator.runlevel.RunLevels;
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
    return current(specs.stream().map(NodeSpec::node).toList(),
        specs.stream().filter(NodeSpec::running).map(NodeSpec::node).toList());
  }
}
