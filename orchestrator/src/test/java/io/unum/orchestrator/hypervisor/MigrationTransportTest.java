package io.unum.orchestrator.hypervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** TLS is the only transport: "tcp" that an older version stored reads as TLS; one a user asks for is refused. */
class MigrationTransportTest {
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void whatOlderVersionsStoredReadsAsTls() throws Exception {
    assertThat(MigrationTransport.read("tcp")).isEqualTo(MigrationTransport.TLS);
    assertThat(MigrationTransport.read("tls")).isEqualTo(MigrationTransport.TLS);
    MigrationTuning stored = json.readValue("{\"maxDowntimeMillis\": 300, \"bandwidthMiBps\": 5, \"transport\": \"tcp\"}",
        MigrationTuning.class);
    assertThat(stored).isEqualTo(new MigrationTuning(300, 5, MigrationTransport.TLS));
    assertThat(json.writeValueAsString(stored)).contains("\"transport\":\"tls\"").doesNotContain("tcp");
    assertThat(json.readValue("{\"maxDowntimeMillis\": 300, \"bandwidthMiBps\": 5}", MigrationTuning.class).transport())
        .as("before transports existed").isEqualTo(MigrationTransport.TLS);
    assertThatThrownBy(() -> MigrationTransport.read("udp")).hasMessageContaining("only tls exists");
  }

  @Test
  void aUserAskingForTcpIsToldOnlyTlsExists() {
    assertThat(MigrationTransport.requested("tls")).isEqualTo(MigrationTransport.TLS);
    assertThatThrownBy(() -> MigrationTransport.requested("tcp")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("transport: only tls exists (plain tcp was removed: libvirtd listens for TLS only), got 'tcp'");
  }

  @Test
  void everyTargetIsReachedOverTls() {
    MigrationTarget target = MigrationTarget.of("172.31.213.12");
    assertThat(target.libvirtUri()).isEqualTo("qemu+tls://172.31.213.12/system");
    assertThat(target.streamUri()).isEqualTo("tcp://172.31.213.12");
  }
}
