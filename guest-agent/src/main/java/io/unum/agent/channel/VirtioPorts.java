package io.unum.agent.channel;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds a virtio-serial port's device by its name, as sysfs tells it (the guest has no udev). */
public final class VirtioPorts {
  /** Where the kernel lists the ports: one directory per port, each with a {@code name} file. */
  public static final Path SYSFS = Path.of("/sys/class/virtio-ports");

  private final Path sysfs;
  private final Path dev;

  public VirtioPorts(Path sysfs, Path dev) {
    this.sysfs = sysfs;
    this.dev = dev;
  }

  /** The device of the port called {@code name} (e.g. /dev/vport1p1), if there is one yet. */
  public Optional<Path> find(String name) throws IOException {
    if (!Files.isDirectory(sysfs)) {
      return Optional.empty();
    }
    try (DirectoryStream<Path> ports = Files.newDirectoryStream(sysfs)) {
      for (Path port : ports) {
        Path nameFile = port.resolve("name");
        // A port without a name file, or one we may not read, is simply not ours.
        if (Files.isReadable(nameFile) && Files.readString(nameFile).strip().equals(name)) {
          return Optional.of(dev.resolve(port.getFileName().toString()));
        }
      }
    }
    return Optional.empty();
  }
}
