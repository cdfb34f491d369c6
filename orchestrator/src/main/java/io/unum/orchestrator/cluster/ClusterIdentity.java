package io.unum.orchestrator.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells apart two clusters that share a name (Hazelcast would merge them without a word): the
 * first host of a cluster picks a random id, every host that joins records it on disk, and a
 * host that finds itself in a control plane with another id refuses to go on.
 */
final class ClusterIdentity {
  static final String MAP = "unum.cluster";
  private static final String KEY = "id";
  private static final String FILE = "cluster-id";
  private static final Logger LOG = LoggerFactory.getLogger(ClusterIdentity.class);
  private static final int CLAIM_ATTEMPTS = 4;
  private static final int CLAIM_TRY_SECONDS = 15;

  private ClusterIdentity() {}

  /** Returns the cluster's id; fails, naming both ids and the file, when it is not this host's. */
  static String verify(HazelcastInstance hazelcast, String clusterName, Path stateDir) {
    Path file = stateDir.resolve(FILE);
    String mine = read(file);
    String proposal = mine != null ? mine : UUID.randomUUID().toString();
    String theirs = claim(hazelcast.getMap(MAP), proposal);
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

  /**
   * Puts {@code proposal} unless an id is there, and returns the id that was there. Each try has
   * a deadline and the next is a new invocation: a host joining while the member that owned the
   * entry leaves has seen its call lost and left unanswered for Hazelcast's full two minutes.
   * Trying again is safe: the proposal it finds is its own.
   */
  private static String claim(IMap<String, String> map, String proposal) {
    Exception last = null;
    for (int attempt = 1; attempt <= CLAIM_ATTEMPTS; attempt++) {
      try {
        return map.submitToKey(KEY, new PutIfAbsent(proposal)).toCompletableFuture()
            .get(CLAIM_TRY_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while reading the cluster's id", e);
      } catch (ExecutionException | TimeoutException e) {
        last = e;
        LOG.warn("reading the cluster's id: try {} of {} got no answer ({}); trying again", attempt,
            CLAIM_ATTEMPTS, e.toString());
      }
    }
    throw new IllegalStateException("the control plane did not answer a read of the cluster's id in "
        + CLAIM_ATTEMPTS * CLAIM_TRY_SECONDS + " s; check that the peers are up and reachable, then"
        + " start this host again", last);
  }

  /** {@code putIfAbsent} as an entry processor, which unlike the map's own call can be awaited with a deadline. */
  private record PutIfAbsent(String value) implements EntryProcessor<String, String, String> {
    @Override
    public String process(Map.Entry<String, String> entry) {
      String held = entry.getValue();
      if (held == null) {
        entry.setValue(value);
      }
      return held;
    }
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
