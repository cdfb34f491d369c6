package io.unum.agent.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import io.unum.agent.protocol.Messages.Restart;
import io.unum.agent.protocol.Messages.ServiceOrder;
import io.unum.agent.protocol.Protocol;
import io.unum.agent.supervise.RestartDecision.Action;
import java.util.List;
import org.junit.jupiter.api.Test;

class RestartPolicyTest {

  private static ServiceOrder order(Restart restart, int limit, long backoff, long maxBackoff) {
    return new ServiceOrder("svc", 1, List.of("true"), null, null, restart, limit, backoff, maxBackoff, 1000, true);
  }

  @Test
  void theBackoffDoublesWithEachRestartInARowUpToItsCap() {
    ServiceOrder order = order(Restart.ALWAYS, 10, 100, 1000);
    long[] delays = new long[6];
    int restarts = 0;
    for (int i = 0; i < delays.length; i++) {
      RestartDecision decision = RestartPolicy.decide(order, restarts, 5, 1);
      assertThat(decision.action()).isEqualTo(Action.RESTART);
      assertThat(decision.restarts()).isEqualTo(restarts + 1);
      delays[i] = decision.delayMillis();
      restarts = decision.restarts();
    }
    assertThat(delays).containsExactly(100, 200, 400, 800, 1000, 1000);
  }

  @Test
  void theBackoffNeverOverflows() {
    ServiceOrder huge = order(Restart.ALWAYS, Integer.MAX_VALUE, Long.MAX_VALUE / 2, Long.MAX_VALUE);
    assertThat(RestartPolicy.backoffMillis(huge, 2)).isEqualTo(Long.MAX_VALUE - 1);
    assertThat(RestartPolicy.backoffMillis(huge, 3)).isEqualTo(Long.MAX_VALUE);
    ServiceOrder small = order(Restart.ALWAYS, Integer.MAX_VALUE, 3, 60_000);
    assertThat(RestartPolicy.backoffMillis(small, 64)).isEqualTo(60_000);
    assertThat(RestartPolicy.backoffMillis(small, 1000)).isEqualTo(60_000);
    assertThat(RestartPolicy.backoffMillis(small, Integer.MAX_VALUE)).isEqualTo(60_000);
    assertThat(RestartPolicy.decide(small, Integer.MAX_VALUE - 1, 0, 1).delayMillis()).isEqualTo(60_000);
  }

  @Test
  void aStableRunClearsTheCount() {
    ServiceOrder order = order(Restart.ALWAYS, 3, 100, 10_000);
    RestartDecision decision = RestartPolicy.decide(order, 3, Protocol.SERVICE_STABLE_MILLIS, 1);
    assertThat(decision.action()).isEqualTo(Action.RESTART);
    assertThat(decision.restarts()).isEqualTo(1);
    assertThat(decision.delayMillis()).isEqualTo(100);
    assertThat(RestartPolicy.decide(order, 3, Protocol.SERVICE_STABLE_MILLIS - 1, 1).action())
        .as("a run just short of stable").isEqualTo(Action.FAILED);
  }

  @Test
  void restartNumberLimitPlusOneFailsTheService() {
    ServiceOrder order = order(Restart.ON_FAILURE, 3, 100, 10_000);
    assertThat(RestartPolicy.decide(order, 2, 5, 3).action()).isEqualTo(Action.RESTART);
    RestartDecision decision = RestartPolicy.decide(order, 3, 5, 3);
    assertThat(decision.action()).isEqualTo(Action.FAILED);
    assertThat(decision.restarts()).isEqualTo(3);
    assertThat(decision.message()).isEqualTo("hit its restart limit (3 restarts in a row); last exit code 3");
    assertThat(RestartPolicy.decide(order(Restart.ALWAYS, 0, 100, 100), 0, 5, 0).action())
        .as("limit 0: no restart at all").isEqualTo(Action.FAILED);
  }

  @Test
  void onFailureLeavesAServiceThatExitedZeroAndNeverLeavesAny() {
    RestartDecision clean = RestartPolicy.decide(order(Restart.ON_FAILURE, 3, 100, 1000), 1, 5, 0);
    assertThat(clean.action()).isEqualTo(Action.EXITED);
    assertThat(clean.restarts()).isEqualTo(1);
    assertThat(clean.message()).isNull();
    assertThat(RestartPolicy.decide(order(Restart.ON_FAILURE, 3, 100, 1000), 0, 5, 143).action())
        .isEqualTo(Action.RESTART);
    assertThat(RestartPolicy.decide(order(Restart.NEVER, 3, 100, 1000), 0, 5, 1).action()).isEqualTo(Action.EXITED);
    assertThat(RestartPolicy.decide(order(Restart.NEVER, 3, 100, 1000), 0, 5, 0).action()).isEqualTo(Action.EXITED);
    assertThat(RestartPolicy.decide(order(Restart.ALWAYS, 3, 100, 1000), 0, 5, 0).action()).isEqualTo(Action.RESTART);
  }
}
