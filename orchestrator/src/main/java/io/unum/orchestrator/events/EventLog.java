package io.unum.orchestrator.events;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The cluster's ordered log of state changes, shared by every host: whoever makes a change
 * appends it, and every reader sees the same order. Bounded: the oldest events fall off.
 */
public interface EventLog {

  /** Appends an event; never fails the change it reports (a lost event is logged, not thrown). */
  void publish(Event event);

  /** Id the next event will get. */
  long nextId();

  /**
   * Events from id {@code from} on (at most {@code max}), completing as soon as there is at least
   * one. {@code from} older than {@link #oldestId()} reads from the oldest.
   */
  CompletionStage<List<Event>> read(long from, int max);
}
