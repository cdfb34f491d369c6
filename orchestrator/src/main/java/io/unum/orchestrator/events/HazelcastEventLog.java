package io.unum.orchestrator.events;

import com.hazelcast.config.RingbufferConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.ringbuffer.Ringbuffer;
import java.util.ArrayList;
import java.util.List;
import com.hazelcast.ringbuffer.StaleSequenceException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link EventLog} on a Hazelcast ringbuffer: one partition owns it, so appends from every host
 * get one total order, and the ringbuffer's sequence is the event id.
 */
public final class HazelcastEventLog implements EventLog {
  private static final Logger LOG = LoggerFactory.getLogger(HazelcastEventLog.class);
  static final String NAME = "unum.events";

  private final Ringbuffer<Event> ring;

  /** Events kept: about an hour of a busy 64-node cluster's changes, a few MiB. */
  static final int CAPACITY = 50_000;

  public HazelcastEventLog(HazelcastInstance hazelcast) {
    // Dynamic config: every member adds the same, so it does not matter who starts first.
    hazelcast.getConfig().addRingBufferConfig(new RingbufferConfig(NAME).setCapacity(CAPACITY));
    this.ring = hazelcast.getRingbuffer(NAME);
  }

  @Override
  public void publish(Event event) {
    try {
      // The id is the sequence it lands at; stored without one, stamped when read.
      ring.add(event);
    } catch (RuntimeException e) {
      LOG.warn("event {} {} not recorded: {}", event.type(), event.subject(), e.getMessage());
    }
  }

  @Override
  public long nextId() {
    return ring.tailSequence() + 1;
  }

  @Override
  public CompletionStage<List<Event>> read(long from, int max) {
    return ring.readManyAsync(from, 1, max, null).<List<Event>>thenApply(result -> {
      List<Event> events = new ArrayList<>(result.size());
      for (int i = 0; i < result.size(); i++) {
        events.add(result.get(i).at(result.getSequence(i)));
      }
      return events;
    }).exceptionallyCompose(e -> {
      // Asked for events that fell off: read from the oldest kept.
      Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
      return cause instanceof StaleSequenceException stale ? read(stale.getHeadSeq(), max)
          : CompletableFuture.failedFuture(cause);
    });
  }
}
