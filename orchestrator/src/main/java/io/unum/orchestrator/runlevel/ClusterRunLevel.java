package io.unum.orchestrator.runlevel;

import java.io.Serializable;

/**
 * The cluster's run level and the one before it, as runlevel(8) shows them; {@code previous}
 * is -1 when there was none ("N").
 */
public record ClusterRunLevel(int level, int previous, long changedMillis) implements Serializable {

  /** A level a transition just reached, from {@code before}. */
  public ClusterRunLevel after(int reached, long nowMillis) {
    return new ClusterRunLevel(reached, level, nowMillis);
  }
}
