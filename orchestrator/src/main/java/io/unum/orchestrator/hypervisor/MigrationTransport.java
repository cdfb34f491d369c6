package io.unum.orchestrator.hypervisor;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How a live migration reaches its destination. TLS is the only way: libvirtd listens for nothing
 * else, and QEMU's memory stream is wrapped in TLS too.
 */
public enum MigrationTransport {
  /** TLS both ways, each host proving itself with a certificate of the cluster CA. */
  TLS;

  /** Plain TCP, which versions before TLS-only allowed; what they stored still reads (as TLS). */
  static final String REMOVED_TCP = "tcp";

  @JsonValue
  public String wire() {
    return name().toLowerCase();
  }

  /**
   * A transport as stored (balancer settings on disk, jobs in the control plane): "tcp", which an
   * older version may have written, reads as TLS, the one transport there is now.
   */
  @JsonCreator
  public static MigrationTransport read(String text) {
    return REMOVED_TCP.equals(text) ? TLS : requested(text);
  }

  /** A transport a user asks for: only "tls". */
  public static MigrationTransport requested(String text) {
    if (TLS.wire().equals(text)) {
      return TLS;
    }
    throw new IllegalArgumentException("transport: only tls exists (plain tcp was removed: libvirtd listens for"
        + " TLS only), got '" + text + "'");
  }
}
