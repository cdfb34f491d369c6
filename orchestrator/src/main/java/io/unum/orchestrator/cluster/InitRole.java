package io.unum.orchestrator.cluster;

import io.unum.orchestrator.runlevel.RunLevels;

import java.io.Serializable;
import java.util.Collection;
import java.util.Optional;

/**
 * The cluster's one init: the node that holds the init role, with the epoch of its grant. The
 * leader grants it (the root node while it runs, else the lowest running node) and moves it when
 * the holder stops running; a holder that comes back does not take it back.
 *
 * @param node  the holder; 0 when no node runs
 * @param epoch       grows with every grant: whoever acts as init checks it is still the newest
 * @param leaderEpoch the epoch of the leader that made the grant ({@link LeaderStamp}): an older one may not replace it
 */
public record InitRole(int node, long epoch, long sinceMillis, long leaderEpoch) implements Serializable {
  /** No grant yet. */
  public static final InitRole NONE = new InitRole(0, 0, 0);

  /** A grant no leader stamped. */
  public InitRole(int node, long epoch, long sinceMillis) {
    this(node, epoch, sinceMillis, LeaderStamp.NONE);
  }

  /** This grant as the leader of {@code leader} makes it. */
  public InitRole grantedBy(long leader) {
    return new InitRole(node, epoch, sinceMillis, leader);
  }

  /**
   * The grant the cluster should have now: this one while its holder runs, else a new epoch for
   * the root node if it runs, else for the lowest running node; empty when nothing changes.
   */
  public Optional<InitRole> next(Collection<Integer> nodes, Collection<Integer> running, long nowMillis) {
    if (node != 0 && running.contains(node)) {
      return Optional.empty();
    }
    int root = RunLevels.root(nodes);
    int holder = running.contains(root) ? root : running.stream().mapToInt(Integer::intValue).min().orElse(0);
    if (holder == node) {
      return Optional.empty();
    }
    return Optional.of(new InitRole(holder, epoch + 1, nowMillis));
  }
}
