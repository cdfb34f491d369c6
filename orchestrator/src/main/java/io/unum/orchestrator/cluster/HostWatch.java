package io.unum.orchestrator.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@link FailureDetector} over the control plane's hosts twice a second on every member,
 * so that whoever is elected leader already knows how long each host has been silent; only the
 * leader writes the verdicts, each a compare-and-set on the host's entry as it was judged.
 */
public final class HostWatch implements HostSilence, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HostWatch.class);
  private static final long PERIOD_MILLIS = 500;

  private final ClusterStore store;
  private final ClusterView view;
  private final FailureDetector detector;
  private final Supplier<Set<String>> liveMembers;
  private final BooleanSupplier judging;
  private final LongSupplier nanos;
  private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "host-watch");
    t.setDaemon(true);
    return t;
  });

  private record Verdict(HostStatus seen, HostState state, boolean memberLive) {}

  /**
   * @param view        where the hosts are read, twice a second: a local replica, so that a pass
   *                    costs no query of every member. A beat it shows late only delays a verdict,
   *                    whose write is a compare-and-set against the entry itself.
   * @param liveMembers the member ids of the membership as this member sees it
   * @param judging     whether this member may write verdicts now: it leads, with the newest epoch
   *                    (asked only when a verdict differs from what is written, as it may wait)
   * @param nanos       this member's monotonic clock
   */
  HostWatch(ClusterStore store, ClusterView view, FailureDetector detector, Supplier<Set<String>> liveMembers,
      BooleanSupplier judging, LongSupplier nanos) {
    this.store = store;
    this.view = view;
    this.detector = detector;
    this.liveMembers = liveMembers;
    this.judging = judging;
    this.nanos = nanos;
  }

  void start() {
    thread.scheduleWithFixedDelay(() -> {
      try {
        pass();
      } catch (RuntimeException e) {
        LOG.warn("host watch pass failed: {}", e.getMessage());
      }
    }, 0, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
  }

  public Duration deadline() {
    return detector.deadline();
  }

  /** Looks at every host once; when this member judges, writes what changed. Returns how many it wrote. */
  int pass() {
    long now = nanos.getAsLong();
    Set<String> live = liveMembers.get();
    List<Verdict> changed = new ArrayList<>();
    for (HostStatus host : view.hosts()) {
      boolean memberLive = live.contains(host.memberId());
      HostState verdict = detector.assess(host, memberLive, now);
      if (verdict != host.state()) {
        changed.add(new Verdict(host, verdict, memberLive));
      }
    }
    if (changed.isEmpty() || !judging.getAsBoolean()) {
      return 0;
    }
    int written = 0;
    for (Verdict verdict : changed) {
      written += write(verdict, now) ? 1 : 0;
    }
    return written;
  }

  /** Writes the verdict unless the entry changed since it was judged (the host beat, or registered again). */
  private boolean write(Verdict verdict, long nowNanos) {
    HostStatus seen = verdict.seen();
    AtomicBoolean won = new AtomicBoolean();
    long nowMillis = System.currentTimeMillis();
    store.updateHost(seen.name(), s -> {
      boolean same = s != null && s.memberId().equals(seen.memberId()) && s.state() == seen.state()
          && s.heartbeat() == seen.heartbeat();
      won.set(same);
      return same ? s.withState(verdict.state(), nowMillis) : s;
    });
    if (won.get()) {
      log(verdict, detector.silentNanos(seen.name(), nowNanos).orElse(0));
    }
    return won.get();
  }

  private void log(Verdict verdict, long silentNanos) {
    String name = verdict.seen().name();
    String silent = String.format("%.1f s", silentNanos / 1e9);
    switch (verdict.state()) {
      case UP -> LOG.info("host {} is up again: heard from", name);
      case SUSPECT -> LOG.warn("host {} is suspect: {}; down once unheard for {} s", name, verdict.memberLive()
          ? "not heard for " + silent : "its orchestrator left the control plane (heard " + silent + " ago)",
          detector.deadline().toSeconds());
      default -> LOG.warn("host {} is {}: not heard for {}", name, verdict.state().label(), silent);
    }
  }

  @Override
  public Optional<Duration> of(String host) {
    var silent = detector.silentNanos(host, nanos.getAsLong());
    return silent.isPresent() ? Optional.of(Duration.ofNanos(silent.getAsLong())) : Optional.empty();
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
