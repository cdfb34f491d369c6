package io.unum.orchestrator.cluster;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This host's durable copy of the node specs: one JSON file per node (spec or tombstone). Each
 * write goes to a temporary file renamed over the old one: a crash leaves either the old or the
 * new record, never half of one.
 */
public final class SpecFiles {
  private static final Logger LOG = LoggerFactory.getLogger(SpecFiles.class);
  private static final String PREFIX = "node-";
  private static final String SUFFIX = ".json";

  private final Path dir;
  // A newer Unum may add fields: an older one reading its files keeps what it knows.
  private final ObjectMapper json = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  public SpecFiles(Path dir) {
    this.dir = dir;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create state directory " + dir, e);
    }
  }

  public void write(SpecRecord record) {
    Path target = dir.resolve(PREFIX + record.node() + SUFFIX);
    try {
      DurableFile.replace(target, json.writeValueAsBytes(record));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot persist the spec of node " + record.node() + " to " + target, e);
    }
  }

  /** Every readable record; an unreadable file is logged and skipped, never fatal. */
  public List<SpecRecord> readAll() {
    List<SpecRecord> records = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.sorted().toList()) {
        String name = file.getFileName().toString();
        if (!name.startsWith(PREFIX) || !name.endsWith(SUFFIX)) {
          continue;
        }
        try {
          records.add(json.readValue(file.toFile(), SpecRecord.class));
        } catch (IOException | IllegalArgumentException e) {
          LOG.error("ignoring unreadable node spec {}: {}", file, e.getMessage());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
    return records;
  }
}
