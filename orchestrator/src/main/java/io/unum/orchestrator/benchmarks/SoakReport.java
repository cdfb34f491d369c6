package io.unum.orchestrator.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** What {@link MigrationSoak} saw of one guest's moves: figures, and every fault by move. */
final class SoakReport {
  private final String guest;
  private final long answerTargetMillis;
  private final long linkLostMillis;
  private final List<Long> walls = new ArrayList<>();
  private final List<Long> downtimes = new ArrayList<>();
  private final List<Long> linkBacks = new ArrayList<>();
  private final List<String> faults = new ArrayList<>();
  /** Moves answered later than the target, with the time: figures, not faults. */
  private final List<String> late = new ArrayList<>();
  private int moves;
  private int failedMoves;
  private int oopses;
  private int corruptions;
  private int lostLinks;
  private int notFound;
  private boolean streamEnded;

  /**
   * @param answerTargetMillis how soon after the switch-over the guest should answer: later moves are counted
   * @param linkLostMillis     not answered this long after it, the guest lost its link: a fault
   */
  SoakReport(String guest, long answerTargetMillis, long linkLostMillis) {
    this.guest = guest;
    this.answerTargetMillis = answerTargetMillis;
    this.linkLostMillis = linkLostMillis;
  }

  void failedMove(int index, String error) {
    moves++;
    failedMoves++;
    faults.add("move " + index + ": failed: " + error);
  }

  void move(int index, SoakGuest.Move move, long linkBackMillis, List<String> found) {
    moves++;
    walls.add(move.wallMillis());
    if (move.downtimeMillis() >= 0) {
      downtimes.add(move.downtimeMillis());
    }
    notFound += move.notFound();
    if (linkBackMillis >= 0) {
      linkBacks.add(linkBackMillis);
    }
    if (linkBackMillis < 0 || linkBackMillis > linkLostMillis) {
      lostLinks++;
      faults.add("move " + index + ": answered only after " + (linkBackMillis < 0 ? "never" : linkBackMillis + " ms"));
    } else if (linkBackMillis > answerTargetMillis) {
      late.add("move " + index + " (" + linkBackMillis + " ms)");
    }
    for (String fault : found) {
      if (fault.startsWith("stream") && streamEnded) {
        continue; // said once: it stays ended
      }
      oopses += fault.startsWith("kernel") ? 1 : 0;
      corruptions += fault.startsWith("memory") ? 1 : 0;
      streamEnded |= fault.startsWith("stream");
      faults.add("move " + index + ": " + fault);
    }
  }

  /** Whether every move succeeded and left the guest whole and answering (late or not). */
  boolean clean() {
    return faults.isEmpty() && moves > 0;
  }

  List<String> faults() {
    return faults;
  }

  String guest() {
    return guest;
  }

  /** The moves answered later than the target, with their times; empty when none. */
  List<String> late() {
    return late;
  }

  /** One row of figures. */
  String row() {
    return String.format("%-12s moves %3d  failed %d  oopses %d  corrupt %d  lost links %d  stream %s  job 404s %d"
            + "  wall p50/max %s  downtime p50/max %s  answers after p50/p99/max %s ms  over %d s: %d",
        guest, moves, failedMoves, oopses, corruptions, lostLinks, streamEnded ? "ended" : "ok", notFound,
        spread(walls, false), spread(downtimes, false), spread(linkBacks, true), answerTargetMillis / 1000,
        late.size());
  }

  private static String spread(List<Long> values, boolean p99) {
    if (values.isEmpty()) {
      return "-";
    }
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    long p50 = sorted.get(sorted.size() / 2);
    long max = sorted.get(sorted.size() - 1);
    return p99 ? p50 + "/" + sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.99) - 1)) + "/" + max
        : p50 + "/" + max;
  }
}
