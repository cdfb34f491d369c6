package io.unum.orchestrator.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import io.unum.orchestrator.client.UnumClient;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a soak must not cause: twice a second it reads the lab's hosts and nodes and keeps every
 * host that was not {@code up} and every node that was not {@code running} (a busy host is not a
 * dead one, and a node moved stays running). Changes are kept, not every read.
 */
final class StateWatch implements AutoCloseable {
  private static final long EVERY_MILLIS = 500;
  private final UnumClient api;
  private final Map<String, String> last = new HashMap<>();
  private final List<String> changes = new ArrayList<>();
  private final Thread thread;
  private final long startedNanos = System.nanoTime();
  private volatile boolean stopped;
  private int reads;
  private int unanswered;

  private StateWatch(UnumClient api) {
    this.api = api;
    this.thread = new Thread(this::loop, "state-watch");
    thread.setDaemon(true);
  }

  static StateWatch start(UnumClient api) {
    StateWatch watch = new StateWatch(api);
    watch.thread.start();
    return watch;
  }

  private void loop() {
    while (!stopped) {
      try {
        read();
        Thread.sleep(EVERY_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void read() {
    JsonNode hosts;
    JsonNode nodes;
    try {
      hosts = api.hosts().list();
      nodes = api.nodes().list();
    } catch (RuntimeException e) {
      synchronized (this) {
        unanswered++;
      }
      return;
    }
    synchronized (this) {
      reads++;
      hosts.forEach(h -> note("host " + h.path("name").asText(), h.path("state").asText(), "up"));
      nodes.forEach(n -> note("node " + n.path("node").asInt(), n.path("state").asText(), "running"));
    }
  }

  private void note(String what, String state, String healthy) {
    String before = last.put(what, state);
    if (!state.equals(before) && (before != null || !state.equals(healthy))) {
      changes.add(LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + " " + what + " " + (before == null ? "" : before
          + " -> ") + state);
    }
  }

  /** Every change seen; none while all stayed up and running. */
  synchronized List<String> changes() {
    return List.copyOf(changes);
  }

  /** One row of figures. */
  synchronized String row() {
    return String.format("states       %d reads over %d s (%d unanswered): %d changes of a host from up or a node from"
        + " running", reads, (System.nanoTime() - startedNanos) / 1_000_000_000L, unanswered, changes.size());
  }

  @Override
  public void close() throws InterruptedException {
    stopped = true;
    thread.interrupt();
    thread.join(5_000);
  }
}
