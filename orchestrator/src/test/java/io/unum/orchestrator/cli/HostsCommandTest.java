package io.unum.orchestrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.unum.orchestrator.testing.CannedApi;
import io.unum.orchestrator.testing.CannedApi.Answer;
import org.junit.jupiter.api.Test;

/** 'unum hosts' says which hosts are degraded, and why, under its table, and how long the unheard are silent. */
class HostsCommandTest {
  @Test
  void aDegradedHostIsMarkedInItsStateAndItsReasonFollowsTheTable() throws Exception {
    try (CannedApi api = new CannedApi()) {
      api.answer("GET", "/api/v1/hosts", Answer.json(200, "[{\"name\": \"h1\", \"state\": \"up\", \"nodes\": [1],"
          + " \"degraded\": null}, {\"name\": \"h2\", \"state\": \"up\", \"nodes\": [], \"maintenance\": true,"
          + " \"degraded\": \"cannot list domains: libvirt at qemu:///system did not answer within 10 s\"}]"));
      CliRunner.Result result = new CliRunner(api.base()).run("", "hosts");
      assertThat(result.code()).as(result.err()).isZero();
      assertThat(result.outLines().get(1)).startsWith("h1").contains(" up ").doesNotContain("degraded");
      assertThat(result.outLines().get(2)).startsWith("h2").contains("up,maintenance,degraded");
      assertThat(result.outLines().get(3)).isEqualTo("h2 is degraded: cannot list domains: libvirt at qemu:///system"
          + " did not answer within 10 s");
    }
  }

  @Test
  void aSuspectOrDownHostSaysHowLongItIsSilent() throws Exception {
    try (CannedApi api = new CannedApi()) {
      api.answer("GET", "/api/v1/hosts", Answer.json(200, "[{\"name\": \"h1\", \"state\": \"up\", \"nodes\": [],"
          + " \"lastHeardSecondsAgo\": null}, {\"name\": \"h2\", \"state\": \"suspect\", \"nodes\": [2],"
          + " \"lastHeardSecondsAgo\": 4}, {\"name\": \"h3\", \"state\": \"down\", \"nodes\": [3],"
          + " \"maintenance\": true, \"lastHeardSecondsAgo\": 754}, {\"name\": \"h4\", \"state\": \"left\","
          + " \"nodes\": []}]"));
      CliRunner.Result result = new CliRunner(api.base()).run("", "hosts");
      assertThat(result.code()).as(result.err()).isZero();
      assertThat(result.outLines().get(1)).startsWith("h1").contains(" up ").doesNotContain("silent");
      assertThat(result.outLines().get(2)).startsWith("h2").contains(" suspect (silent 4 s) ");
      assertThat(result.outLines().get(3)).startsWith("h3").contains(" down,maintenance (silent 12 min) ");
      assertThat(result.outLines().get(4)).startsWith("h4").contains(" left ").doesNotContain("silent");
    }
  }

  @Test
  void silencesReadInTheUnitThatSuitsThem() {
    assertThat(HostsCommand.silence(0)).isEqualTo("0 s");
    assertThat(HostsCommand.silence(119)).isEqualTo("119 s");
    assertThat(HostsCommand.silence(120)).isEqualTo("2 min");
    assertThat(HostsCommand.silence(3 * 3600 + 59)).isEqualTo("3 h");
  }
}
