package io.unum.orchestrator.lab;

import java.nio.file.Path;
import java.util.List;

/** Issues a lab host's certificate for migration over TLS, from a CA kept on this machine only. */
@FunctionalInterface
public interface CertificateIssuer {

  /**
   * Makes {@code into} hold a current certificate for host {@code name} at {@code addresses}
   * ({@code cert.pem}, {@code key.pem}, {@code ca-cert.pem}), from the CA in {@code caDir}, which
   * is made there first when it has none. Returns what it did, in a line.
   */
  String issue(Path caDir, String name, List<String> addresses, Path into);
}
