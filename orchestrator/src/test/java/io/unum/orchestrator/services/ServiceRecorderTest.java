package io.unum.orchestrator.services;

import static org.assertj.core.api.Assertions.assertThat;

import io.unum.agent.protocol.Messages;
import io.unum.orchestrator.events.Event;
import io.unum.orchestrator.testing.InMemoryServiceInstanceStore;
import io.unum.orchestrator.testing.InMemoryServiceLogs;
import io.unum.orchestrator.testing.InMemoryValue;
import io.unum.orchestrator.testing.MemoryEventLog;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An agent's report replaces the node's instances; each change of state is one event. */
class ServiceRecorderTest {
  private final InMemoryServiceInstanceStore store = new InMemoryServiceInstanceStore();
  private final InMemoryServiceLogs logs = new InMemoryServiceLogs();
  private final MemoryEventLog events = new MemoryEventLog();
  private final InMemoryValue<ServiceAssignment> assignment = new InMemoryValue<>();
  private final ServiceRecorder recorder = new ServiceRecorder(store, logs, events, assignment);

  private static Messages.ServiceStatus status(String name, Messages.ServiceState state, long pid) {
    return new Messages.ServiceStatus(name, 1, state, pid, 0, null, 5, null, List.of());
  }

  @Test
  void reportsReplaceTheNodesInstancesAndChangesAreEvents() {
    recorder.record(2, new Messages.ServiceStates(null, List.of(status("web", Messages.ServiceState.RUNNING, 131080))));
    recorder.record(2, new Messages.ServiceStates(null, List.of(status("web", Messages.ServiceState.RUNNING, 131080),
        status("db", Messages.ServiceState.WAITING, 0))));
    recorder.record(2, new Messages.ServiceStates(null, List.of(status("db", Messages.ServiceState.RUNNING, 131090))));
    assertThat(store.of(2)).extracting(ServiceInstance::service, ServiceInstance::pid)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("db", 131090L));
    assertThat(events.all().stream().map(Event::data)
        .map(d -> d.get("service") + ":" + d.get("from") + "->" + d.get("to")).toList())
        .containsExactly("web:null->running", "db:null->waiting", "db:waiting->running", "web:running->stopped");
  }

  @Test
  void logLinesGoToTheServicesLogOnlyFromANodeItIsPlacedOn() {
    assignment.replace(null, new ServiceAssignment(java.util.Map.of("web", List.of(3)), 3, 1));
    recorder.log(2, new Messages.ServiceLog(null, "web", Messages.Stream.STDOUT, List.of("not from here"), 0));
    for (int i = 0; i < 1000; i++) {
      recorder.log(3, new Messages.ServiceLog(null, "flood-" + i, Messages.Stream.STDOUT, List.of("x"), 0));
    }
    assertThat(logs.names()).as("no log made for a name the node does not run").isEmpty();
    recorder.log(3, new Messages.ServiceLog(null, "web", Messages.Stream.STDERR, List.of("a", "b"), 0));
    assertThat(logs.read("web", 0, 10, false).toCompletableFuture().join())
        .extracting(LogLine::node, LogLine::stream, LogLine::line)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(3, "stderr", "a"),
            org.assertj.core.groups.Tuple.tuple(3, "stderr", "b"));
  }
}
