package io.unum.orchestrator.processes;

import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unum.agent.protocol.ErrorCode;
import io.unum.agent.protocol.Messages.Proc;
import io.unum.agent.protocol.Messages.Sender;
import io.unum.orchestrator.agentlink.AgentRequestException;
import io.unum.agent.protocol.Messages.Procs;
import io.unum.orchestrator.cluster.NodeState;
import io.unum.orchestrator.cluster.NodeStatus;
import io.unum.orchestrator.cluster.PidSpace;
import io.unum.orchestrator.testing.InMemoryClusterStore;
import io.unum.orchestrator.testing.InMemoryProcessStore;
import io.unum.orchestrator.testing.MemoryEventLog;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reports become the process table; listings show running nodes' processes only. */
class ProcessTableTest {
  private final InMemoryProcessStore table = new InMemoryProcessStore();
  private final InMemoryClusterStore cluster = new InMemoryClusterStore();
  private final MemoryEventLog events = new MemoryEventLog();
  private final ProcessRecorder recorder = new ProcessRecorder(table, events, PidSpace.DEFAULT);
  private final List<String> sent = new java.util.ArrayList<>();
  private final ProcessService service = new ProcessService(table, cluster, (node, pid, signal, sender) -> {
    if (pid == 131077) {
      throw new AgentRequestException(ErrorCode.NO_SUCH_PROCESS, "no such process " + pid);
    }
    if (pid == 131078) {
      throw new java.util.concurrent.CompletionException(
          new AgentRequestException(ErrorCode.NOT_PERMITTED, "operation not permitted"));
    }
    sent.add(node + ":" + pid + ":" + signal + ":" + sender);
  });

  private static Proc proc(long pid, long ppid, String cmd) {
    return new Proc(pid, ppid, 0, "root", "S", 0, 100, 1, cmd);
  }

  private void running(int node) {
    cluster.updateStatus(node, s -> NodeStatus.initial(node, NodeState.BOOTING, "h", "d", null, null, 1)
        .booting(1).running(null, 2));
  }

  private List<Long> pids(Integer node, boolean kernel) {
    return service.list(node, kernel).stream().map(ProcessInfo::pid).toList();
  }

  @Test
  void aNodesTableIsBoundedInRowsAndCommandLength() {
    List<Proc> many = new java.util.ArrayList<>();
    for (long pid = 131072; pid < 131072 + ProcessRecorder.MAX_ROWS + 1; pid++) {
      many.add(proc(pid, 1, "sleep 1"));
    }
    assertThat(recorder.record(2, new Procs(null, 1, true, many, List.of()))).isEqualTo(ProcessRecorder.Outcome.REFUSED);
    assertThat(events.all()).extracting(e -> String.valueOf(e.data().get("reason")))
        .anyMatch(r -> r.contains("more than the " + ProcessRecorder.MAX_ROWS));
    assertThat(recorder.record(2, new Procs(null, 2, true, List.of(proc(131072, 1, "x".repeat(100_000))), List.of())))
        .isEqualTo(ProcessRecorder.Outcome.APPLIED);
    assertThat(table.all().stream().filter(n -> n.node() == 2).findFirst().orElseThrow().processes().get(0).cmd())
        .hasSize(ProcessRecorder.MAX_CMD_CHARS);
  }

  @Test
  void aFullReportReplacesTheTableAndDeltasChangeIt() {
    running(2);
    recorder.newSession(2);
    assertThat(recorder.record(2, new Procs(null, 5, false, List.of(proc(131073, 1, "x")), List.of())))
        .as("a delta before any full report is ignored").isEqualTo(ProcessRecorder.Outcome.WAITING_FOR_FULL);
    recorder.record(2, new Procs(null, 6, true, List.of(proc(1, 0, "/sbin/unum-init"), proc(2, 0, "[kthreadd]"),
        proc(3, 2, "[ksoftirqd/0]"), proc(131072, 1, "sleep 300")), List.of()));
    assertThat(pids(null, true)).containsExactly(1L, 2L, 3L, 131072L);
    assertThat(pids(null, false)).as("without kernel threads").containsExactly(1L, 131072L);
    recorder.record(2, new Procs(null, 7, false, List.of(proc(131074, 131072, "make")), List.of(131072L)));
    assertThat(pids(2, false)).containsExactly(1L, 131074L);
    recorder.record(2, new Procs(null, 8, true, List.of(proc(1, 0, "/sbin/unum-init")), List.of()));
    assertThat(pids(2, true)).as("a full report drops what it does not list").containsExactly(1L);
  }

  @Test
  void onlyRunningNodesAreListedAndAForgottenNodeLeavesTheTable() {
    running(1);
    recorder.record(1, new Procs(null, 1, true, List.of(proc(65536, 1, "a")), List.of()));
    recorder.record(3, new Procs(null, 1, true, List.of(proc(196608, 1, "b")), List.of()));
    assertThat(service.list(null, false)).extracting(ProcessInfo::node).containsExactly(1);
    recorder.forget(1);
    assertThat(table.all()).extracting(NodeProcesses::node).containsExactly(3);
    assertThat(service.list(null, false)).isEmpty();
  }

  @Test
  void aSignalGoesToTheNodeOfItsPidRangeAndRefusalsReadLikeKill() {
    running(2);
    service.signal(131075, 15, new Sender(1000, 1000, false));
    assertThat(sent).containsExactly("2:131075:15:Sender[uid=1000, euid=1000, capKill=false]");
    assertThatThrownBy(() -> service.signal(131077, 9, null)).isInstanceOf(NoSuchProcessException.class)
        .hasMessage("no such process 131077");
    assertThatThrownBy(() -> service.signal(131078, 9, new Sender(1, 1, false)))
        .isInstanceOf(SignalNotPermittedException.class).hasMessageStartingWith("operation not permitted");
    assertThatThrownBy(() -> service.signal(196611, 9, null)).isInstanceOf(NoSuchProcessException.class)
        .hasMessageContaining("node 3 is not running");
    assertThatThrownBy(() -> service.signal(4242, 9, null)).isInstanceOf(NoSuchProcessException.class)
        .hasMessageContaining("in no node's range");
    assertThat(sent).hasSize(1);
  }

  @Test
  void aNonsensicalReportIsRefusedWholeWithAnEventAndTheTableKeepsItsLastGoodState() {
    running(2);
    recorder.record(2, new Procs(null, 1, true, List.of(proc(1, 0, "init"), proc(131072, 1, "sleep")), List.of()));
    List<Procs> garbage = List.of(
        new Procs(null, 2, false, List.of(proc(196608, 1, "node 3's")), List.of()),
        new Procs(null, 3, false, List.of(proc(131073, 1, "a"), proc(131073, 1, "b")), List.of()),
        new Procs(null, 4, false, List.of(proc(131074, 1, "c")), List.of(131074L)),
        new Procs(null, 5, true, List.of(new Proc(131075, 1, 0, "root", "S", Double.NaN, 1, 1, "nan")), List.of()),
        new Procs(null, 6, true, List.of(new Proc(131076, 1, 0, "root", "S", 0, -5, 1, "neg")), List.of()));
    for (Procs report : garbage) {
      assertThat(recorder.record(2, report)).as("report %d", report.seq()).isEqualTo(ProcessRecorder.Outcome.REFUSED);
    }
    assertThat(pids(2, true)).as("the last good table").containsExactly(1L, 131072L);
    assertThat(recorder.record(2, new Procs(null, 7, false, List.of(proc(131077, 1, "x")), List.of())))
        .as("after a refusal, deltas wait for a full report").isEqualTo(ProcessRecorder.Outcome.WAITING_FOR_FULL);
    assertThat(events.all()).as("one event per 10 s per node").hasSize(1);
    assertThat(events.all().get(0).type()).isEqualTo("node.agent-refused");
    assertThat(events.all().get(0).data().get("reason").toString())
        .isEqualTo("process report 2: process 196608 is in node 3's PID range, not node 2's");
    assertThat(ProcessRecorder.problem(PidSpace.DEFAULT, 2, garbage.get(1))).isEqualTo("process 131073 is listed twice");
    assertThat(ProcessRecorder.problem(PidSpace.DEFAULT, 2, garbage.get(2))).isEqualTo("process 131074 is both reported and gone");
    recorder.record(2, new Procs(null, 8, true, List.of(proc(1, 0, "init")), List.of()));
    assertThat(pids(2, true)).containsExactly(1L);
  }
}
