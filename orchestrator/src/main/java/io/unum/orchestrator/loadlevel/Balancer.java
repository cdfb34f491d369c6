package io.unum.orchestrator.loadlevel;

import io.unum.orchestrator.cluster.NodeSpec;
import io.unum.orchestrator.migration.MigrationRunner;
import io.unum.orchestrator.placement.HostCapacity;
import io.unum.orchestrator.placement.Placement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The balancer's cost model, pure: a host's load is its CPU demand over its capacity and its
 * memory allocation over what it has, weighed; the cluster's imbalance is the standard deviation
 * of those loads. Moves are chosen greedily, each the one that takes most off the imbalance, on
 * the loads predicted after the moves before it; a move must gain at least the minimum benefit,
 * fit the destination's room and not push it above the overload limit.
 */
public final class Balancer {
  private Balancer() {}

  /**
   * A host that takes part in balancing: up, not in maintenance, with a fresh load.
   *
   * @param cpuDemand cores its work wants now ({@link HostLoad#cpuDemand()})
   * @param room      what placement knows of it (memory, vCPUs, nodes bound to it)
   */
  public record Host(String name, double cpuCapacity, double cpuDemand, HostCapacity room) {}

  /** A node that may move: its host and the cores it wants. */
  public record Candidate(NodeSpec spec, double cpuDemand) {}

  /** One move, and why it was chosen. */
  public record Move(int node, String from, String to, double cpuDemand, double benefitPercent, String reason) {}

  /**
   * What the balancer sees and would do.
   *
   * @param loads     every host's load now, percent
   * @param predicted every host's load after the moves, percent
   * @param verdict   one sentence: balanced, or why nothing moves, or what moves do
   */
  public record Plan(Map<String, Double> loads, Map<String, Double> predicted, double imbalancePercent,
      double predictedImbalancePercent, List<Move> moves, String verdict) {}

  /**
   * Plans up to {@code maxMoves} moves; {@code outbound} counts each host's migrations under way
   * (a host sends at most {@link MigrationRunner#MAX_OUTBOUND} at once).
   */
  public static Plan plan(List<Host> hosts, List<Candidate> candidates, BalancerSettings settings, int maxMoves,
      Map<String, Integer> outbound) {
    State state = new State(hosts, settings);
    Map<String, Double> before = state.loads();
    double imbalance = state.imbalance();
    List<Move> moves = new ArrayList<>();
    if (hosts.size() < 2) {
      return new Plan(before, before, imbalance, imbalance, moves, "nothing to balance: "
          + (hosts.isEmpty() ? "no host" : "one host") + " takes part");
    }
    if (imbalance < settings.thresholdPercent()) {
      return new Plan(before, before, imbalance, imbalance, moves, String.format(Locale.ROOT,
          "balanced: imbalance %.0f%% is under the threshold of %d%%", imbalance, settings.thresholdPercent()));
    }
    Map<String, Integer> sending = new HashMap<>(outbound);
    Set<Integer> moved = new HashSet<>();
    List<String> refusals = new ArrayList<>();
    while (moves.size() < maxMoves) {
      Option best = null;
      for (Candidate candidate : candidates) {
        String from = candidate.spec().host();
        if (moved.contains(candidate.spec().node()) || !state.has(from)
            || sending.getOrDefault(from, 0) >= MigrationRunner.MAX_OUTBOUND) {
          continue;
        }
        for (Host host : hosts) {
          if (host.name().equals(from)) {
            continue;
          }
          String refusal = state.refusal(candidate, host.name());
          if (refusal != null) {
            if (moves.isEmpty()) {
              refusals.add(refusal);
            }
            continue;
          }
          double gain = state.imbalance() - state.after(candidate, host.name()).imbalance();
          if (best == null || gain > best.gain + 1e-9) {
            best = new Option(candidate, host.name(), gain);
          }
        }
      }
      if (best == null || best.gain < settings.minBenefitPercent()) {
        if (moves.isEmpty()) {
          return new Plan(before, before, imbalance, imbalance, moves, noMove(imbalance, settings, best, refusals));
        }
        break;
      }
      State next = state.after(best.candidate, best.to);
      moves.add(new Move(best.candidate.spec().node(), best.candidate.spec().host(), best.to,
          best.candidate.cpuDemand(), best.gain, reason(best, state, next)));
      moved.add(best.candidate.spec().node());
      sending.merge(best.candidate.spec().host(), 1, Integer::sum);
      state = next;
    }
    return new Plan(before, state.loads(), imbalance, state.imbalance(), moves, String.format(Locale.ROOT,
        "imbalance %.0f%% over the threshold of %d%%: %d move%s bring it to %.0f%%", imbalance,
        settings.thresholdPercent(), moves.size(), moves.size() == 1 ? "" : "s", state.imbalance()));
  }

  /**
   * The host a node should go to when an operator names none (a manual move, a drain): the one
   * least loaded after the move among those it fits without overloading them; else why none.
   */
  public static Placement.Decision bestHost(List<Host> hosts, Candidate candidate, BalancerSettings settings) {
    State state = new State(hosts, settings);
    String best = null;
    double lowest = Double.MAX_VALUE;
    List<String> refusals = new ArrayList<>();
    for (Host host : hosts) {
      if (host.name().equals(candidate.spec().host())) {
        continue;
      }
      String refusal = state.refusal(candidate, host.name());
      if (refusal != null) {
        refusals.add(refusal);
        continue;
      }
      double load = state.after(candidate, host.name()).load(host.name());
      if (load < lowest) {
        lowest = load;
        best = host.name();
      }
    }
    return best != null ? new Placement.Decision(best, null) : new Placement.Decision(null,
        refusals.isEmpty() ? "no other host takes part in balancing (up, not in maintenance, with a recent load)"
            : "no host fits it: " + String.join("; ", refusals));
  }

  /** {@code hosts} as they are once {@code candidate} went to {@code to}. */
  public static List<Host> afterMove(List<Host> hosts, Candidate candidate, String to) {
    State after = new State(hosts, BalancerSettings.DEFAULT).after(candidate, to);
    return List.copyOf(after.hosts.values());
  }

  private record Option(Candidate candidate, String to, double gain) {}

  private static String noMove(double imbalance, BalancerSettings settings, Option best, List<String> refusals) {
    String head = String.format(Locale.ROOT, "imbalance %.0f%% is over the threshold of %d%%, but ", imbalance,
        settings.thresholdPercent());
    if (best != null) {
      return head + String.format(Locale.ROOT, "the best move (node %d to %s) would take only %.0f%% off it,"
          + " under the minimum benefit of %d%%", best.candidate.spec().node(), best.to, best.gain,
          settings.minBenefitPercent());
    }
    return head + (refusals.isEmpty() ? "no node may move now (just booted or moved, a move that failed, a job, or pinned)"
        : "no move fits: " + String.join("; ", refusals.stream().distinct().limit(6).toList()));
  }

  private static String reason(Option best, State before, State after) {
    String from = best.candidate.spec().host();
    return String.format(Locale.ROOT, "%s is at %.0f%%; node %d wants %.2f cores; %s (%.0f%% -> %.0f%%) gains most"
            + " of the hosts with room: %s goes to %.0f%%, imbalance %.0f%% -> %.0f%%",
        from, before.load(from), best.candidate.spec().node(), best.candidate.cpuDemand(), best.to,
        before.load(best.to), after.load(best.to), from, after.load(from), before.imbalance(), after.imbalance());
  }

  /** Every host's demand and room, as moves change them. */
  private static final class State {
    private final BalancerSettings settings;
    private final Map<String, Host> hosts = new LinkedHashMap<>();

    State(List<Host> hosts, BalancerSettings settings) {
      this.settings = settings;
      hosts.forEach(h -> this.hosts.put(h.name(), h));
    }

    private State(State from) {
      this.settings = from.settings;
      this.hosts.putAll(from.hosts);
    }

    boolean has(String host) {
      return hosts.containsKey(host);
    }

    double load(String name) {
      Host host = hosts.get(name);
      double cpu = host.cpuDemand() / Math.max(0.01, host.cpuCapacity());
      double memory = host.room().boundMemoryMiB() / (double) host.room().usableMemoryMiB();
      double weight = settings.cpuWeightPercent() / 100.0;
      return 100 * (weight * cpu + (1 - weight) * memory);
    }

    Map<String, Double> loads() {
      Map<String, Double> loads = new LinkedHashMap<>();
      hosts.keySet().forEach(name -> loads.put(name, load(name)));
      return loads;
    }

    double imbalance() {
      double mean = hosts.keySet().stream().mapToDouble(this::load).average().orElse(0);
      return Math.sqrt(hosts.keySet().stream().mapToDouble(h -> Math.pow(load(h) - mean, 2)).average().orElse(0));
    }

    /** Why {@code candidate} may not go to {@code to}, or null. */
    String refusal(Candidate candidate, String to) {
      Host host = hosts.get(to);
      Placement.Decision fits = Placement.place(candidate.spec().boundTo(""), List.of(host.room()));
      if (!fits.placed()) {
        return fits.reason();
      }
      double cpuAfter = 100 * (host.cpuDemand() + candidate.cpuDemand()) / Math.max(0.01, host.cpuCapacity());
      if (cpuAfter > settings.overloadPercent()) {
        return String.format(Locale.ROOT, "node %d would push %s's CPU to %.0f%%, over the limit of %d%%",
            candidate.spec().node(), to, cpuAfter, settings.overloadPercent());
      }
      return null;
    }

    State after(Candidate candidate, String to) {
      NodeSpec spec = candidate.spec();
      State next = new State(this);
      Host from = hosts.get(spec.host());
      Host dest = hosts.get(to);
      if (from != null) { // else its host takes no part (a drained host)
        next.hosts.put(from.name(), new Host(from.name(), from.cpuCapacity(), from.cpuDemand() - candidate.cpuDemand(),
            from.room().minus(spec.cpus(), spec.memoryMiB())));
      }
      next.hosts.put(dest.name(), new Host(dest.name(), dest.cpuCapacity(), dest.cpuDemand() + candidate.cpuDemand(),
          dest.room().plus(spec.cpus(), spec.memoryMiB())));
      return next;
    }
  }
}
