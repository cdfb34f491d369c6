package io.unum.orchestrator.cluster;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryMergedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every node spec (and tombstone) on the disk of EVERY host, and merges that copy back
 * when the host joins: after a restart of all orchestrators the newest revision of each node
 * wins, whichever host comes first. (A Hazelcast MapStore would not do: it writes only on the
 * key's owner and loads keys from one member.)
 */
final class DurableSpecs implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DurableSpecs.class);

  private final IMap<Integer, SpecRecord> map;
  private final SpecFiles files;
  /** Each node's record on this host's disk; guarded by {@code this}. */
  private final Map<Integer, SpecRecord> written = new HashMap<>();
  private UUID listener;

  DurableSpecs(IMap<Integer, SpecRecord> map, SpecFiles files) {
    this.map = map;
    this.files = files;
  }

  void start() {
    int merged = 0;
    for (SpecRecord record : files.readAll()) {
      synchronized (this) {
        written.put(record.node(), record);
      }
      merged += mergeIntoMap(record) ? 1 : 0;
    }
    listener = map.addEntryListener(new Writer(), true);
    // Changes made while this host was away: take them now.
    map.values().forEach(this::persist);
    if (merged > 0) {
      LOG.info("restored {} node spec(s) from this host's durable copy", merged);
    }
  }

  /** Puts {@code record} into the map unless the map's record supersedes it or is the same. */
  private boolean mergeIntoMap(SpecRecord record) {
    while (true) {
      SpecRecord current = map.get(record.node());
      if (current == null) {
        if (map.putIfAbsent(record.node(), record) == null) {
          return true;
        }
      } else if (!record.supersedes(current)) {
        return false;
      } else if (map.replace(record.node(), current, record)) {
        return true;
      }
    }
  }

  /**
   * Writes {@code record} to this host's disk (file and directory synced) unless what it holds
   * there supersedes it or is the same. Called by the store before it answers a write, and on
   * every change the map reports (those of other hosts, and merges).
   */
  synchronized void persist(SpecRecord record) {
    // Events may overtake the catch-up in start(): an older revision never overwrites a newer one.
    SpecRecord held = written.get(record.node());
    if (!record.supersedes(held)) {
      return;
    }
    try {
      files.write(record);
      written.put(record.node(), record);
    } catch (RuntimeException e) {
      LOG.error("cannot persist node {}'s spec: {}", record.node(), e.getMessage());
    }
  }

  @Override
  public void close() {
    if (listener != null) {
      map.removeEntryListener(listener);
    }
  }

  private final class Writer implements EntryAddedListener<Integer, SpecRecord>,
      EntryUpdatedListener<Integer, SpecRecord>, EntryMergedListener<Integer, SpecRecord> {
    @Override
    public void entryAdded(EntryEvent<Integer, SpecRecord> event) {
      persist(event.getValue());
    }

    @Override
    public void entryUpdated(EntryEvent<Integer, SpecRecord> event) {
      persist(event.getValue());
    }

    @Override
    public void entryMerged(EntryEvent<Integer, SpecRecord> event) {
      persist(event.getValue());
    }
  }
}
