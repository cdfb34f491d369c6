package io.unum.orchestrator.cli;

/** The node kernel and base image, built (or taken from the cache) as two progress phases. */
record NodeArtifacts(String kernel, String image) {

  static NodeArtifacts build(Installation installation, Phases phases) {
    phases.begin("kernel");
    String kernel = installation.runScript(Installation.KERNEL_BUILD, "ssi-kernel-patches/build-kernel");
    phases.done(kernel);
    phases.begin("image");
    String image = installation.runScript(Installation.IMAGE_BUILD, "vm-images/build-image", "--agent-jar",
        installation.agentJar().toString());
    phases.done(image);
    return new NodeArtifacts(kernel, image);
  }
}
