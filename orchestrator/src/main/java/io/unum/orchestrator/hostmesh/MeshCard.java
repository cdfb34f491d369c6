package io.unum.orchestrator.hostmesh;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * What a host publishes so the others can add it to their mesh: its WireGuard key and where it
 * is, signed with the key of its certificate from the cluster CA. A card proves itself: nobody
 * without a host certificate can add a peer, whoever may write the folder the cards are in.
 *
 * @param host        the host's name: its certificate's CN
 * @param address     its mesh address ({@link MeshAddresses#of} of the endpoint's address)
 * @param endpoint    where its WireGuard listens on the underlay, {@code IPV4:PORT}; the
 *                    certificate names that address
 * @param publicKey   its WireGuard public key (base64 of 32 bytes)
 * @param certificate its host certificate, PEM
 * @param signature   base64 of SHA256withECDSA over {@link #signed()} with the certificate's key
 */
public record MeshCard(String host, String address, String endpoint, String publicKey, String certificate,
    String signature) {
  private static final String ALGORITHM = "SHA256withECDSA";
  private static final long CLOCK_SKEW_MILLIS = 5 * 60_000;

  /** The card of this host, signed with {@code key} (the private key of {@code certificatePem}). */
  public static MeshCard signed(String host, String endpoint, String publicKey, String certificatePem,
      PrivateKey key) {
    MeshCard unsigned = new MeshCard(host, MeshAddresses.of(endpointHost(endpoint)), endpoint, publicKey,
        certificatePem, null);
    try {
      Signature signer = Signature.getInstance(ALGORITHM);
      signer.initSign(key);
      signer.update(unsigned.signed());
      return new MeshCard(host, unsigned.address, endpoint, publicKey, certificatePem,
          Base64.getEncoder().encodeToString(signer.sign()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign this host's mesh card with its certificate's key"
          + " (an EC key is expected): " + e.getMessage(), e);
    }
  }

  /** The bytes the signature covers: every field but the certificate and the signature. */
  byte[] signed() {
    return String.join("\n", "unum-mesh-card-v1", host, address, endpoint, publicKey)
        .getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Why this card must not be trusted, or empty when it holds: the certificate is issued by
   * {@code ca} and valid now, its CN is the host, it names the endpoint's address, the mesh
   * address follows from that address, and the signature is the certificate key's.
   */
  public Optional<String> problem(X509Certificate ca, long nowMillis) {
    if (host == null || address == null || endpoint == null || publicKey == null || certificate == null
        || signature == null) {
      return Optional.of("a field is missing");
    }
    try {
      X509Certificate cert = certificate(certificate);
      cert.verify(ca.getPublicKey());
      // A certificate just issued on a host whose clock runs ahead is good too, within minutes.
      if (cert.getNotBefore().getTime() > nowMillis + CLOCK_SKEW_MILLIS || cert.getNotAfter().getTime() < nowMillis) {
        return Optional.of("its certificate is not valid now (valid " + cert.getNotBefore().toInstant() + " to "
            + cert.getNotAfter().toInstant() + ")");
      }
      if (!host.equals(commonName(cert))) {
        return Optional.of("its certificate is for '" + commonName(cert) + "', not '" + host + "'");
      }
      String endpointHost = endpointHost(endpoint);
      if (!ipAddresses(cert).contains(endpointHost)) {
        return Optional.of("its certificate does not name the endpoint's address " + endpointHost);
      }
      if (!address.equals(MeshAddresses.of(endpointHost))) {
        return Optional.of("mesh address " + address + " does not follow from " + endpointHost);
      }
      if (Base64.getDecoder().decode(publicKey).length != 32) {
        return Optional.of("its WireGuard key is not 32 bytes");
      }
      Signature verifier = Signature.getInstance(ALGORITHM);
      verifier.initVerify(cert.getPublicKey());
      verifier.update(signed());
      if (!verifier.verify(Base64.getDecoder().decode(signature))) {
        return Optional.of("its signature is not its certificate's");
      }
      return Optional.empty();
    } catch (GeneralSecurityException e) {
      return Optional.of("its certificate is not one of the cluster CA's: " + e.getMessage());
    } catch (IllegalArgumentException e) {
      return Optional.of(e.getMessage());
    }
  }

  /** The WireGuard peer this card describes. */
  public MeshPeer peer() {
    return new MeshPeer(publicKey, address, endpoint);
  }

  /** Parses one PEM certificate. */
  static X509Certificate certificate(String pem) throws GeneralSecurityException {
    return (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
  }

  private static String endpointHost(String endpoint) {
    int colon = endpoint.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("endpoint '" + endpoint + "' is not IPV4:PORT");
    }
    return endpoint.substring(0, colon);
  }

  private static String commonName(X509Certificate cert) {
    try {
      for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          return rdn.getValue().toString();
        }
      }
      return "";
    } catch (InvalidNameException e) {
      return "";
    }
  }

  private static List<String> ipAddresses(X509Certificate cert) throws GeneralSecurityException {
    var names = cert.getSubjectAlternativeNames();
    if (names == null) {
      return List.of();
    }
    // Type 7 is iPAddress (RFC 5280); Java gives it as a string.
    return names.stream().filter(n -> (Integer) n.get(0) == 7).map(n -> n.get(1).toString()).toList();
  }
}
