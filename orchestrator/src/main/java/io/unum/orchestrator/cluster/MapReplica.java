package io.unum.orchestrator.cluster;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.map.MapEvent;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryMergedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import com.hazelcast.map.listener.MapClearedListener;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * This host's copy of an IMap, kept current by the map's entry events, so that listings read
 * local memory instead of querying every partition on every member (an {@code IMap.values()}).
 * Copies lag the map by an event's delivery (milliseconds). {@link #resync} repairs what events
 * cannot tell (a merge after a partition), without undoing an event that came in meanwhile.
 */
final class MapReplica<K, V> {
  private final IMap<K, V> map;
  private final Map<K, V> copy = new ConcurrentHashMap<>();
  /** Per key, the number of the last event applied to it: a resync leaves such keys alone. */
  private final Map<K, Long> touched = new ConcurrentHashMap<>();
  private final AtomicLong events = new AtomicLong();
  /** Moves after each change of the copy, never before it: see {@link #version}. */
  private final AtomicLong version = new AtomicLong();
  private final List<BiConsumer<V, V>> changes = new CopyOnWriteArrayList<>();

  MapReplica(IMap<K, V> map) {
    this.map = map;
    map.addEntryListener(new Listener(), true);
    resync();
  }

  Collection<V> values() {
    return List.copyOf(copy.values());
  }

  /**
   * A number that moves after every change of the copy. Read before the copy, it tells a reader
   * whether what it built from the copy may be reused: the same number, no change since.
   */
  long version() {
    return version.get();
  }

  Map<K, V> asMap() {
    return Map.copyOf(copy);
  }

  /**
   * Tells {@code listener} of each entry event, with the value before it and after it (null: none),
   * on Hazelcast's event thread: it must return at once.
   */
  void onChange(BiConsumer<V, V> listener) {
    changes.add(listener);
  }

  /** Reloads the whole map; keys changed by an event during the load keep the event's value. */
  void resync() {
    long before = events.get();
    Map<K, V> all = new HashMap<>(map);
    boolean changed = false;
    for (Map.Entry<K, V> entry : all.entrySet()) {
      if (touched.getOrDefault(entry.getKey(), -1L) < before) {
        changed |= !entry.getValue().equals(copy.put(entry.getKey(), entry.getValue()));
      }
    }
    changed |= copy.keySet().removeIf(key -> !all.containsKey(key) && touched.getOrDefault(key, -1L) < before);
    if (changed) {
      version.incrementAndGet();
    }
  }

  private void apply(K key, V value) {
    touched.put(key, events.incrementAndGet());
    V before = value == null ? copy.remove(key) : copy.put(key, value);
    version.incrementAndGet();
    changes.forEach(listener -> listener.accept(before, value));
  }

  /** Entry events, delivered in order per key. */
  private final class Listener implements EntryAddedListener<K, V>, EntryUpdatedListener<K, V>,
      EntryRemovedListener<K, V>, EntryMergedListener<K, V>, MapClearedListener {
    @Override
    public void entryAdded(EntryEvent<K, V> event) {
      apply(event.getKey(), event.getValue());
    }

    @Override
    public void entryUpdated(EntryEvent<K, V> event) {
      apply(event.getKey(), event.getValue());
    }

    @Override
    public void entryRemoved(EntryEvent<K, V> event) {
      apply(event.getKey(), null);
    }

    @Override
    public void entryMerged(EntryEvent<K, V> event) {
      apply(event.getKey(), event.getValue());
    }

    @Override
    public void mapCleared(MapEvent event) {
      events.incrementAndGet();
      copy.clear();
      version.incrementAndGet();
    }
  }
}
