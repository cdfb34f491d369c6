package io.unum.orchestrator.jobs;

import io.unum.orchestrator.events.Event;
import java.util.LinkedHashMap;
import java.util.Map;

/** The event a job's change becomes. */
final class JobEvents {
  private JobEvents() {}

  /** Every move of state or phase, and progress in steps of 5 %: bars stay smooth, the log lean. */
  static boolean worthTelling(Job before, Job after) {
    return before.state() != after.state() || !before.phase().equals(after.phase())
        || before.percent() / 5 != after.percent() / 5;
  }

  static Event changed(Job job) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("id", job.id());
    data.put("kind", job.kind().label());
    data.put("node", job.node());
    if (job.level() != null) {
      data.put("level", job.level());
    }
    data.put("state", job.state().label());
    data.put("phase", job.phase());
    data.put("percent", job.percent());
    data.put("error", job.error());
    if (job.downtimeMillis() != null) {
      data.put("downtimeMillis", job.downtimeMillis());
    }
    return Event.of("job." + job.state().label(), "job/" + job.id(), data);
  }
}
