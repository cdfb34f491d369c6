package io.unum.orchestrator.hypervisor;

import java.nio.file.Path;

/** Makes a node's copy-on-write disk on the shared base image. */
public interface OverlayDisks {

  /**
   * Ensures {@code overlay} exists and is backed by {@code base}; an overlay on another base is
   * replaced (the node's disk changes are lost, which only happens when the image changed).
   */
  void ensure(Path overlay, Path base);
}
