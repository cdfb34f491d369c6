package io.unum.orchestrator.interconnect;

/**
 * A host as the mesh needs it: its name, the underlay address its tunnel end listens on, and
 * whether the control plane sees it up.
 */
public record MeshHost(String name, String address, boolean up) {}
