package io.unum.orchestrator.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class ReportWriterTest {
  private static final Machine MACHINE = new Machine("Test CPU", 2, 23_900, "6.1.0-test", "QEMU emulator version 10.0.2",
      "libvirt 11.3.0", "tcg");

  @TempDir
  Path dir;

  private static BenchReport report(Instant started, List<String> failures) {
    BenchResult ps = new BenchResult("ps", "2 lab hosts", List.of(
        Figure.lower("remote kill <node 1 | node 2>, p99", 61.5, "ms").beside("kill of a local process", 1.2)
            .aiming(50),
        Figure.lower("unum ps -e inside a node, p99", 120, "ms").aiming(300)));
    BenchResult migrate = new BenchResult("migrate", "3 lab hosts", List.of(
        Figure.lower("idle move, wall p50", 2300, "ms").beside("plain virsh migrate", 2000).aimingTimesBaseline(1.2)),
        List.of("drain needs 3 hosts"));
    return new BenchReport("unum bench all --rounds 1", "unum 0.1.0 (commit 0123456789ab)", started.toEpochMilli(),
        3725, MACHINE, List.of(ps, migrate), failures);
  }

  @Test
  void theReportHoldsATablePerBenchmarkAChartPerFigureAndTheDataToReadBack() throws Exception {
    BenchReport report = report(Instant.parse("2026-12-07T09:30:00Z"), List.of("ha: the lab did not settle"));
    Path markdown = ReportWriter.write(report, dir);

    String md = Files.readString(markdown);
    assertThat(md).startsWith("# Unum benchmarks, 2026-12-07 09:30 UTC")
        .contains("Test CPU, 2 cores, 23.3 GiB, Linux 6.1.0-test", "took 62 min 5 s", "2 of 3 targets met")
        .contains("| remote kill <node 1 \\| node 2>, p99 | 61.5 ms | 1.20 ms (kill of a local process) | 51.25x"
            + " | <= 50 ms | **no** |")
        .contains("| idle move, wall p50 | 2300 ms | 2000 ms (plain virsh migrate) | 1.15x | <= 1.2x the plain tool | yes |")
        .contains("> drain needs 3 hosts", "## Failed", "- ha: the lab did not settle");
    try (Stream<Path> charts = Files.list(dir.resolve("figures"))) {
      List<Path> svgs = charts.sorted().toList();
      assertThat(svgs).hasSize(3);
      assertThat(md).contains("](figures/" + svgs.get(0).getFileName() + ")");
      for (Path svg : svgs) {
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
            .parse(new ByteArrayInputStream(Files.readAllBytes(svg)));
        assertThat(doc.getDocumentElement().getTagName()).isEqualTo("svg");
      }
      String kill = Files.readString(svgs.get(0), StandardCharsets.UTF_8);
      assertThat(kill).contains("remote kill &lt;node 1 | node 2&gt;", "61.5 ms", "1.20 ms", "target &lt;= 50 ms",
          "stroke-dasharray");
    }

    assertThat(ReportWriter.read(dir)).isEqualTo(report);
  }

  @Test
  void theShelfShowsTheNewestFinishedReport() throws Exception {
    ReportShelf shelf = ReportShelf.under(dir);
    assertThatThrownBy(shelf::latest).isInstanceOf(NoReportException.class).hasMessageContaining("unum bench all");

    Instant older = Instant.parse("2026-12-06T10:00:00Z");
    Instant newer = Instant.parse("2026-12-07T10:00:00Z");
    ReportWriter.write(report(older, List.of()), shelf.folderFor(older));
    ReportWriter.write(report(newer, List.of("ha: failed")), shelf.folderFor(newer));
    Files.createDirectories(shelf.folderFor(Instant.parse("2026-12-08T10:00:00Z"))); // a run still going
    Files.writeString(Files.createDirectories(shelf.root().resolve("zzz-not-a-run")).resolve(ReportWriter.RESULTS), "{}");

    assertThat(shelf.folderFor(newer).getFileName()).hasToString("20261207-100000");
    assertThat(shelf.latest()).contains("\"startedAtMillis\" : " + newer.toEpochMilli()).contains("ha: failed");
  }
}
