package io.unum.orchestrator.loadlevel;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;

/** What the load balancer does with its decisions. */
public enum BalancerMode {
  /** Decides nothing. */
  OFF,
  /** Decides and reports (events, {@code unum balancer}), moves nothing. */
  RECOMMEND,
  /** Decides and moves. */
  AUTOMATIC;

  @JsonValue
  public String wire() {
    return name().toLowerCase();
  }

  @JsonCreator
  public static BalancerMode parse(String text) {
    return Arrays.stream(values()).filter(m -> m.wire().equals(text)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("mode: '" + text + "' is not one of "
            + Arrays.stream(values()).map(BalancerMode::wire).collect(Collectors.joining(", "))));
  }
}
