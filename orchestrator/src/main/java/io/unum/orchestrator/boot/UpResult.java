package io.unum.orchestrator.boot;

import java.util.List;

/** What {@code unum up} changed: nodes created, nodes (re)started, nodes already running. */
public record UpResult(List<Integer> created, List<Integer> started, List<Integer> alreadyRunning) {
}
