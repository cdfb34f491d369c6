package io.unum.orchestrator.metrics;

import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Meters whose values come from a source that is read once per scrape, just before it.
 * Plain gauges would each read the source on their own, and a Hazelcast map is not cheap to
 * read a dozen times for one scrape.
 */
public interface SnapshotMeters extends MeterBinder {

  /** Reads the source and sets every meter from what it read; fails if the source cannot be read. */
  void refresh();
}
