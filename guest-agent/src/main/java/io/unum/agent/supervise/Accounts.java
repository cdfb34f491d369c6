package io.unum.agent.supervise;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Looks a user up in the node's passwd file: read at each start, as services start rarely. */
final class Accounts {
  /** A user's numeric ids, which setpriv takes. */
  record Account(String name, long uid, long gid) {}

  private final Path passwd;

  Accounts(Path passwd) {
    this.passwd = passwd;
  }

  /** The user called {@code name}, or null when the file has none (or cannot be read). */
  Account find(String name) {
    try {
      for (String line : Files.readAllLines(passwd, StandardCharsets.UTF_8)) {
        String[] f = line.split(":", -1);
        if (f.length > 3 && f[0].equals(name)) {
          try {
            return new Account(name, Long.parseLong(f[2]), Long.parseLong(f[3]));
          } catch (NumberFormatException e) {
            return null; // a malformed line: nobody setpriv could become
          }
        }
      }
    } catch (IOException e) {
      return null;
    }
    return null;
  }
}
