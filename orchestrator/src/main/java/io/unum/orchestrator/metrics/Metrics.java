package io.unum.orchestrator.metrics;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** This process's meters in one Prometheus registry, and the text that {@code GET /metrics} serves. */
public final class Metrics implements AutoCloseable {
  /** The media type of {@link #scrape()}: the Prometheus text exposition format 0.0.4. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final List<SnapshotMeters> snapshots = new CopyOnWriteArrayList<>();
  private final JvmGcMetrics gc = new JvmGcMetrics();
  private final ApiMetrics api = new ApiMetrics(registry);
  private final JobMetrics jobs = new JobMetrics(registry);

  /** A registry with the JVM's and the process's own meters (memory, GC, threads, CPU, uptime). */
  public Metrics() {
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  /** Where the API records each request. */
  public ApiMetrics api() {
    return api;
  }

  /** Where the jobs subsystem records each finished job. */
  public JobMetrics jobs() {
    return jobs;
  }

  /** Adds meters that are refreshed before every scrape. */
  public void register(SnapshotMeters meters) {
    meters.bindTo(registry);
    snapshots.add(meters);
  }

  /**
   * Every meter in the Prometheus text format ({@link #CONTENT_TYPE}). Blocks while the
   * snapshots read their sources (Hazelcast maps), so call it off the event loop. Serialized,
   * so that two concurrent scrapes cannot interleave one snapshot's refresh with the other's text.
   */
  public synchronized String scrape() {
    for (SnapshotMeters meters : snapshots) {
      meters.refresh();
    }
    return registry.scrape();
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}
