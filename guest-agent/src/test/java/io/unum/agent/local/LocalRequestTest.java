package io.unum.agent.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unum.agent.protocol.ErrorCode;
import io.unum.agent.protocol.Messages.Sender;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The local socket's requests: what the in-node unum and the signal helper send, and garbage. */
class LocalRequestTest {

  private static LocalRequest read(String text) throws Exception {
    return LocalRequest.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void aCommandKeepsEveryArgumentByteForByte() throws Exception {
    assertThat(read("cli 3\n2\nps2\n-e0\n")).isEqualTo(new LocalRequest.Cli(List.of("ps", "-e", "")));
    assertThat(read("cli 1\n6\na\nb \u00e9")).isEqualTo(new LocalRequest.Cli(List.of("a\nb \u00e9")));
    assertThat(read("cli 0\n")).isEqualTo(new LocalRequest.Cli(List.of()));
  }

  @Test
  void aSignalCarriesTheSenderKillSaw() throws Exception {
    assertThat(read("signal 131075 15 1000 0 0\n"))
        .isEqualTo(new LocalRequest.Signal(131075, 15, new Sender(1000, 0, false)));
    assertThat(read("signal 131075 0 0 0 1\n"))
        .isEqualTo(new LocalRequest.Signal(131075, 0, new Sender(0, 0, true)));
  }

  @Test
  void garbageIsNamed() {
    assertThatThrownBy(() -> read("frob\n")).hasMessage("unknown request 'frob'");
    assertThatThrownBy(() -> read("signal 1 2\n")).hasMessageContaining("PID SIGNAL UID EUID CAPKILL");
    assertThatThrownBy(() -> read("signal x 15 0 0 0\n")).hasMessageContaining("pid 'x'");
    assertThatThrownBy(() -> read("cli 99999\n")).hasMessageContaining("0..1024");
    assertThatThrownBy(() -> read("cli 1\n70000\n")).hasMessageContaining("longer than 65536");
    assertThatThrownBy(() -> read("cli 1\n5\nab")).isInstanceOf(EOFException.class);
    assertThatThrownBy(() -> read("cli 1")).isInstanceOf(EOFException.class);
    assertThatThrownBy(() -> read("x".repeat(300) + "\n")).hasMessageContaining("longer than 256");
  }

  @Test
  void verdictsAreTheHelpersExitCodes() {
    assertThat(LocalSession.verdict(ErrorCode.NO_SUCH_PROCESS)).isEqualTo(1);
    assertThat(LocalSession.verdict(ErrorCode.NOT_PERMITTED)).isEqualTo(2);
    assertThat(LocalSession.verdict(ErrorCode.BAD_REQUEST)).isEqualTo(3);
    assertThat(LocalSession.verdict(ErrorCode.FAILED)).isEqualTo(4);
  }

  @Test
  void peerNamesBecomeIds() throws Exception {
    List<String> passwd = List.of("root:x:0:0:root:/root:/bin/bash", "bob:x:1000:1000::/home/bob:/bin/sh");
    assertThat(PeerCredentials.lookup("bob", passwd)).contains(1000L);
    assertThat(PeerCredentials.lookup("eve", passwd)).isEmpty();
    assertThat(PeerCredentials.id("4242", java.nio.file.Path.of("/nonexistent"))).isEqualTo(4242);
  }
}
