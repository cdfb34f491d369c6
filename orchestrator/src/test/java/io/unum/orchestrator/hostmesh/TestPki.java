package io.unum.orchestrator.hostmesh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A cluster CA and host certificates made with openssl, as orchestrator/host/migration-tls makes them. */
final class TestPki {
  private final Path dir;

  TestPki(Path dir) {
    this.dir = dir;
    openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "30",
        "-subj", "/O=Unum/CN=Unum cluster CA", "-addext", "basicConstraints=critical,CA:true",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign", "-keyout", dir.resolve("ca-key.pem").toString(),
        "-out", dir.resolve("ca-cert.pem").toString());
  }

  /** Issues a certificate for {@code host} naming {@code ip}; lays it out as /etc/pki would be, under a folder of its own. */
  Path issue(String host, String ip) {
    Path pki = dir.resolve(host);
    try {
      Files.createDirectories(pki.resolve("CA"));
      Files.createDirectories(pki.resolve("libvirt/private"));
      Files.copy(dir.resolve("ca-cert.pem"), pki.resolve("CA/cacert.pem"));
      Path ext = pki.resolve("ext");
      Files.writeString(ext, "subjectAltName=DNS:" + host + ",IP:" + ip + "\nextendedKeyUsage=serverAuth,clientAuth\n");
      openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-subj", "/O=Unum/CN=" + host,
          "-keyout", pki.resolve("libvirt/private/serverkey.pem").toString(), "-out", pki.resolve("req.pem").toString());
      openssl("x509", "-req", "-in", pki.resolve("req.pem").toString(), "-CA", dir.resolve("ca-cert.pem").toString(),
          "-CAkey", dir.resolve("ca-key.pem").toString(), "-CAcreateserial", "-days", "30", "-extfile", ext.toString(),
          "-out", pki.resolve("libvirt/servercert.pem").toString());
      return pki;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private void openssl(String... args) {
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).directory(dir.toFile()).start();
      String output = new String(process.getInputStream().readAllBytes());
      if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException("openssl " + String.join(" ", args) + ": " + output);
      }
    } catch (IOException e) {
      throw new IllegalStateException("openssl is needed (apt-get install openssl)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
