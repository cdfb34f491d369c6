package io.unum.orchestrator.fencing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unum.orchestrator.testing.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The watchdog's process: started once, found again by a restarted orchestrator, retired; a real process. */
class ProcessWatchdogTest {

  private static boolean running(Path leaseFile) {
    return ProcessHandle.allProcesses().anyMatch(p -> p.info().commandLine()
        .filter(line -> line.contains("unum-watchdog") && line.contains(leaseFile.toString())).isPresent());
  }

  @Test
  void oneWatchdogPerLeaseFileToldEachRenewalAndRetiredWhenLeasesEnd(@TempDir Path dir) throws Exception {
    // A stand-in with the real one's name and arguments: it only has to stay up.
    Path script = dir.resolve("unum-watchdog");
    Files.writeString(script, "#!/bin/sh\nsleep 120\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path lease = dir.resolve("state/watchdog.lease");
    Path device = dir.resolve("dev/watchdog");
    ProcessWatchdog first = ProcessWatchdog.ensure(script, lease, dir.resolve("log/watchdog.log"), Optional.of(device));
    Await.until("the watchdog running", Duration.ofSeconds(10), () -> running(lease));
    ProcessWatchdog again = ProcessWatchdog.ensure(script, lease, dir.resolve("log/watchdog.log"), Optional.empty());
    assertThat(again.describe()).as("a restarted orchestrator finds the one running, and the device it was given")
        .isEqualTo(first.describe()).contains("arms " + device);

    first.pet(Duration.ofSeconds(60));
    first.pet(Duration.ofMillis(59_500));
    assertThat(Files.readString(lease)).isEqualTo("2 59500\n");

    ProcessWatchdog.retire(lease);
    Await.until("the watchdog gone", Duration.ofSeconds(10), () -> !running(lease));
    assertThat(lease).doesNotExist();
  }

  @Test
  void aMissingProgramIsRefusedWithWhereItShouldBe(@TempDir Path dir) {
    assertThatThrownBy(() -> ProcessWatchdog.ensure(dir.resolve("unum-watchdog"), dir.resolve("lease"),
        dir.resolve("log"), Optional.empty()))
        .hasMessageContaining("unum-watchdog is missing or not executable").hasMessageContaining("orchestrator/host/");
  }
}
