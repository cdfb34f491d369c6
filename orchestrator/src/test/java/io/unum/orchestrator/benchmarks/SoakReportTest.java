package io.unum.orchestrator.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What a soak counts as a fault (a broken or lost guest) and what only as a figure (a late answer). */
class SoakReportTest {
  private static final SoakGuest.Move MOVED = new SoakGuest.Move(2000, 0, 100, 0, null, null);

  @Test
  void aLateAnswerIsAFigureAndALostLinkOrAnOopsAFault() {
    SoakReport report = new SoakReport("node 1", 5_000, 30_000);
    report.move(1, MOVED, 800, List.of());
    report.move(2, MOVED, 7_200, List.of());
    assertThat(report.clean()).as("late, not lost").isTrue();
    assertThat(report.late()).containsExactly("move 2 (7200 ms)");
    assertThat(report.row()).contains("lost links 0").endsWith("over 5 s: 1");

    report.move(3, MOVED, 31_000, List.of());
    report.move(4, MOVED, -1, List.of("kernel: Oops: 0000"));
    assertThat(report.clean()).isFalse();
    assertThat(report.faults()).containsExactly("move 3: answered only after 31000 ms", "move 4: answered only after never",
        "move 4: kernel: Oops: 0000");
    assertThat(report.row()).contains("oopses 1").contains("lost links 2");
  }
}
