package io.unum.orchestrator.hypervisor;

import java.util.List;
import java.util.Optional;

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

  /** Starts a defined domain. */
  void start(String name);

  /** Pulls the plug: stops the domain at once. Does nothing when it is not running. */
  void destroy(String name);

  /** Removes the domain's definition. Does nothing when there is none. */
  void undefine(String name);

  /** Sets a running domain's memory (through its balloon), at most what it was started with. */
  void setMemory(String name, long mib);

  @Override
  void close();
}
