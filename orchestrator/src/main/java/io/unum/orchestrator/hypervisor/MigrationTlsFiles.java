package io.unum.orchestrator.hypervisor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The certificates libvirt and QEMU need on a host to send and receive migrations over TLS, at
 * their default places (what {@code orchestrator/host/migration-tls install} puts there).
 */
public final class MigrationTlsFiles {
  /** Where libvirt and QEMU look for them unless configured otherwise. */
  public static final Path PKI = Path.of("/etc/pki");
  static final List<String> REQUIRED = List.of(
      "CA/cacert.pem", "libvirt/servercert.pem", "libvirt/private/serverkey.pem", "libvirt/clientcert.pem",
      "libvirt/private/clientkey.pem", "qemu/ca-cert.pem", "qemu/server-cert.pem", "qemu/server-key.pem",
      "qemu/client-cert.pem", "qemu/client-key.pem");

  private MigrationTlsFiles() {}

  /** The files missing (or empty) under {@code pki}, normally /etc/pki. */
  public static List<Path> missing(Path pki) {
    return REQUIRED.stream().map(pki::resolve).filter(f -> !nonEmpty(f)).toList();
  }

  private static boolean nonEmpty(Path file) {
    try {
      return Files.isRegularFile(file) && Files.size(file) > 0;
    } catch (java.io.IOException e) {
      return false;
    }
  }
}
