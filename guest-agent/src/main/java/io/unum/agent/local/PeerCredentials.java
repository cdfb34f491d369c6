package io.unum.agent.local;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * Who is on the other end of a local connection, from the kernel (SO_PEERCRED), not from what
 * the client says: the agent acts for that user.
 */
record PeerCredentials(long uid, long gid) {

  static PeerCredentials of(SocketChannel channel) throws IOException {
    UnixDomainPrincipal peer = channel.getOption(ExtendedSocketOptions.SO_PEERCRED);
    return new PeerCredentials(id(peer.user().getName(), Path.of("/etc/passwd")),
        id(peer.group().getName(), Path.of("/etc/group")));
  }

  /** The JDK names ids from passwd/group, or gives the number when there is no entry. */
  static long id(String name, Path database) throws IOException {
    if (name.chars().allMatch(Character::isDigit) && !name.isEmpty()) {
      return Long.parseLong(name);
    }
    return lookup(name, Files.readAllLines(database))
        .orElseThrow(() -> new IOException("no entry for '" + name + "' in " + database));
  }

  /** The id field (third) of the {@code name:x:id:...} line. */
  static java.util.Optional<Long> lookup(String name, List<String> lines) {
    for (String line : lines) {
      String[] fields = line.split(":", -1);
      if (fields.length >= 3 && fields[0].equals(name)) {
        try {
          return java.util.Optional.of(Long.parseLong(fields[2]));
        } catch (NumberFormatException e) {
          return java.util.Optional.empty();
        }
      }
    }
    return java.util.Optional.empty();
  }
}
