package io.unum.orchestrator.hypervisor;

import static org.assertj.core.api.Assertions.assertThat;

import io.unum.orchestrator.testing.Prerequisites;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code orchestrator/host/migration-tls} in a scratch folder: issue where the CA is (its key
 * stays there), install where libvirt and QEMU look (here a scratch PKI root) with no CA key.
 */
class MigrationTlsScriptTest {
  private static final Path SCRIPT = Path.of("host/migration-tls").toAbsolutePath();

  @TempDir
  Path dir;

  private record Run(int exit, String out, String err) {}

  @BeforeAll
  static void needsOpenssl() {
    Prerequisites.need(Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl (the launcher installs it)");
  }

  private Run run(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(SCRIPT.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(Map.of("UNUM_PKI_DIR", dir.resolve("pki").toString()));
    Process process = builder.start();
    process.getOutputStream().close();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Run(process.waitFor(), out.strip(), err.strip());
  }

  private static String mode(Path file) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
  }

  private String openssl(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor();
    return out;
  }

  @Test
  void aCertificateIsIssuedWhereTheCaIsAndInstalledWithoutIt() throws Exception {
    Path ca = dir.resolve("ca");
    Path bundle = dir.resolve("bundle");
    Run issued = run("issue", ca.toString(), "server-2", bundle.toString(), "10.0.0.2", "server-2.rack");
    assertThat(issued.exit()).as(issued.err()).isZero();
    assertThat(issued.out()).as("one summary line").doesNotContain("\n")
        .contains("made cluster CA in " + ca).contains("DNS:server-2,IP:10.0.0.2,DNS:server-2.rack");
    assertThat(mode(ca)).isEqualTo("rwx------");
    assertThat(mode(ca.resolve("ca-key.pem"))).isEqualTo("rw-------");
    assertThat(mode(bundle)).isEqualTo("rwx------");
    assertThat(mode(bundle.resolve("key.pem"))).isEqualTo("rw-------");
    try (var files = Files.list(bundle)) {
      assertThat(files.map(f -> f.getFileName().toString())).as("the CA's key is not in the bundle")
          .containsExactlyInAnyOrder("cert.pem", "key.pem", "ca-cert.pem");
    }
    assertThat(openssl("x509", "-in", bundle.resolve("cert.pem").toString(), "-noout", "-subject", "-nameopt",
        "RFC2253")).as("libvirt reads this DN as O=Unum,CN=server-2").contains("subject=CN=server-2,O=Unum");
    assertThat(run("issue", ca.toString(), "server-2", bundle.toString(), "10.0.0.2", "server-2.rack").out())
        .as("idempotent").endsWith("already current");

    Run installed = run("install", bundle.toString(), "server-2");
    assertThat(installed.exit()).as(installed.err()).isZero();
    assertThat(installed.out()).contains("installed the certificate of server-2");
    assertThat(MigrationTlsFiles.missing(dir.resolve("pki"))).as("what the orchestrator looks for").isEmpty();
    assertThat(mode(dir.resolve("pki/libvirt/private/serverkey.pem"))).isEqualTo("rw-------");
    assertThat(mode(dir.resolve("pki/qemu/client-key.pem"))).isEqualTo("rw-------");
    assertThat(run("install", bundle.toString(), "server-2").out()).as("idempotent").contains("already in");
  }

  @Test
  void aBundleForAnotherHostOrFromAnotherCaIsRefused() throws Exception {
    Path bundle = dir.resolve("bundle");
    assertThat(run("issue", dir.resolve("ca").toString(), "server-2", bundle.toString(), "10.0.0.2").exit()).isZero();
    Run other = run("install", bundle.toString(), "server-3");
    assertThat(other.exit()).isEqualTo(1);
    assertThat(other.err()).contains("is for host 'server-2', not 'server-3'");

    Path foreign = dir.resolve("foreign");
    assertThat(run("issue", dir.resolve("other-ca").toString(), "server-2", foreign.toString(), "10.0.0.2").exit())
        .isZero();
    Files.copy(foreign.resolve("ca-cert.pem"), bundle.resolve("ca-cert.pem"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Run mixed = run("install", bundle.toString(), "server-2");
    assertThat(mixed.exit()).isEqualTo(1);
    assertThat(mixed.err()).contains("is not a valid certificate of the CA");
    assertThat(dir.resolve("pki")).as("nothing installed").doesNotExist();
  }

  @Test
  void onlyWhereTheCaKeyIsAreCertificatesIssued() throws Exception {
    Path copy = Files.createDirectories(dir.resolve("not-the-ca"));
    assertThat(run("issue", dir.resolve("ca").toString(), "server-1", dir.resolve("b1").toString(), "10.0.0.1").exit())
        .isZero();
    Files.copy(dir.resolve("ca/ca-cert.pem"), copy.resolve("ca-cert.pem"));
    Run refused = run("issue", copy.toString(), "server-2", dir.resolve("b2").toString(), "10.0.0.2");
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.err()).contains("where ca-key.pem is kept");
    assertThat(run("issue", dir.resolve("ca").toString(), "a,b", dir.resolve("b3").toString(), "10.0.0.3").err())
        .contains("letters, digits");
  }
}
