package io.unum.orchestrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.unum.orchestrator.bench.BenchReport;
import io.unum.orchestrator.bench.BenchResult;
import io.unum.orchestrator.bench.Figure;
import io.unum.orchestrator.bench.Machine;
import io.unum.orchestrator.bench.ReportWriter;
import io.unum.orchestrator.testing.CannedApi;
import io.unum.orchestrator.testing.CannedApi.Answer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code unum bench report} prints the host's newest report as the terminal's tables. */
class BenchReportCommandTest {
  @TempDir
  Path dir;

  private CannedApi api;
  private CliRunner cli;

  @BeforeEach
  void start() throws Exception {
    api = new CannedApi();
    cli = new CliRunner(api.base());
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void theReportPrintsEachFigureBesideThePlainToolAndItsTarget() throws Exception {
    BenchReport report = new BenchReport("unum bench all --rounds 1", "unum 0.1.0", 1_796_636_200_000L, 3725,
        new Machine("Test CPU", 2, 2048, "6.1", "QEMU 10", "libvirt 11", "tcg"),
        List.of(new BenchResult("ps", "2 lab hosts", List.of(
            Figure.lower("remote kill p99", 61.5, "ms").beside("kill of a local process", 1.2).aiming(50),
            Figure.lower("unum ps -e in a node p99", 120, "ms").aiming(300)))),
        List.of("ha: the lab did not settle"));
    ReportWriter.write(report, dir);
    api.answer("GET", "/api/v1/bench/latest", Answer.json(200, Files.readString(dir.resolve(ReportWriter.RESULTS))));

    CliRunner.Result result = cli.run("", "bench", "report");

    assertThat(result.code()).isZero();
    assertThat(result.out()).contains("unum bench all --rounds 1: 1 of 2 targets met; unum 0.1.0",
        "machine: Test CPU, 2 cores, 2.0 GiB, Linux 6.1, QEMU 10, libvirt 11, guests on TCG",
        "unum bench ps (2 lab hosts)", "FAILED ha: the lab did not settle");
    assertThat(result.outLines()).anyMatch(line -> line.contains("remote kill p99") && line.contains("61.5 ms")
        && line.contains("beside 1.20 ms (kill of a local process)") && line.contains("target <= 50 ms: NOT met"));
  }

  @Test
  void withoutReportTheHostSaysHowToMakeOne() {
    api.answer("GET", "/api/v1/bench/latest", Answer.json(404, "{\"status\":404,\"title\":\"No benchmark report\","
        + "\"detail\":\"no benchmark report under /var/lib/unum/bench yet: 'unum bench all' on this host writes one\"}"));

    CliRunner.Result result = cli.run("", "bench", "report");

    assertThat(result.code()).isEqualTo(1);
    assertThat(result.err()).contains("'unum bench all' on this host writes one");
  }
}
