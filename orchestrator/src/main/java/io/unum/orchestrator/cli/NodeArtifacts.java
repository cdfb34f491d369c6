package io.unum.orchestrator.cli;

import java.util.Map;

/** The node kernel and base image, built (or taken from the cache) as two progress phases. */
record NodeArtifacts(String kernel, String image) {

  static NodeArtifacts build(Installation installation, Phases phases) {
    phases.begin("kernel");
    String kernel = installation.buildKernel(Map.of());
    phases.done(kernel);
    phases.begin("image");
    String image = installation.buildImage(Map.of());
    phases.done(image);
    return new NodeArtifacts(kernel, image);
  }
}
