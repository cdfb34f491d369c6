package io.unum.agent.services;

import static org.assertj.core.api.Assertions.assertThat;

import io.unum.agent.proc.ProcessSource;
import io.unum.agent.protocol.Messages.Proc;
import io.unum.agent.protocol.Messages.Procs;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProcessReporterTest {
  private final Map<Long, Proc> processes = new HashMap<>();
  private final List<Procs> sent = new ArrayList<>();
  private boolean room = true;
  private int reads;
  private final ProcessSource source = new ProcessSource() {
    @Override
    public Map<Long, Proc> scan() {
      return Map.copyOf(processes);
    }

    @Override
    public Set<Long> pids() {
      return Set.copyOf(processes.keySet());
    }

    @Override
    public Proc read(long pid) {
      reads++;
      return processes.get(pid);
    }
  };
  private final ProcessReporter reporter = new ProcessReporter(source, report -> {
    if (room) {
      sent.add(report);
    }
    return room;
  }, 1000, 200);

  private void run(long pid, String cmd, double cpu) {
    processes.put(pid, new Proc(pid, 1, 0, "root", "S", cpu, 1024, 1000, cmd));
  }

  @Test
  void theFirstReportIsFullThenOnlyChangesAndNothingWhenNothingChanged() {
    run(100, "sleep 1", 0);
    run(101, "sshd", 0);
    reporter.report();
    assertThat(sent).singleElement().satisfies(r -> {
      assertThat(r.full()).isTrue();
      assertThat(r.upsert()).hasSize(2);
    });
    reporter.report();
    assertThat(sent).as("nothing changed, nothing sent").hasSize(1);
    processes.remove(100L);
    run(102, "make", 0);
    run(101, "sshd", 0.4); // below the CPU step: not a change
    reporter.report();
    Procs delta = sent.get(1);
    assertThat(delta.full()).isFalse();
    assertThat(delta.upsert()).extracting(Proc::pid).containsExactly(102L);
    assertThat(delta.gone()).containsExactly(100L);
    assertThat(delta.seq()).isEqualTo(sent.get(0).seq() + 1);
  }

  @Test
  void aReportWithoutRoomOrANewSessionMakesTheNextOneFull() {
    run(100, "sleep 1", 0);
    reporter.report();
    room = false;
    run(101, "make", 0);
    reporter.report();
    room = true;
    reporter.report();
    assertThat(sent.get(sent.size() - 1).full()).as("after a dropped report").isTrue();
    reporter.resync();
    reporter.report();
    assertThat(sent.get(sent.size() - 1).full()).as("after a new session, even with no change").isTrue();
    assertThat(sent.get(sent.size() - 1).upsert()).hasSize(2);
  }

  @Test
  void aQuickReportNamesStartsAndEndsOnlyAndReadsOnlyTheNewProcesses() {
    run(100, "sleep 1", 0);
    run(101, "sshd", 0);
    reporter.quickReport();
    assertThat(sent).as("the first report is a full scan, quick or not").singleElement()
        .satisfies(r -> assertThat(r.full()).isTrue());
    run(101, "sshd", 50); // a CPU change: for the next full scan, not a quick report
    reporter.quickReport();
    assertThat(sent).as("no start, no end").hasSize(1);
    reads = 0;
    processes.remove(100L);
    run(102, "make", 0);
    reporter.quickReport();
    Procs quick = sent.get(1);
    assertThat(quick.full()).isFalse();
    assertThat(quick.upsert()).extracting(Proc::pid).containsExactly(102L);
    assertThat(quick.gone()).containsExactly(100L);
    assertThat(reads).as("only the new process is read").isEqualTo(1);
    reporter.report();
    assertThat(sent.get(2).upsert()).as("the full scan brings the CPU change").extracting(Proc::pid)
        .containsExactly(101L);
    assertThat(sent.get(2).gone()).isEmpty();
  }
}
