package io.unum.orchestrator.cli;

import io.unum.orchestrator.hypervisor.MigrationTransport;
import java.util.Iterator;
import java.util.List;
import picocli.CommandLine;

/** Reads a {@code --transport}: only tls, so a script still naming tcp learns at once that it is gone. */
final class TransportConverter implements CommandLine.ITypeConverter<String>, Iterable<String> {
  @Override
  public String convert(String value) {
    try {
      return MigrationTransport.requested(value).wire();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException(e.getMessage());
    }
  }

  @Override
  public Iterator<String> iterator() {
    return List.of(MigrationTransport.TLS.wire()).iterator();
  }
}
