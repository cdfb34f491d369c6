package io.unum.orchestrator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 'unum tls': certificates are issued only where the CA is kept, and libvirtd lets in the hosts named. */
class TlsCommandTest {
  @TempDir
  Path dir;

  private record Result(int code, String out, String err) {}

  private static Result run(String... args) {
    PrintStream originalErr = System.err;
    PrintStream originalOut = System.out;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true));
    System.setOut(new PrintStream(out, true));
    try {
      return new Result(UnumCli.run(args), out.toString(), err.toString());
    } finally {
      System.setErr(originalErr);
      System.setOut(originalOut);
    }
  }

  @Test
  void theAllowedHostsBecomeTheirCertificatesSubjectsAsLibvirtReadsThem() {
    assertThat(TlsCommand.allowedDns(List.of("server-1", "server-2.rack", "server-1")))
        .isEqualTo("O=Unum,CN=server-1;O=Unum,CN=server-2.rack");
    assertThatThrownBy(() -> TlsCommand.allowedDns(List.of("server-*"))).hasMessageContaining("'server-*'");
    Result bad = run("tls", "setup", "--allow", "a\"b");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("--allow");
  }

  @Test
  void issuingNeedsTheCaKeyHere() throws Exception {
    Path ca = Files.createDirectories(dir.resolve("ca"));
    Files.writeString(ca.resolve("ca-cert.pem"), "only the certificate, as any host may hold it");
    Result result = run("tls", "issue", "--name", "server-2", "--address", "10.0.0.2", "--out",
        dir.resolve("bundle").toString(), "--ca-dir", ca.toString());
    assertThat(result.code()).isEqualTo(1);
    assertThat(result.err()).contains("no cluster CA in " + ca).contains("on the host that keeps it");
    assertThat(dir.resolve("bundle")).doesNotExist();
    assertThat(run("tls", "issue", "--name", "server-2", "--address", "10.0.0.2").code()).as("--out is required")
        .isEqualTo(2);
  }

  @Test
  void aBundleIsInstalledNotIssued() {
    Result result = run("tls", "setup", "--bundle", dir.toString(), "--ca-dir", dir.resolve("ca").toString());
    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).contains("--ca-dir and --address belong to the host that issues it");
  }

  @Test
  void aCaThatAnOlderVersionLeftOnTheSharedFolderIsMovedNotCopied() throws Exception {
    Path shared = Files.createDirectories(dir.resolve("shared/pki"));
    Files.writeString(shared.resolve("ca-key.pem"), "key");
    Files.writeString(shared.resolve("ca-cert.pem"), "cert");
    Path config = dir.resolve("unum.yaml");
    Files.writeString(config, "host-name: server-1\nshared-dir: " + dir.resolve("shared") + "\n"
        + "control-plane-address: 10.0.0.1\n");
    Result result = run("tls", "setup", "--config", config.toString(), "--ca-dir", dir.resolve("ca").toString());
    assertThat(result.code()).isEqualTo(1);
    assertThat(result.err()).contains("an older Unum kept the cluster CA on the shared folder (" + shared + ")")
        .contains("mv " + shared + "/ca-key.pem");
    assertThat(dir.resolve("ca")).as("no new CA beside the old one").doesNotExist();
  }
}
