package io.unum.orchestrator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unum.orchestrator.testing.Await;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A checkout's scripts run with a deadline: their answer is their last line, a hang is stopped. */
class InstallationScriptTest {
  @TempDir
  Path home;
  private String before;

  @BeforeEach
  void pointAtTheTempCheckout() {
    before = System.getProperty("unum.home");
    System.setProperty("unum.home", home.toString());
  }

  @AfterEach
  void restore() {
    if (before == null) {
      System.clearProperty("unum.home");
    } else {
      System.setProperty("unum.home", before);
    }
  }

  private void script(String name, String body) throws IOException {
    Path file = home.resolve(name);
    Files.writeString(file, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
  }

  @Test
  void theAnswerIsTheLastLineAndAFailureNamesTheScriptAndItsCode() throws IOException {
    script("answers", "echo progress; echo /var/cache/unum/kernel/bzImage");
    script("fails", "exit 3");
    Installation installation = Installation.locate();
    assertThat(installation.runScript(Duration.ofSeconds(30), "answers")).isEqualTo("/var/cache/unum/kernel/bzImage");
    assertThatThrownBy(() -> installation.runScript(Duration.ofSeconds(30), "fails"))
        .isInstanceOf(CliFailure.class).hasMessage("fails failed (exit 3); see the messages above");
  }

  @Test
  void aScriptPastItsDeadlineIsStoppedWithWhatItStarted() throws IOException {
    Path pid = home.resolve("sleeper.pid");
    script("hangs", "sleep 300 & echo $! > " + pid + "; wait");
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> Installation.locate().runScript(Duration.ofMillis(1500), "hangs"))
        .isInstanceOf(CliFailure.class).hasMessage("hangs did not finish within 1500 ms and was stopped; see the"
            + " messages above");
    assertThat((System.nanoTime() - t0) / 1_000_000_000.0).as("seconds until it gave up").isLessThan(15);
    long sleeper = Long.parseLong(Files.readString(pid).strip());
    Await.until("the script's own child stopped too", Duration.ofSeconds(10),
        () -> ProcessHandle.of(sleeper).map(p -> !p.isAlive()).orElse(true));
  }
}
