package io.unum.orchestrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.unum.orchestrator.testing.CannedApi;
import io.unum.orchestrator.testing.CannedApi.Answer;
import org.junit.jupiter.api.Test;

/** 'unum status' counts the suspect hosts apart and states the failure deadline. */
class StatusCommandTest {
  @Test
  void suspectHostsAndTheFailureDeadlineAreShown() throws Exception {
    try (CannedApi api = new CannedApi()) {
      api.answer("GET", "/api/v1/status", Answer.json(200, "{\"version\": \"0.1.0\", \"host\": {\"name\": \"h1\","
          + " \"cpus\": 2, \"memoryMiB\": 4096, \"accel\": \"tcg\", \"libvirtUri\": \"qemu:///system\","
          + " \"accelReason\": \"test\"}, \"cluster\": {\"name\": \"rack\", \"controlPlaneMembers\": 2, \"leader\": \"h1\","
          + " \"leaderEpoch\": 3, \"consistency\": \"strong\", \"hosts\": [{\"name\": \"h1\", \"state\": \"up\"},"
          + " {\"name\": \"h2\", \"state\": \"suspect\"}, {\"name\": \"h3\", \"state\": \"down\"}], \"nodes\": 0,"
          + " \"nodesByState\": {}, \"runLevel\": 3, \"previousRunLevel\": null, \"initNode\": null, \"initEpoch\": 0,"
          + " \"suspectAfterSeconds\": 3, \"failureDeadlineSeconds\": 30}}"));
      CliRunner.Result result = new CliRunner(api.base()).run("", "status");
      assertThat(result.code()).as(result.err()).isZero();
      assertThat(result.out()).contains("control plane 2 member(s), 1 of 3 host(s) up, 1 suspect; strong")
          .contains("host failure  suspect after 3 s unheard, down after 30 s (the failure deadline)");
    }
  }
}
