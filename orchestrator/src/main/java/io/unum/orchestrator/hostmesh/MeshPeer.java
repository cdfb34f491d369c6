package io.unum.orchestrator.hostmesh;

/**
 * One WireGuard peer as the device holds it.
 *
 * @param publicKey the peer's WireGuard public key (base64)
 * @param address   its mesh address: the only source address accepted from it
 * @param endpoint  where its packets go on the underlay, {@code IP:PORT}
 */
public record MeshPeer(String publicKey, String address, String endpoint) {}
