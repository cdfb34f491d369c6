package io.unum.orchestrator.hostmesh;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The hosts' mesh cards, one file per host ({@code HOST.json}) in a folder every host sees (the
 * shared folder's {@code mesh/}). The folder is a notice board, not a trust anchor: every card
 * read is checked against the cluster CA by {@link PeerPlan}.
 */
public final class MeshDirectory {
  /** Cards are a few KiB; anything larger is not one and is not read. */
  static final long MAX_CARD_BYTES = 16 * 1024;
  /** More files than a cluster has hosts are not read past this many. */
  static final int MAX_CARDS = 256;
  private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}\\.json");

  private final Path dir;
  private final ObjectMapper json = new ObjectMapper();

  public MeshDirectory(Path dir) {
    this.dir = dir;
  }

  /** Puts this host's card up (atomically: a reader sees the old card or the new one). */
  public void publish(MeshCard card) {
    String name = card.host() + ".json";
    if (!FILE_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("host name '" + card.host() + "' cannot name a mesh card file");
    }
    try {
      Files.createDirectories(dir);
      Path temp = Files.createTempFile(dir, ".card-", ".tmp");
      Files.write(temp, json.writeValueAsBytes(card));
      // A card is public (a key and an address); hosts whose root is squashed on the share must read it.
      Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
      try {
        Files.move(temp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot publish this host's mesh card in " + dir, e);
    }
  }

  /**
   * Every card in the folder by file name, as read (not yet checked); a file that is too large
   * or not a card maps to null, so the caller can say which file is wrong.
   */
  public Map<String, MeshCard> read() {
    Map<String, MeshCard> cards = new LinkedHashMap<>();
    if (!Files.isDirectory(dir)) {
      return cards;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
      for (Path file : files) {
        if (cards.size() == MAX_CARDS) {
          break;
        }
        String name = file.getFileName().toString();
        if (FILE_NAME.matcher(name).matches()) {
          cards.put(name, readCard(file));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the mesh cards in " + dir, e);
    }
    return cards;
  }

  private MeshCard readCard(Path file) {
    try {
      if (!Files.isRegularFile(file) || Files.size(file) > MAX_CARD_BYTES) {
        return null;
      }
      return json.readValue(Files.readAllBytes(file), MeshCard.class);
    } catch (IOException e) {
      return null;
    }
  }
}
