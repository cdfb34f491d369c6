package io.unum.orchestrator.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * Tells apart two clusters that share a name (Hazelcast would merge them without a word): the
 * first host of a cluster picks a random id, every host that joins records it on disk, and a
 * host that finds itself in a control plane with another id refuses to go on.
 */
final class ClusterIdentity {
  static final String MAP = "unum.cluster";
  private static final String KEY = "id";
  private static final String FILE = "cluster-id";

  private ClusterIdentity() {}

  /** Returns the cluster's id; fails, naming both ids and the file, when it is not this host's. */
  static String verify(HazelcastInstance hazelcast, String clusterName, Path stateDir) {
    Path file = stateDir.resolve(FILE);
    String mine = read(file);
    String proposal = mine != null ? mine : UUID.randomUUID().toString();
    IMap<String, String> map = hazelcast.getMap(MAP);
    String theirs = map.putIfAbsent(KEY, proposal);
    String cluster = theirs == null ? proposal : theirs;
    if (mine != null && !mine.equals(cluster)) {
      throw new IllegalStateException("this host belongs to cluster '" + clusterName + "' with id "
          + mine + " (recorded in " + file + "), but the hosts it reached are another cluster of the"
          + " same name (id " + cluster + "). Two clusters must not share a name: rename one, or"
          + " delete " + file + " to move this host to the other cluster");
    }
    if (mine == null) {
      write(stateDir, file, cluster);
    }
    return cluster;
  }

  static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file).strip() : null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  static void write(Path dir, Path file, String id) {
    try {
      Files.createDirectories(dir);
      DurableFile.replace(file, (id + "\n").getBytes(StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
