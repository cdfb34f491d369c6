package io.unum.orchestrator.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * Count and latency of the REST API's requests, by OpenAPI operation id, HTTP method and status:
 * {@code unum_api_requests_total} and the histogram {@code unum_api_request_duration_seconds}.
 */
public final class ApiMetrics {
  /** The operation label of a request that no operation of the contract matches. */
  public static final String UNMATCHED = "unmatched";

  /**
   * Histogram buckets from 1 ms to 10 s. Buckets rather than percentiles computed here: buckets
   * add up across hosts and over time in PromQL (histogram_quantile), percentiles do not.
   */
  static final Duration[] BUCKETS = {
      Duration.ofMillis(1), Duration.ofNanos(2_500_000), Duration.ofMillis(5), Duration.ofMillis(10),
      Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
      Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2_500), Duration.ofSeconds(5),
      Duration.ofSeconds(10)};

  private final Meter.MeterProvider<Counter> requests;
  private final Meter.MeterProvider<Timer> durations;

  ApiMetrics(MeterRegistry registry) {
    requests = Counter.builder("unum.api.requests")
        .description("REST API requests answered, by operation id, method and status")
        .withRegistry(registry);
    durations = Timer.builder("unum.api.request.duration")
        .description("REST API request latency, from the request's arrival to the end of its answer")
        .serviceLevelObjectives(BUCKETS)
        .withRegistry(registry);
  }

  /**
   * Records one answered request.
   *
   * @param operation the OpenAPI operation id, or {@link #UNMATCHED}; never the raw path, whose
   *                  node numbers would make a series per node and per typo
   * @param status    the HTTP status code, or another short word when there was none
   */
  public void requestEnded(String operation, String method, String status, Duration took) {
    requests.withTags("operation", operation, "method", method, "status", status).increment();
    durations.withTags("operation", operation, "method", method, "status", status).record(took);
  }
}
