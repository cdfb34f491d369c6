package io.unum.orchestrator.cluster;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryMergedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One cluster-wide value (a {@link HazelcastValue}) kept on the disk of EVERY host as JSON,
 * written by atomic rename, and merged back when the host joins: after a restart of every
 * orchestrator the newest value wins (by its stamp), whichever host comes first. A MapStore
 * would write only on the key's owner, so a lone survivor could hold a stale copy.
 */
public final class DurableValue<T> implements SharedValue<T>, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DurableValue.class);

  private final HazelcastValue<T> shared;
  private final Path file;
  private final ToLongFunction<T> stamp;
  private UUID listener;

  /**
   * @param file  this host's copy
   * @param stamp orders two values: the higher one is newer (a change time or a revision)
   */
  public DurableValue(HazelcastInstance hazelcast, String mapName, Path file, Class<T> type,
      ToLongFunction<T> stamp) {
    this.shared = new HazelcastValue<>(hazelcast, mapName, type);
    this.file = file;
    this.stamp = stamp;
  }

  /** Merges this host's copy into the map (newest wins) and keeps the copy current from now on. */
  public DurableValue<T> start() {
    read().ifPresent(this::merge);
    listener = shared.map().addEntryListener(new Writer(), true);
    get().ifPresent(this::write); // a change made while this host was away
    return this;
  }

  @Override
  public Optional<T> get() {
    return shared.get();
  }

  /** As {@link #get()}; when the control plane does not answer in time, this host's copy. */
  @Override
  public Optional<T> getWithin(Duration deadline) {
    try {
      return shared.read(deadline);
    } catch (TimeoutException e) {
      return read();
    }
  }

  public void set(T value) {
    shared.set(value);
  }

  @Override
  public boolean replace(T expected, T next) {
    return shared.replace(expected, next);
  }

  private void merge(T saved) {
    while (true) {
      T current = get().orElse(null);
      if (current != null && stamp.applyAsLong(current) >= stamp.applyAsLong(saved)) {
        return;
      }
      if (replace(current, saved)) {
        if (current == null) {
          LOG.info("restored {} from this host's durable copy", file.getFileName());
        }
        return;
      }
    }
  }

  Optional<T> read() {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(shared.decode(Files.readString(file)));
    } catch (IOException | IllegalStateException e) {
      LOG.error("ignoring unreadable {}: {}", file, e.getMessage());
      return Optional.empty();
    }
  }

  synchronized void write(T value) {
    Optional<T> held = read();
    if (held.isPresent() && stamp.applyAsLong(held.get()) > stamp.applyAsLong(value)) {
      return; // events may overtake the catch-up in start(): never write an older value
    }
    try {
      DurableFile.replace(file, shared.encode(value).getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      LOG.error("cannot persist {}: {}", file, e.getMessage());
    }
  }

  @Override
  public void close() {
    if (listener != null) {
      shared.map().removeEntryListener(listener);
    }
  }

  private final class Writer implements EntryAddedListener<String, String>, EntryUpdatedListener<String, String>,
      EntryMergedListener<String, String> {
    @Override
    public void entryAdded(EntryEvent<String, String> event) {
      write(shared.decode(event.getValue()));
    }

    @Override
    public void entryUpdated(EntryEvent<String, String> event) {
      write(shared.decode(event.getValue()));
    }

    @Override
    public void entryMerged(EntryEvent<String, String> event) {
      write(shared.decode(event.getValue()));
    }
  }
}
