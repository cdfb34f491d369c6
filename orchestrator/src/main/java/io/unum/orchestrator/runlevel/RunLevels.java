package io.unum.orchestrator.runlevel;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * The System V run levels, for a whole cluster: which nodes run at each, and in what order a
 * change takes them down and up. Plain logic.
 *
 * <ul>
 *   <li>0 halt: every node powered off, the root node last;
 *   <li>1 single-user: only the root node runs;
 *   <li>2, 3, 5 multi-user (3 with network services, 5 with the console's extras): every node;
 *   <li>6 reboot: every node down (root last), then up again (root first), back at the level
 *       the cluster had (3 if it had none of 2..5).
 * </ul>
 */
public final class RunLevels {
  /** The level {@code unum boot} brings a powered-off cluster to. */
  public static final int DEFAULT = 3;
  public static final int HALT = 0;
  public static final int SINGLE_USER = 1;
  public static final int REBOOT = 6;

  private RunLevels() {}

  /** Fails with a message naming the value unless it is a run level (0..6, 4 unused). */
  public static int require(int level) {
    if (level < 0 || level > 6 || level == 4) {
      throw new IllegalArgumentException("run level " + level + " does not exist: 0 halt, 1 single-user, "
          + "2 multi-user, 3 multi-user with network services, 5 with the console, 6 reboot");
    }
    return level;
  }

  /** The root node: node 1, or the lowest-numbered node when there is no node 1. */
  public static int root(Collection<Integer> nodes) {
    return nodes.isEmpty() ? 0 : nodes.contains(1) ? 1 : new TreeSet<>(nodes).first();
  }

  /** The nodes a change to {@code level} powers off first (the root node among them goes last). */
  public static Set<Integer> stopped(int level, Collection<Integer> nodes) {
    Set<Integer> stop = new TreeSet<>(nodes);
    switch (level) {
      case HALT, REBOOT -> { }
      case SINGLE_USER -> stop.remove(root(nodes));
      default -> stop.clear();
    }
    return stop;
  }

  /** The nodes a change to {@code level} powers on afterwards (the root node first). */
  public static Set<Integer> started(int level, Collection<Integer> nodes) {
    return switch (level) {
      case HALT -> Set.of();
      case SINGLE_USER -> nodes.isEmpty() ? Set.of() : Set.of(root(nodes));
      default -> new TreeSet<>(nodes);
    };
  }

  /** The level the cluster is at once a change to {@code level} from {@code current} is done. */
  public static int reached(int level, int current) {
    if (level != REBOOT) {
      return level;
    }
    return current >= 2 && current <= 5 ? current : DEFAULT;
  }

  /**
   * The level the nodes' desired power amounts to, when no change has recorded one (a cluster
   * never changed, or every orchestrator restarted): none running is 0, only the root node 1,
   * more 3 (the default multi-user level).
   */
  public static ClusterRunLevel inferred(Collection<Integer> nodes, Collection<Integer> running) {
    int level = running.isEmpty() ? HALT
        : running.size() == 1 && running.contains(root(nodes)) && nodes.size() > 1 ? SINGLE_USER : DEFAULT;
    return new ClusterRunLevel(level, -1, 0);
  }

  /** What people call the level. */
  public static String name(int level) {
    return switch (level) {
      case 0 -> "halt";
      case 1 -> "single-user";
      case 2 -> "multi-user";
      case 3 -> "multi-user with network services";
      case 5 -> "multi-user with the console";
      case 6 -> "reboot";
      default -> "unknown";
    };
  }
}
