package io.unum.orchestrator.runlevel;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryMergedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's run level on the disk of EVERY host ({@code runlevel.json}, written by atomic
 * rename), merged back when the host joins: after a restart of every orchestrator the newest
 * change wins, whichever host comes first. Also the {@link RunLevelStore} on the shared map.
 */
public final class DurableRunLevel implements RunLevelStore, AutoCloseable {
  static final String MAP = "unum.runlevel";
  private static final String KEY = "cluster";
  private static final Logger LOG = LoggerFactory.getLogger(DurableRunLevel.class);

  private final IMap<String, ClusterRunLevel> map;
  private final Path file;
  private final ObjectMapper json = new ObjectMapper();
  private UUID listener;

  public DurableRunLevel(HazelcastInstance hazelcast, Path stateDir) {
    this.map = hazelcast.getMap(MAP);
    this.file = stateDir.resolve("runlevel.json");
  }

  /** Merges this host's copy into the map (newest wins) and keeps the copy current from now on. */
  public DurableRunLevel start() {
    read().ifPresent(this::merge);
    listener = map.addEntryListener(new Writer(), true);
    get().ifPresent(this::write); // a change made while this host was away
    return this;
  }

  @Override
  public Optional<ClusterRunLevel> get() {
    return Optional.ofNullable(map.get(KEY));
  }

  @Override
  public void set(ClusterRunLevel level) {
    map.set(KEY, level);
  }

  private void merge(ClusterRunLevel saved) {
    while (true) {
      ClusterRunLevel current = map.get(KEY);
      if (current == null) {
        if (map.putIfAbsent(KEY, saved) == null) {
          LOG.info("restored run level {} from this host's durable copy", saved.level());
          return;
        }
      } else if (current.changedMillis() >= saved.changedMillis() || map.replace(KEY, current, saved)) {
        return;
      }
    }
  }

  Optional<ClusterRunLevel> read() {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(json.readValue(file.toFile(), ClusterRunLevel.class));
    } catch (IOException e) {
      LOG.error("ignoring unreadable {}: {}", file, e.getMessage());
      return Optional.empty();
    }
  }

  synchronized void write(ClusterRunLevel level) {
    Optional<ClusterRunLevel> held = read();
    if (held.isPresent() && held.get().changedMillis() > level.changedMillis()) {
      return; // events may overtake the catch-up in start(): never write an older level
    }
    try {
      Files.createDirectories(file.getParent());
      Path temp = Files.createTempFile(file.getParent(), "runlevel", ".tmp");
      json.writeValue(temp.toFile(), level);
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      LOG.error("cannot persist the run level to {}: {}", file, e.getMessage());
    }
  }

  @Override
  public void close() {
    if (listener != null) {
      map.removeEntryListener(listener);
    }
  }

  private final class Writer implements EntryAddedListener<String, ClusterRunLevel>,
      EntryUpdatedListener<String, ClusterRunLevel>, EntryMergedListener<String, ClusterRunLevel> {
    @Override
    public void entryAdded(com.hazelcast.core.EntryEvent<String, ClusterRunLevel> event) {
      write(event.getValue());
    }

    @Override
    public void entryUpdated(com.hazelcast.core.EntryEvent<String, ClusterRunLevel> event) {
      write(event.getValue());
    }

    @Override
    public void entryMerged(com.hazelcast.core.EntryEvent<String, ClusterRunLevel> event) {
      write(event.getValue());
    }
  }
}
