package io.unum.orchestrator.hypervisor;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;

/** How a live migration reaches its destination: libvirt's connection and QEMU's memory stream. */
public enum MigrationTransport {
  /** Plain TCP, no authentication: only on a network that is the cluster's own (the lab). */
  TCP,
  /** TLS both ways, each host proving itself with a certificate of the cluster CA. */
  TLS;

  @JsonValue
  public String wire() {
    return name().toLowerCase();
  }

  @JsonCreator
  public static MigrationTransport parse(String text) {
    return Arrays.stream(values()).filter(t -> t.wire().equals(text)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("transport: '" + text + "' is not one of "
            + Arrays.stream(values()).map(MigrationTransport::wire).collect(Collectors.joining(", "))));
  }
}
