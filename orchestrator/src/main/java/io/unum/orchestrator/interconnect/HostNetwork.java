package io.unum.orchestrator.interconnect;

import java.util.List;

/**
 * The host's side of the interconnect, over iproute2. Every operation is idempotent: asking
 * for what already exists changes nothing.
 */
public interface HostNetwork {

  /** Ensures a bridge named {@code name} exists, is up, and carries NO IP address. */
  void ensureBridge(String name);

  /** Removes the bridge if it exists. */
  void removeBridge(String name);

  /** IPv4/IPv6 addresses on {@code link} (empty when none or when the link does not exist). */
  List<String> addresses(String link);

  /** Whether a link of that name exists. */
  boolean exists(String link);
}
