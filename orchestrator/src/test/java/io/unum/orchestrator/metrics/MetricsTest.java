package io.unum.orchestrator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.unum.orchestrator.testing.PrometheusText;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The registry's own meters and the API's request meters, as a scrape shows them. */
class MetricsTest {
  private final Metrics metrics = new Metrics();

  @AfterEach
  void close() {
    metrics.close();
  }

  @Test
  void aScrapeCarriesTheJvmAndProcessMeters() {
    PrometheusText text = PrometheusText.parse(metrics.scrape());

    // Summed over the heap's pools, whatever the collector names them.
    assertThat(text.samples("jvm_memory_used_bytes").stream()
        .filter(s -> "heap".equals(s.labels().get("area")))
        .mapToDouble(PrometheusText.Sample::value).sum()).isPositive();
    assertThat(text.samples("jvm_threads_live_threads")).isNotEmpty();
    assertThat(text.samples("process_uptime_seconds")).isNotEmpty();
    assertThat(text.samples("process_cpu_usage")).isNotEmpty();
    assertThat(text.type("jvm_gc_memory_allocated_bytes_total")).isEqualTo("counter");
  }

  @Test
  void requestsAreCountedAndTimedByOperationMethodAndStatus() {
    for (int i = 0; i < 3; i++) {
      metrics.api().requestEnded("listNodes", "GET", "200", Duration.ofMillis(3));
    }
    metrics.api().requestEnded("getNode", "GET", "404", Duration.ofMillis(20));

    PrometheusText text = PrometheusText.parse(metrics.scrape());

    assertThat(text.type("unum_api_requests_total")).isEqualTo("counter");
    assertThat(text.value("unum_api_requests_total", "operation", "listNodes", "method", "GET",
        "status", "200")).isEqualTo(3);
    assertThat(text.value("unum_api_requests_total", "operation", "getNode", "status", "404"))
        .isEqualTo(1);
    assertThat(text.type("unum_api_request_duration_seconds")).isEqualTo("histogram");
    assertThat(text.value("unum_api_request_duration_seconds_bucket", "operation", "listNodes",
        "le", "0.001")).isZero();
    assertThat(text.value("unum_api_request_duration_seconds_bucket", "operation", "listNodes",
        "le", "0.005")).isEqualTo(3);
    assertThat(text.value("unum_api_request_duration_seconds_bucket", "operation", "listNodes",
        "le", "10.0")).isEqualTo(3);
    assertThat(text.value("unum_api_request_duration_seconds_sum", "operation", "getNode"))
        .isEqualTo(0.02);
  }
}
