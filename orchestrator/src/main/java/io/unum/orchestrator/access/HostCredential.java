package io.unum.orchestrator.access;

import io.unum.orchestrator.cluster.DurableFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * This host's own credential: a token of root that the daemon writes, mode 0600, where root on
 * the host reads it (the CLI does), and that this host shows when it calls another host. Kept
 * across restarts while it still works; made anew when the cluster no longer knows it.
 */
public final class HostCredential {
  /** Where the host's credential is kept unless configured otherwise. */
  public static final Path DEFAULT_FILE = Path.of("/etc/unum/admin-token");

  private final String token;

  private HostCredential(String token) {
    this.token = token;
  }

  /** The token this host calls other hosts with. */
  public String token() {
    return token;
  }

  /** Reads the host's credential from {@code file}, or makes one and writes it there. */
  public static HostCredential ensure(AccessService access, String hostName, Path file) {
    try {
      return ensureIn(access, hostName, file);
    } catch (IOException e) {
      throw new IllegalStateException("cannot keep this host's credential in " + file + ": " + e.getMessage()
          + " (see --admin-token-file)", e);
    }
  }

  private static HostCredential ensureIn(AccessService access, String hostName, Path file) throws IOException {
    Optional<String> held = Files.isRegularFile(file)
        ? Optional.of(Files.readString(file, StandardCharsets.US_ASCII).strip()) : Optional.empty();
    Optional<String> made = access.hostCredential(hostName, held);
    if (made.isEmpty()) {
      return new HostCredential(held.orElseThrow());
    }
    DurableFile.replace(file, (made.get() + "\n").getBytes(StandardCharsets.US_ASCII),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    return new HostCredential(made.get());
  }

  /** A credential held in memory only (tests). */
  public static HostCredential of(String token) {
    return new HostCredential(token);
  }
}
