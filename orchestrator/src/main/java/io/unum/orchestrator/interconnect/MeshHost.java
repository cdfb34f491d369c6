package io.unum.orchestrator.interconnect;

/**
 * A host as the mesh needs it: its name, the underlay address its tunnel end listens on, and
 * whether the control plane sees it up (or only suspect: its nodes may run on, so its tunnel stays).
 */
public record MeshHost(String name, String address, boolean up) {}
