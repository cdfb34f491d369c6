package io.unum.orchestrator.testing;

import io.unum.orchestrator.events.Event;
import io.unum.orchestrator.events.EventLog;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** An {@link EventLog} in a list, for unit tests: reads complete at once, empty or not. */
public final class MemoryEventLog implements EventLog {
  private final List<Event> events = new ArrayList<>();

  @Override
  public synchronized void publish(Event event) {
    events.add(new Event(events.size(), event.timeMillis(), event.type(), event.subject(), event.data()));
  }

  @Override
  public synchronized long nextId() {
    return events.size();
  }

  @Override
  public long oldestId() {
    return 0;
  }

  @Override
  public synchronized CompletionStage<List<Event>> read(long from, int max) {
    int start = (int) Math.min(from, events.size());
    return CompletableFuture.completedFuture(
        List.copyOf(events.subList(start, Math.min(events.size(), start + max))));
  }

  /** Every event so far, in order. */
  public synchronized List<Event> all() {
    return List.copyOf(events);
  }

  /** The types of every event so far, in order. */
  public synchronized List<String> types() {
    return events.stream().map(Event::type).toList();
  }
}
