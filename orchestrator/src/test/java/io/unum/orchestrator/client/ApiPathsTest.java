package io.unum.orchestrator.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiPathsTest {
  @Test
  void pathsAreUnderTheVersionPrefix() {
    assertThat(ApiPaths.NODES).isEqualTo("/api/v1/nodes");
    assertThat(ApiPaths.node(4)).isEqualTo("/api/v1/nodes/4");
    assertThat(ApiPaths.nodeAction(4, "migrate")).isEqualTo("/api/v1/nodes/4/migrate");
    assertThat(ApiPaths.nodeConsole(4, 40)).isEqualTo("/api/v1/nodes/4/console?lines=40");
    assertThat(ApiPaths.processSignal(131075)).isEqualTo("/api/v1/processes/131075/signal");
    assertThat(ApiPaths.RUN_LEVEL).isEqualTo("/api/v1/cluster/runlevel");
    assertThat(ApiPaths.METRICS).isEqualTo("/metrics");
  }

  @Test
  void segmentsAreEncodedSoANameCannotChangeTheResource() {
    assertThat(ApiPaths.host("unum-host-1")).isEqualTo("/api/v1/hosts/unum-host-1");
    assertThat(ApiPaths.service("a b/../c?d=1#e")).isEqualTo("/api/v1/services/a%20b%2F..%2Fc%3Fd%3D1%23e");
    assertThat(ApiPaths.userPassword("ann/x")).isEqualTo("/api/v1/users/ann%2Fx/password");
    assertThat(ApiPaths.jobCancel("j 1")).isEqualTo("/api/v1/jobs/j%201/cancel");
    assertThat(ApiPaths.token("t+1")).isEqualTo("/api/v1/tokens/t%2B1");
    assertThat(ApiPaths.serviceLogs("é")).isEqualTo("/api/v1/services/%C3%A9/logs");
  }

  @Test
  void queriesLeaveOutWhatIsNotGivenAndEncodeValues() {
    assertThat(ApiPaths.query("state", null, "host", null)).isEmpty();
    assertThat(ApiPaths.query("node", 3, "state", null, "label", "app=web,tier in (a)"))
        .isEqualTo("?node=3&label=app%3Dweb%2Ctier+in+%28a%29");
    assertThat(ApiPaths.query("types", "node,job.failed")).isEqualTo("?types=node%2Cjob.failed");
  }
}
