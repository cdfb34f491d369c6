package io.unum.orchestrator.events;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One state change in the cluster, as the event stream delivers it.
 *
 * @param id      position in the cluster's event log: increasing, the SSE event id
 * @param type    what changed, e.g. {@code node.state}, {@code host.down}, {@code job.progress}
 * @param subject what it is about, e.g. {@code node/3}, {@code host/unum-host-1}, {@code job/j-..}
 * @param data    the change itself (JSON-able values only: strings, numbers, booleans, lists, maps)
 */
public record Event(long id, long timeMillis, String type, String subject, Map<String, Object> data)
    implements Serializable {

  public Event {
    data = data == null ? Map.of() : new LinkedHashMap<>(data);
  }

  /** A change not yet in the log: the log gives it its id. */
  public static Event of(String type, String subject, Map<String, Object> data) {
    return new Event(-1, System.currentTimeMillis(), type, subject, data);
  }

  Event at(long position) {
    return new Event(position, timeMillis, type, subject, data);
  }
}
