package io.unum.agent.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PidFilesTest {

  @Test
  void aServiceNameNeverLeavesTheDirectory() {
    assertThat(PidFiles.fileName("web")).isEqualTo("web.pid");
    assertThat(PidFiles.fileName("my-db_2.main")).isEqualTo("my-db_2.main.pid");
    assertThat(PidFiles.fileName("../etc/x")).isEqualTo("%2E.%2Fetc%2Fx.pid");
    assertThat(PidFiles.fileName(".hidden")).isEqualTo("%2Ehidden.pid");
    assertThat(PidFiles.fileName("é")).isEqualTo("%C3%A9.pid");
  }
}
