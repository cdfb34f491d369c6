package io.unum.orchestrator.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The token the CLI shows the API: {@code $UNUM_TOKEN}, else the file {@code $UNUM_TOKEN_FILE},
 * else {@code ~/.config/unum/token}, else the host's admin credential when this user may read it
 * (root on a host is the cluster's admin).
 */
final class CliCredential {
  static final Path HOST_CREDENTIAL = Path.of("/etc/unum/admin-token");
  private static final int MAX_CHARS = 200;

  private CliCredential() {}

  static Optional<String> resolve(Map<String, String> env) {
    String token = env.get("UNUM_TOKEN");
    if (token != null && !token.isBlank()) {
      return Optional.of(token.strip());
    }
    String file = env.get("UNUM_TOKEN_FILE");
    if (file != null && !file.isBlank()) {
      return Optional.of(read(Path.of(file)).orElseThrow(() -> new CliFailure("UNUM_TOKEN_FILE names " + file
          + ", which cannot be read")));
    }
    String home = env.get("HOME");
    if (home != null) {
      Optional<String> own = read(Path.of(home, ".config", "unum", "token"));
      if (own.isPresent()) {
        return own;
      }
    }
    return read(HOST_CREDENTIAL);
  }

  /** The token in {@code file}; empty when it is absent or unreadable. */
  static Optional<String> read(Path file) {
    if (!Files.isReadable(file)) {
      return Optional.empty();
    }
    try {
      if (Files.size(file) > MAX_CHARS) {
        throw new CliFailure(file + " is not a token (over " + MAX_CHARS + " bytes)");
      }
      String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
      return text.isEmpty() ? Optional.empty() : Optional.of(text);
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
