package io.unum.orchestrator.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@link SharedValue} on one key of a Hazelcast map: shared, not kept on disk. The value is
 * held as its JSON text, so compare-and-set compares what the value says: Java serialization
 * of the same value differs after a round trip (shared boxed numbers become back-references),
 * and a replace expecting it would fail for ever.
 */
public final class HazelcastValue<T> implements SharedValue<T> {
  private static final String KEY = "cluster";

  private final IMap<String, String> map;
  private final Class<T> type;
  private final ObjectMapper json = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  public HazelcastValue(HazelcastInstance hazelcast, String mapName, Class<T> type) {
    this.map = hazelcast.getMap(mapName);
    this.type = type;
  }

  @Override
  public Optional<T> get() {
    return Optional.ofNullable(map.get(KEY)).map(this::decode);
  }

  /** As {@link #get()}, or a {@link TimeoutException} when the value's owner does not answer within {@code deadline}. */
  Optional<T> read(Duration deadline) throws TimeoutException {
    try {
      return Optional.ofNullable(map.getAsync(KEY).toCompletableFuture().get(deadline.toMillis(), TimeUnit.MILLISECONDS))
          .map(this::decode);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TimeoutException("interrupted");
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot read " + type.getSimpleName() + ": " + e.getCause().getMessage(),
          e.getCause());
    }
  }

  public void set(T value) {
    map.set(KEY, encode(value));
  }

  @Override
  public boolean replace(T expected, T next) {
    if (expected == null) {
      return map.putIfAbsent(KEY, encode(next)) == null;
    }
    // Compared as this version writes the value: text an older version wrote (a field it lacked,
    // a "tcp" transport that now reads as tls) would never equal ours, and every change would fail.
    String held = map.get(KEY);
    return held != null && encode(decode(held)).equals(encode(expected)) && map.replace(KEY, held, encode(next));
  }

  IMap<String, String> map() {
    return map;
  }

  String encode(T value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + type.getSimpleName() + " as JSON", e);
    }
  }

  T decode(String text) {
    try {
      return json.readValue(text, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable " + type.getSimpleName() + " in the control plane: "
          + e.getOriginalMessage(), e);
    }
  }
}
