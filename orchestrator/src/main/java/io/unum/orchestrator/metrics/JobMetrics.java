package io.unum.orchestrator.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * Finished jobs by kind and outcome, {@code unum_jobs_total}, and how long they ran, the histogram
 * {@code unum_job_duration_seconds}. The jobs subsystem calls {@link #jobFinished} once per job.
 */
public final class JobMetrics {
  /** Jobs run from a fraction of a second (an exec) to an hour (an image build). */
  static final Duration[] BUCKETS = {
      Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5),
      Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(5),
      Duration.ofMinutes(10), Duration.ofMinutes(30), Duration.ofHours(1)};

  private final Meter.MeterProvider<Counter> finished;
  private final Meter.MeterProvider<Timer> durations;

  JobMetrics(MeterRegistry registry) {
    finished = Counter.builder("unum.jobs")
        .description("Jobs finished, by kind and outcome")
        .withRegistry(registry);
    durations = Timer.builder("unum.job.duration")
        .description("How long finished jobs ran, by kind and outcome")
        .serviceLevelObjectives(BUCKETS)
        .withRegistry(registry);
  }

  /**
   * Records a finished job.
   *
   * @param kind    what the job does, one of a small fixed set (every distinct value is a series)
   * @param outcome how it ended, e.g. {@code succeeded}, {@code failed}, {@code cancelled}; never
   *                an error message
   * @param took    from its start to its end
   */
  public void jobFinished(String kind, String outcome, Duration took) {
    requireLabel("kind", kind);
    requireLabel("outcome", outcome);
    if (took == null || took.isNegative()) {
      throw new IllegalArgumentException("a job's duration must be zero or more, got " + took);
    }
    finished.withTags("kind", kind, "outcome", outcome).increment();
    durations.withTags("kind", kind, "outcome", outcome).record(took);
  }

  private static void requireLabel(String name, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("a finished job needs a " + name + ", got '" + value + "'");
    }
  }
}
