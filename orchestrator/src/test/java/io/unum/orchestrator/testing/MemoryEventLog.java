package io.unum.orchestrator.testing;

import io.unum.orchestrator.events.Event;
import io.unum.orchestrator.events.EventLog;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * An {@link EventLog} in a list, for unit tests. Like the real ringbuffer, a read waits until
 * there is an event to return; {@link #forgetBefore} drops old events as a full ringbuffer does.
 */
public final class MemoryEventLog implements EventLog {
  private final List<Event> events = new ArrayList<>();
  private final List<Runnable> waiting = new ArrayList<>();
  private long oldest;

  @Override
  public void publish(Event event) {
    List<Runnable> wake;
    synchronized (this) {
      events.add(new Event(events.size(), event.timeMillis(), event.type(), event.subject(), event.data()));
      wake = List.copyOf(waiting);
      waiting.clear();
    }
    wake.forEach(Runnable::run);
  }

  @Override
  public synchronized long nextId() {
    return events.size();
  }

  @Override
  public CompletionStage<List<Event>> read(long from, int max) {
    CompletableFuture<List<Event>> result = new CompletableFuture<>();
    attempt(from, max, result);
    return result;
  }

  private void attempt(long from, int max, CompletableFuture<List<Event>> result) {
    synchronized (this) {
      long start = Math.max(from, oldest);
      if (start >= events.size()) {
        waiting.add(() -> attempt(from, max, result));
        return;
      }
      result.complete(List.copyOf(events.subList((int) start, (int) Math.min(events.size(), start + max))));
    }
  }

  /** Drops the events before {@code id}, as a full ringbuffer does. */
  public synchronized void forgetBefore(long id) {
    oldest = id;
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
