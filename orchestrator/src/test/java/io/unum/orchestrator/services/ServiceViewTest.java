package io.unum.orchestrator.services;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The state a service shows sums up its instances, and says what holds it back. */
class ServiceViewTest {
  private final ServiceSpec web = ServiceCatalog.EMPTY.with(ServiceCatalogTest.spec("web", List.of(3)), 1)
      .get("web").orElseThrow();

  private static ServiceInstance instance(String state, String message) {
    return new ServiceInstance("web", 2, state, 0, 3, 3, 1, message, List.of("boom"), 1);
  }

  @Test
  void statesInOrderOfWhatMatters() {
    ServiceAssignment at3 = new ServiceAssignment(Map.of("web", List.of(2)), 3, 1);
    assertThat(ServiceView.of(web, new ServiceAssignment(Map.of(), 1, 1), List.of()).state()).isEqualTo("inactive");
    assertThat(ServiceView.of(web, new ServiceAssignment(Map.of("web", List.of()), 3, 1), List.of()).message())
        .isEqualTo("no node is running");
    assertThat(ServiceView.of(web, at3, List.of()).state()).isEqualTo("starting");
    ServiceView failed = ServiceView.of(web, at3, List.of(instance("failed", "hit its restart limit")));
    assertThat(failed.state()).isEqualTo("failed");
    assertThat(failed.message()).isEqualTo("node 2: hit its restart limit");
    assertThat(ServiceView.of(web, at3, List.of(instance("backoff", null))).state()).isEqualTo("restarting");
    assertThat(ServiceView.of(web, at3, List.of(new ServiceInstance("web", 2, "running", 131080, 0, null, 1, null, null,
        1))).state()).isEqualTo("running");
  }
}
