package io.unum.orchestrator.loadlevel;

import io.unum.orchestrator.cluster.Quorum;
import io.unum.orchestrator.cluster.SharedValue;
import io.unum.orchestrator.events.Event;
import io.unum.orchestrator.events.EventLog;
import java.util.Map;

/** What the API does with the balancer: shows its settings and report, changes its settings. */
public final class BalancerAdmin {
  private final SharedValue<BalancerSettings> settings;
  private final SharedValue<BalancerReport> report;
  private final EventLog events;
  private final Quorum quorum;

  public BalancerAdmin(SharedValue<BalancerSettings> settings, SharedValue<BalancerReport> report, EventLog events,
      Quorum quorum) {
    this.settings = settings;
    this.report = report;
    this.events = events;
    this.quorum = quorum;
  }

  /** The balancer as the API shows it: its settings, and the leader's latest report (null before the first). */
  public record Status(BalancerSettings settings, BalancerReport report) {}

  public Status status() {
    return new Status(settings.get().orElse(BalancerSettings.DEFAULT), report.get().orElse(null));
  }

  /** Applies {@code change} by compare-and-set (again if another change came first); the status after it. */
  public Status update(BalancerChange change) {
    quorum.require("change the balancer's settings");
    while (true) {
      BalancerSettings current = settings.get().orElse(null);
      BalancerSettings next = change.applyTo(current == null ? BalancerSettings.DEFAULT : current);
      if (settings.replace(current, next)) {
        events.publish(Event.of("balancer.settings", "cluster", Map.of("mode", next.mode().wire(),
            "revision", next.revision())));
        return new Status(next, report.get().orElse(null));
      }
    }
  }
}
