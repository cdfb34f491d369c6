package io.unum.orchestrator.hypervisor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** {@link OverlayDisks} as qcow2 files made with qemu-img. */
public final class QemuImgOverlays implements OverlayDisks {

  @Override
  public void ensure(Path overlay, Path base) {
    if (Files.exists(overlay)) {
      if (backingOf(overlay).equals(base.toString())) {
        return;
      }
      delete(overlay);
    }
    run("qemu-img", "create", "-q", "-f", "qcow2", "-F", "raw", "-b", base.toString(),
        overlay.toString());
  }

  private static void delete(Path overlay) {
    try {
      Files.deleteIfExists(overlay);
    } catch (IOException e) {
      throw new HypervisorException("cannot delete overlay " + overlay + ": " + e.getMessage(), e);
    }
  }

  private static String backingOf(Path overlay) {
    String info = run("qemu-img", "info", "-U", "--output=json", overlay.toString());
    int key = info.indexOf("\"backing-filename\"");
    if (key < 0) {
      return "";
    }
    int start = info.indexOf('"', info.indexOf(':', key) + 1) + 1;
    return info.substring(start, info.indexOf('"', start));
  }

  private static String run(String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new HypervisorException(String.join(" ", command) + " failed: " + output.strip(), null);
      }
      return output;
    } catch (IOException e) {
      throw new HypervisorException("cannot run qemu-img (install qemu-utils): " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HypervisorException("interrupted while running qemu-img", e);
    }
  }
}
