package io.unum.orchestrator.innode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unum.agent.protocol.Messages.Stream;
import io.unum.orchestrator.agentlink.AgentUnavailableException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** A program run for a node user: its events in order, output acknowledged only once taken. */
class ExecLinesTest {
  private final List<Long> killed = new CopyOnWriteArrayList<>();
  private final List<String> trail = new CopyOnWriteArrayList<>();
  private final ExecLines run = new ExecLines(3, killed::add);

  @Test
  void eventsReachTheConsumerInOrderAndOutputIsAcknowledgedAfterIt() throws Exception {
    run.onStarted(196610);
    run.onOutput(Stream.STDOUT, "hi\n".getBytes(StandardCharsets.UTF_8), () -> trail.add("acked"));
    run.onOutput(Stream.STDERR, "oops\n".getBytes(StandardCharsets.UTF_8), () -> trail.add("acked"));
    run.onExit(3);
    List<String> events = new ArrayList<>();

    run.deliver(event -> {
      events.add(event);
      trail.add("taken");
    });

    assertThat(events).containsExactly("{\"event\":\"started\",\"pid\":196610,\"node\":3}",
        "{\"event\":\"output\",\"stream\":\"stdout\",\"data\":\"aGkK\"}",
        "{\"event\":\"output\",\"stream\":\"stderr\",\"data\":\"b29wcwo=\"}", "{\"event\":\"exit\",\"code\":3}");
    assertThat(trail).containsExactly("taken", "taken", "acked", "taken", "acked", "taken");
    assertThat(killed).isEmpty();
  }

  @Test
  void aCallerThatGoesAwayHasTheProgramKilled() {
    run.onStarted(196610);
    run.onOutput(Stream.STDOUT, "hi\n".getBytes(StandardCharsets.UTF_8), () -> { });

    assertThatThrownBy(() -> run.deliver(event -> {
      if (event.contains("output")) {
        throw new AgentUnavailableException("node 3 went away");
      }
    })).isInstanceOf(AgentUnavailableException.class);
    assertThat(killed).containsExactly(196610L);
  }

  @Test
  void anErrorEndsTheRun() throws Exception {
    run.onError("cannot run 'nope': no such file");
    List<String> events = new ArrayList<>();

    run.deliver(events::add);

    assertThat(events).containsExactly("{\"event\":\"error\",\"message\":\"cannot run 'nope': no such file\"}");
  }
}
