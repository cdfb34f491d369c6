package io.unum.orchestrator.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.hazelcast.map.MapStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Persists node specs, one JSON file per node, so desired state survives a restart of every
 * orchestrator. Each write goes to a temporary file that is renamed over the old one: a crash
 * leaves either the old or the new spec, never half of one.
 */
public final class FileSpecStore implements MapStore<Integer, NodeSpec> {
  private static final Logger LOG = LoggerFactory.getLogger(FileSpecStore.class);
  private static final String PREFIX = "node-";
  private static final String SUFFIX = ".json";

  private final Path dir;
  private final ObjectMapper json = new ObjectMapper();

  public FileSpecStore(Path dir) {
    this.dir = dir;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create state directory " + dir, e);
    }
  }

  @Override
  public void store(Integer node, NodeSpec spec) {
    Path target = file(node);
    Path temp = dir.resolve("." + target.getFileName() + ".tmp");
    try {
      json.writeValue(temp.toFile(), spec);
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot persist spec of node " + node + " to " + target, e);
    }
  }

  @Override
  public void storeAll(Map<Integer, NodeSpec> specs) {
    specs.forEach(this::store);
  }

  @Override
  public void delete(Integer node) {
    try {
      Files.deleteIfExists(file(node));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete spec of node " + node, e);
    }
  }

  @Override
  public void deleteAll(Collection<Integer> nodes) {
    nodes.forEach(this::delete);
  }

  @Override
  public NodeSpec load(Integer node) {
    Path file = file(node);
    if (!Files.exists(file)) {
      return null;
    }
    try {
      return json.readValue(file.toFile(), NodeSpec.class);
    } catch (IOException | IllegalArgumentException e) {
      // A spec we cannot read must not stop the daemon: say which file, and skip it.
      LOG.error("ignoring unreadable node spec {}: {}", file, e.getMessage());
      return null;
    }
  }

  @Override
  public Map<Integer, NodeSpec> loadAll(Collection<Integer> nodes) {
    Map<Integer, NodeSpec> result = new HashMap<>();
    for (Integer node : nodes) {
      NodeSpec spec = load(node);
      if (spec != null) {
        result.put(node, spec);
      }
    }
    return result;
  }

  @Override
  public Iterable<Integer> loadAllKeys() {
    Set<Integer> keys = new TreeSet<>();
    try (Stream<Path> files = Files.list(dir)) {
      files.map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith(PREFIX) && n.endsWith(SUFFIX))
          .forEach(n -> {
            try {
              keys.add(Integer.parseInt(n.substring(PREFIX.length(), n.length() - SUFFIX.length())));
            } catch (NumberFormatException e) {
              LOG.warn("ignoring stray file {} in {}", n, dir);
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
    return keys;
  }

  private Path file(int node) {
    return dir.resolve(PREFIX + node + SUFFIX);
  }
}
