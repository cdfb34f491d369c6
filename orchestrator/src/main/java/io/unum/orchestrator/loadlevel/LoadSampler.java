package io.unum.orchestrator.loadlevel;

import io.unum.orchestrator.boot.NodePaths;
import io.unum.orchestrator.cluster.ClusterView;
import io.unum.orchestrator.cluster.NodeLoad;
import io.unum.orchestrator.cluster.NodeStatus;
import io.unum.orchestrator.hypervisor.DomainStatus;
import io.unum.orchestrator.hypervisor.PowerState;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures this host's load every second: the host's CPU use (its control group), each running
 * node's CPU time from libvirt and how busy its guest says it is, and their memory; publishes the
 * averages over the last {@link #WINDOW} seconds, so one busy second moves nothing.
 */
public final class LoadSampler implements AutoCloseable {
  /** Seconds the published figures average over. */
  public static final int WINDOW = 5;
  /** A guest's own CPU figure older than this is not believed (its agent is silent). */
  private static final long GUEST_REPORT_MAX_AGE_MILLIS = 3_000;
  private static final Logger LOG = LoggerFactory.getLogger(LoadSampler.class);

  private final String self;
  private final HostMeter meter;
  private final Supplier<List<DomainStatus>> domains;
  private final ClusterView view;
  private final LoadStore store;
  private final Deque<Second> window = new ArrayDeque<>();
  private final Map<String, Long> lastDomainNanos = new HashMap<>();
  private long lastWallNanos = -1;
  private long lastHostNanos;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "load-sampler");
    thread.setDaemon(true);
    return thread;
  });

  /** One second's figures. */
  private record Second(double capacity, double hostUsed, double other, Map<Integer, NodeDemand> nodes) {}

  /** @param domains this host's Unum domains as libvirt lists them (running or not) */
  public LoadSampler(String self, HostMeter meter, Supplier<List<DomainStatus>> domains, ClusterView view,
      LoadStore store) {
    this.self = self;
    this.meter = meter;
    this.domains = domains;
    this.view = view;
    this.store = store;
  }

  public LoadSampler start() {
    timer.scheduleAtFixedRate(() -> {
      try {
        sample(System.nanoTime(), System.currentTimeMillis()).ifPresent(store::put);
      } catch (RuntimeException e) {
        LOG.warn("load sample failed; trying again in a second: {}", e.toString());
      }
    }, 0, 1, TimeUnit.SECONDS);
    return this;
  }

  /** Takes one sample; the window's averages once there are two samples to compare. */
  synchronized Optional<HostLoad> sample(long wallNanos, long nowMillis) {
    long hostNanos = meter.cpuNanosUsed();
    List<DomainStatus> running = domains.get().stream()
        .filter(d -> d.state() == PowerState.RUNNING && NodePaths.nodeOf(d.name()) > 0).toList();
    Map<Integer, NodeStatus> statuses = new HashMap<>();
    view.statuses().forEach(s -> statuses.put(s.node(), s));
    boolean first = lastWallNanos < 0;
    double seconds = (wallNanos - lastWallNanos) / 1e9;
    Map<String, Long> previous = new HashMap<>(lastDomainNanos);
    lastDomainNanos.clear();
    running.forEach(d -> lastDomainNanos.put(d.name(), d.cpuNanos()));
    double hostUsed = first ? 0 : Math.max(0, (hostNanos - lastHostNanos) / 1e9 / seconds);
    lastHostNanos = hostNanos;
    lastWallNanos = wallNanos;
    if (first || seconds <= 0) {
      return Optional.empty();
    }
    Map<Integer, NodeDemand> nodes = new TreeMap<>();
    double guestsUsed = 0;
    for (DomainStatus domain : running) {
      int node = NodePaths.nodeOf(domain.name());
      Long before = previous.get(domain.name());
      double used = before == null || domain.cpuNanos() < before ? 0 : (domain.cpuNanos() - before) / 1e9 / seconds;
      guestsUsed += used;
      NodeLoad load = statuses.containsKey(node) ? statuses.get(node).load() : null;
      boolean fresh = load != null && nowMillis - load.reportedAtMillis() <= GUEST_REPORT_MAX_AGE_MILLIS;
      int vcpus = Math.max(1, domain.vcpus());
      double guestBusy = fresh ? load.cpuPercent() / 100.0 * vcpus : 0;
      long memoryUsedMiB = load == null ? 0 : Math.max(0, (load.memTotalKiB() - load.memAvailableKiB()) / 1024);
      nodes.put(node, new NodeDemand(node, vcpus, used, Math.min(vcpus, Math.max(used, guestBusy)),
          domain.memoryMiB(), memoryUsedMiB));
    }
    window.addLast(new Second(meter.cpuCapacity(), hostUsed, Math.max(0, hostUsed - guestsUsed), nodes));
    while (window.size() > WINDOW) {
      window.removeFirst();
    }
    return Optional.of(average(nowMillis));
  }

  /** The window's means; a node counts over the seconds it was here (one that just arrived, over fewer). */
  private HostLoad average(long nowMillis) {
    Map<Integer, List<NodeDemand>> byNode = new TreeMap<>();
    window.forEach(s -> s.nodes().forEach((node, d) -> byNode.computeIfAbsent(node, n -> new ArrayList<>()).add(d)));
    Map<Integer, NodeDemand> latest = window.getLast().nodes();
    List<NodeDemand> nodes = new ArrayList<>();
    byNode.forEach((node, seconds) -> {
      if (latest.containsKey(node)) { // gone since (migrated away, stopped): not this host's load now
        NodeDemand now = latest.get(node);
        nodes.add(new NodeDemand(node, now.vcpus(), mean(seconds, NodeDemand::cpuUsed),
            mean(seconds, NodeDemand::cpuDemand), now.memoryMiB(), now.memoryUsedMiB()));
      }
    });
    return new HostLoad(self, nowMillis, window.getLast().capacity(),
        window.stream().mapToDouble(Second::hostUsed).average().orElse(0),
        window.stream().mapToDouble(Second::other).average().orElse(0), window.size(), nodes);
  }

  private static double mean(List<NodeDemand> seconds, ToDoubleFunction<NodeDemand> figure) {
    return seconds.stream().mapToDouble(figure).average().orElse(0);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
