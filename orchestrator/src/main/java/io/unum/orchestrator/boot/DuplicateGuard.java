package io.unum.orchestrator.boot;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Judges a node's second copy: a domain running on this host while the node is bound to another
 * host. It is destroyed only when fencing proves the other copy the rightful one: this host holds
 * its lease from the majority (so the binding it reads is the majority's), the bound host reports
 * the node running there, and the copy here was seen so on passes {@link #GRACE} apart (never the
 * moment of a migration's switch-over). Without fencing nothing proves which copy is rightful:
 * it is reported, once, and left alone. The controller's thread only.
 */
final class DuplicateGuard {
  /** How long a copy must be seen a duplicate before it is destroyed. */
  static final Duration GRACE = Duration.ofSeconds(5);

  /** What to do with a copy running here while its node is bound elsewhere. */
  enum Verdict {
    /** Not proven (yet): look again next pass. */
    WAIT,
    /** Proven a duplicate: destroy it and say so. */
    DESTROY,
    /** Fencing is off: say so once, and leave it. */
    REPORT
  }

  private final Map<Integer, Long> firstSeenNanos = new HashMap<>();
  private final Set<Integer> reported = new HashSet<>();
  private final Set<Integer> seenThisPass = new HashSet<>();

  /**
   * @param rightfulRuns whether the host the node is bound to reports it running there
   * @param fencing      whether this host runs under a lease at all (fencing: lease)
   * @param holdsLease   whether it holds that lease now
   */
  Verdict judge(int node, boolean rightfulRuns, boolean fencing, boolean holdsLease, long nowNanos) {
    seenThisPass.add(node);
    if (!fencing) {
      return reported.add(node) ? Verdict.REPORT : Verdict.WAIT;
    }
    if (!rightfulRuns || !holdsLease) {
      firstSeenNanos.remove(node);
      return Verdict.WAIT;
    }
    long first = firstSeenNanos.computeIfAbsent(node, n -> nowNanos);
    if (nowNanos - first < GRACE.toNanos()) {
      return Verdict.WAIT;
    }
    firstSeenNanos.remove(node);
    return Verdict.DESTROY;
  }

  /** Ends a pass: copies not seen in it are gone (or no longer duplicates), and start afresh if seen again. */
  void endPass() {
    firstSeenNanos.keySet().retainAll(seenThisPass);
    reported.retainAll(seenThisPass);
    seenThisPass.clear();
  }
}
