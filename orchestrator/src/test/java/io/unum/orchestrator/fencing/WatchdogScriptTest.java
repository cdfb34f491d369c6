package io.unum.orchestrator.fencing;

import static org.assertj.core.api.Assertions.assertThat;

import io.unum.orchestrator.testing.Await;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code orchestrator/host/unum-watchdog} against a stand-in guest (a process named like a
 * QEMU, under a name no real guest has) and a stand-in watchdog device (a file, with {@code wdctl}
 * and the sysfs timeout faked the way the kernel's softdog answers them).
 */
class WatchdogScriptTest {
  private static final Path SCRIPT = Path.of("host/unum-watchdog").toAbsolutePath();

  @TempDir
  Path dir;
  private final String guestName = "unum-test-qemu-" + UUID.randomUUID();
  private Process guest;
  private Process watchdog;

  @AfterEach
  void stop() {
    for (Process p : new Process[] {watchdog, guest}) {
      if (p != null) {
        p.destroyForcibly();
      }
    }
  }

  private Process startGuest() throws IOException {
    return new ProcessBuilder("bash", "-c", "exec -a '" + guestName + " -name guest=unum-node9' sleep 300").start();
  }

  private Path log() {
    return dir.resolve("watchdog.log");
  }

  private Process startWatchdog(Path lease, String... device) throws IOException {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    // wdctl -s SECONDS DEVICE, as softdog takes it: the timeout shows in sysfs.
    Path wdctl = bin.resolve("wdctl");
    Files.writeString(wdctl, "#!/bin/sh\n[ \"$1\" = -s ] || exit 1\nmkdir -p \"" + dir.resolve("sys/watchdog0")
        + "\" && echo \"$2\" > \"" + dir.resolve("sys/watchdog0/timeout") + "\"\n");
    Files.setPosixFilePermissions(wdctl, PosixFilePermissions.fromString("rwxr-xr-x"));
    List<String> command = new ArrayList<>(List.of("sh", SCRIPT.toString(), lease.toString()));
    command.addAll(List.of(device));
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> env = builder.environment();
    env.put("PATH", bin + ":" + env.get("PATH"));
    env.put("UNUM_WATCHDOG_SYSFS", dir.resolve("sys").toString());
    env.put("UNUM_WATCHDOG_GUARD", "2");
    env.put("UNUM_WATCHDOG_GUESTS", guestName + ".*guest=unum-node");
    return builder.redirectErrorStream(true).redirectOutput(log().toFile()).start();
  }

  private String logged() {
    try {
      return Files.exists(log()) ? Files.readString(log()) : "";
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return -1;
    }
  }

  @Test
  void withADeviceTheGuestsDieBeforeTheLeaseEndsAndTheDeviceIsFedOnThenDisarmed() throws Exception {
    Path device = dir.resolve("watchdog");
    Files.createFile(device);
    Path lease = dir.resolve("watchdog.lease");
    guest = startGuest();
    Files.writeString(lease, "1 4000\n");
    watchdog = startWatchdog(lease, device.toString());

    Await.until("the device armed", Duration.ofSeconds(10), () -> logged().contains("armed " + device), this::logged);
    assertThat(Files.readString(dir.resolve("sys/watchdog0/timeout")).strip()).isEqualTo("2");
    // The script logs the kill just after it: wait for both.
    Await.until("the stand-in guest killed, and that logged", Duration.ofSeconds(15),
        () -> !guest.isAlive() && logged().contains("killed QEMU"), this::logged);
    assertThat(logged()).as("killed the device's timeout before the lease's end, not after it")
        .containsPattern("the lease runs out in [0-9.]+ s: killed QEMU [0-9]+")
        .doesNotContain("the lease ran out");
    long fed = size(device);
    Await.until("the device fed on once no guest runs", Duration.ofSeconds(10), () -> size(device) > fed + 5,
        this::logged);

    watchdog.destroy();
    Await.until("the watchdog stopped", Duration.ofSeconds(10), () -> !watchdog.isAlive(), this::logged);
    assertThat(Files.readString(device)).as("the magic close disarms the device").endsWith("V");
    assertThat(logged()).contains("disarmed");
  }

  @Test
  void withoutAUsableDeviceTheGuestsDieWhenTheLeaseEnds() throws Exception {
    Path lease = dir.resolve("watchdog.lease");
    guest = startGuest();
    Files.writeString(lease, "1 1500\n");
    Path missing = dir.resolve("missing/watchdog");
    watchdog = startWatchdog(lease, missing.toString());

    Await.until("the stand-in guest killed, and that logged", Duration.ofSeconds(15),
        () -> !guest.isAlive() && logged().contains("killed QEMU"), this::logged);
    assertThat(logged()).contains("not using " + missing + ": it cannot be opened")
        .containsPattern("the lease ran out [0-9]+ s ago: killed QEMU [0-9]+");
  }
}
