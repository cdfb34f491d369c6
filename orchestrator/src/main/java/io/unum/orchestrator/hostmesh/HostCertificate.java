package io.unum.orchestrator.hostmesh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * This host's certificate from the cluster CA, its key, and the CA certificate, where libvirt
 * keeps them for migration over TLS ({@code unum tls setup}, or the lab, installs them).
 *
 * @param certificatePem this host's certificate, PEM
 * @param key            its private key (EC)
 * @param ca             the cluster CA's certificate: the anchor every card is checked against
 */
public record HostCertificate(String certificatePem, PrivateKey key, X509Certificate ca) {

  /** Reads them from under {@code pki} (normally /etc/pki); the error says what to run when one is missing. */
  public static HostCertificate read(Path pki) {
    Path cert = pki.resolve("libvirt/servercert.pem");
    Path key = pki.resolve("libvirt/private/serverkey.pem");
    Path ca = pki.resolve("CA/cacert.pem");
    try {
      for (Path file : new Path[] {cert, key, ca}) {
        if (!Files.isRegularFile(file)) {
          throw new IllegalArgumentException("the host mesh needs this host's certificate from the cluster CA, and "
              + file + " is missing; run 'unum tls setup' on this host first");
        }
      }
      return new HostCertificate(Files.readString(cert), privateKey(Files.readString(key), key),
          MeshCard.certificate(Files.readString(ca)));
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot read this host's certificate under " + pki + ": " + e.getMessage(), e);
    }
  }

  private static PrivateKey privateKey(String pem, Path file) throws GeneralSecurityException {
    String begin = "-----BEGIN PRIVATE KEY-----";
    int start = pem.indexOf(begin);
    int end = pem.indexOf("-----END PRIVATE KEY-----");
    if (start < 0 || end < start) {
      throw new IllegalArgumentException(file + " is not a PKCS#8 PEM key (BEGIN PRIVATE KEY); make it again"
          + " with 'unum tls setup'");
    }
    byte[] der = Base64.getMimeDecoder().decode(pem.substring(start + begin.length(), end));
    return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
  }
}
