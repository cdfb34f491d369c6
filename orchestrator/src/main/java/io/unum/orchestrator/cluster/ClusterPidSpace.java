package io.unum.orchestrator.cluster;

import com.hazelcast.core.HazelcastInstance;
import java.nio.file.Path;

/**
 * Keeps the cluster's PID space fixed: chosen by its first host, recorded by every host, and
 * the same on all of them. Nodes' PIDs and numbers depend on it, so a host whose setting differs
 * from the cluster's, or from what it recorded before, refuses to start.
 */
public final class ClusterPidSpace {
  private static final String KEY = "pid-range";
  private static final String FILE = "pid-range";

  private ClusterPidSpace() {}

  /** Fails, naming both ranges and the fix, unless {@code mine} is the cluster's PID space. */
  public static void verify(HazelcastInstance hazelcast, Path stateDir, PidSpace mine) {
    Path file = stateDir.resolve(FILE);
    String recorded = ClusterIdentity.read(file);
    String range = String.valueOf(mine.range());
    if (recorded != null && !recorded.equals(range)) {
      throw new IllegalStateException("pid-range is " + range + " in this host's settings, but its cluster was made"
          + " with " + recorded + " (recorded in " + file + "): nodes' PIDs depend on it, so it cannot change;"
          + " set pid-range: " + recorded);
    }
    String theirs = hazelcast.<String, String>getMap(ClusterIdentity.MAP).putIfAbsent(KEY, range);
    if (theirs != null && !theirs.equals(range)) {
      throw new IllegalStateException("pid-range is " + range + " in this host's settings, but the cluster it"
          + " joined uses " + theirs + "; every host of a cluster must use the same: set pid-range: " + theirs);
    }
    if (recorded == null) {
      ClusterIdentity.write(stateDir, file, range);
    }
  }
}
