package io.unum.orchestrator.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unum.orchestrator.testing.PrometheusText;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the jobs subsystem's reports look like in a scrape. */
class JobMetricsTest {
  private final Metrics metrics = new Metrics();

  @AfterEach
  void close() {
    metrics.close();
  }

  @Test
  void finishedJobsAreCountedByKindAndOutcomeWithTheirDurations() {
    metrics.jobs().jobFinished("exec", "succeeded", Duration.ofMillis(200));
    metrics.jobs().jobFinished("exec", "succeeded", Duration.ofMillis(300));
    metrics.jobs().jobFinished("exec", "failed", Duration.ofSeconds(2));
    metrics.jobs().jobFinished("image-build", "succeeded", Duration.ofMinutes(20));

    PrometheusText text = PrometheusText.parse(metrics.scrape());

    assertThat(text.type("unum_jobs_total")).isEqualTo("counter");
    assertThat(text.value("unum_jobs_total", "kind", "exec", "outcome", "succeeded")).isEqualTo(2);
    assertThat(text.value("unum_jobs_total", "kind", "exec", "outcome", "failed")).isEqualTo(1);
    assertThat(text.value("unum_jobs_total", "kind", "image-build", "outcome", "succeeded")).isEqualTo(1);
    assertThat(text.type("unum_job_duration_seconds")).isEqualTo("histogram");
    assertThat(text.value("unum_job_duration_seconds_count", "kind", "exec", "outcome", "succeeded"))
        .isEqualTo(2);
    assertThat(text.value("unum_job_duration_seconds_sum", "kind", "exec", "outcome", "succeeded"))
        .isEqualTo(0.5);
    // The two short execs fall in the 0.5 s bucket, the 20-minute build only in the 30-minute one.
    assertThat(text.value("unum_job_duration_seconds_bucket", "kind", "exec", "outcome", "succeeded",
        "le", "0.5")).isEqualTo(2);
    assertThat(text.value("unum_job_duration_seconds_bucket", "kind", "image-build", "le", "600.0"))
        .isZero();
    assertThat(text.value("unum_job_duration_seconds_bucket", "kind", "image-build", "le", "1800.0"))
        .isEqualTo(1);
  }

  @Test
  void aJobWithoutKindOrOutcomeOrWithANegativeDurationIsRefused() {
    assertThatThrownBy(() -> metrics.jobs().jobFinished(" ", "succeeded", Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kind");
    assertThatThrownBy(() -> metrics.jobs().jobFinished("exec", null, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outcome");
    assertThatThrownBy(() -> metrics.jobs().jobFinished("exec", "failed", Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duration");
    assertThat(PrometheusText.parse(metrics.scrape()).samples("unum_jobs_total")).isEmpty();
  }
}
