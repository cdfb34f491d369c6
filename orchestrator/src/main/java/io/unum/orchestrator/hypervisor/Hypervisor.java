package io.unum.orchestrator.hypervisor;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the orchestrator needs from the local hypervisor. One small contract, so controllers can
 * be tested against a fake and the real libvirt implementation stays in one place.
 */
public interface Hypervisor extends AutoCloseable {

  /** The URI the hypervisor was reached at (e.g. {@code qemu:///system}). */
  String uri();

  /** Every domain whose name starts with {@code prefix}, running or not. */
  List<DomainStatus> list(String prefix);

  Optional<DomainStatus> find(String name);

  /** Defines (or redefines) a persistent domain from XML. */
  void define(String xml);

  /** Starts a defined domain; {@link DiskBusyException} when another process still holds its disk. */
  void start(String name);

  /** Pulls the plug: stops the domain at once. Does nothing when it is not running. */
  void destroy(String name);

  /** Removes the domain's definition. Does nothing when there is none. */
  void undefine(String name);

  /** Sets a running domain's memory (through its balloon), at most what it was started with. */
  void setMemory(String name, long mib);

  /**
   * Live-migrates a running domain to {@code target} (peer to peer, pre-copy, auto-converging);
   * returns once it runs there and is gone from here. On any failure it keeps running here and
   * a {@link HypervisorException} says why.
   */
  void migrate(String name, MigrationTarget target, MigrationTuning tuning);

  /** The migration the domain is in now; empty when none runs. */
  Optional<MigrationStats> migrationStats(String name);

  /** Stops the domain's migration; the domain keeps running here. Nothing when none runs. */
  void abortMigration(String name);

  /** The pause the guest had when the migration that brought the domain here switched over; empty if unknown. */
  OptionalLong arrivalDowntimeMillis(String name);

  @Override
  void close();
}
