package io.unum.orchestrator.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unum.orchestrator.testing.CannedApi;
import io.unum.orchestrator.testing.CannedApi.Answer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each typed operation sends the request the API documents. */
class UnumClientTest {
  private CannedApi api;
  private UnumClient client;

  @BeforeEach
  void start() throws IOException {
    api = new CannedApi();
    client = new UnumClient(api.base(), () -> Optional.of("admin"));
  }

  @AfterEach
  void stop() {
    api.close();
  }

  /** What the last request was: method, raw target, body. */
  private String sent() {
    CannedApi.Request last = api.last();
    return last.method() + " " + last.target() + (last.body().isEmpty() ? "" : " " + last.body());
  }

  @Test
  void nodeOperations() {
    api.answer("GET", "/api/v1/nodes?state=running&label=app%3Dweb", Answer.json(200, "[]"))
        .answer("GET", "/api/v1/nodes/3", Answer.json(200, "{\"node\":3}"))
        .answer("POST", "/api/v1/nodes", Answer.json(201, "{\"node\":5}"))
        .answer("PATCH", "/api/v1/nodes/3", Answer.json(200, "{}"))
        .answer("POST", "/api/v1/nodes/3/start", Answer.json(202, "{\"id\":\"j1\"}"))
        .answer("POST", "/api/v1/nodes/3/migrate", Answer.json(202, "{\"id\":\"j2\"}"))
        .answer("GET", "/api/v1/nodes/3/console?lines=40", Answer.json(200, "{\"lines\":[]}"));

    client.nodes().list("running", null, "app=web");
    assertThat(client.nodes().get(3).path("node").asInt()).isEqualTo(3);
    assertThat(client.nodes().find(3)).isPresent();
    assertThat(client.nodes().find(9)).isEmpty();
    assertThatThrownBy(() -> client.nodes().get(9))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(404));

    client.nodes().create(NewNode.defaults().numbered(5).stopped().labelled(Map.of("unum-bench", "api")));
    assertThat(sent()).isEqualTo("POST /api/v1/nodes {\"node\":5,\"labels\":{\"unum-bench\":\"api\"},\"start\":false}");
    client.nodes().create(NewNode.defaults());
    assertThat(sent()).isEqualTo("POST /api/v1/nodes {\"start\":true}");

    client.nodes().update(3, null, 256, java.util.Collections.singletonMap("old", null));
    assertThat(sent()).isEqualTo("PATCH /api/v1/nodes/3 {\"memoryMiB\":256,\"labels\":{\"old\":null}}");

    assertThat(client.nodes().start(3, "key-7").path("id").asText()).isEqualTo("j1");
    assertThat(sent()).isEqualTo("POST /api/v1/nodes/3/start");
    assertThat(api.last().header("Idempotency-Key")).isEqualTo("key-7");
    client.nodes().start(3, null);
    assertThat(api.last().header("Idempotency-Key")).isNull();

    client.nodes().migrate(3, "unum-host-2", null, 100L, null, null);
    assertThat(sent()).isEqualTo("POST /api/v1/nodes/3/migrate {\"to\":\"unum-host-2\",\"bandwidthMiBps\":100}");
    client.nodes().migrate(3, null, null, null, null, null);
    assertThat(sent()).isEqualTo("POST /api/v1/nodes/3/migrate {}");

    client.nodes().console(3, 40);
    assertThat(api.requests()).allSatisfy(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer admin"));
  }

  @Test
  void clusterOperations() throws IOException {
    api.answer("PUT", "/api/v1/cluster/runlevel", Answer.json(202, "{\"id\":\"j1\",\"level\":1}"))
        .answer("POST", "/api/v1/cluster/boot", Answer.json(202, "{\"id\":\"j2\"}"))
        .answer("POST", "/api/v1/cluster/up", Answer.json(200, "{}"))
        .answer("POST", "/api/v1/cluster/down", Answer.json(200, "{}"))
        .answer("GET", "/api/v1/audit?since=7&limit=1000&outcome=refused", Answer.json(200, "{\"records\":[]}"))
        .answer("GET", "/api/v1/events?types=node%2Cjob", Answer.json(200, "id: 8\ndata: {}\n\n"));

    client.setRunLevel(1, "k");
    assertThat(sent()).isEqualTo("PUT /api/v1/cluster/runlevel {\"level\":1}");
    assertThat(api.last().header("Idempotency-Key")).isEqualTo("k");
    client.boot(null);
    assertThat(sent()).isEqualTo("POST /api/v1/cluster/boot");
    client.up(3);
    assertThat(sent()).isEqualTo("POST /api/v1/cluster/up {\"nodes\":3}");
    client.down();
    assertThat(sent()).isEqualTo("POST /api/v1/cluster/down {}");
    client.audit(7L, 1000, null, "refused");

    try (LineStream events = client.events("node,job", 7L)) {
      assertThat(events.readLine()).isEqualTo("id: 8");
    }
    assertThat(api.last().header("Accept")).isEqualTo("text/event-stream");
    assertThat(api.last().header("Last-Event-ID")).isEqualTo("7");
  }

  @Test
  void processServiceAndAccessOperations() {
    api.answer("POST", "/api/v1/processes/131075/signal", Answer.json(200, "{}"))
        .answer("POST", "/api/v1/processes", Answer.json(200, "{\"event\":\"exit\",\"code\":0}\n"))
        .answer("GET", "/api/v1/processes?node=2&kernel=true", Answer.json(200, "[]"))
        .answer("GET", "/api/v1/services/web/logs?tail=5&follow=true", Answer.json(200, "{\"line\":\"a\"}\n"))
        .answer("PUT", "/api/v1/hosts/unum%20host/maintenance", Answer.json(200, "{}"))
        .answer("POST", "/api/v1/users", Answer.json(201, "{}"))
        .answer("POST", "/api/v1/tokens", Answer.json(201, "{}"));

    client.processes().signal(131075, 15, null);
    assertThat(sent()).isEqualTo("POST /api/v1/processes/131075/signal {\"signal\":15}");
    client.processes().signal(131075, 9, new ProcessesClient.Sender(1000, 1000, false));
    assertThat(sent()).isEqualTo(
        "POST /api/v1/processes/131075/signal {\"signal\":9,\"uid\":1000,\"euid\":1000,\"capKill\":false}");

    List<String> events = new ArrayList<>();
    client.processes().run(2, List.of("true"), events::add);
    assertThat(sent()).isEqualTo("POST /api/v1/processes {\"argv\":[\"true\"],\"node\":2}");
    assertThat(events).containsExactly("{\"event\":\"exit\",\"code\":0}");
    client.processes().list(2, true);

    List<String> lines = new ArrayList<>();
    client.services().logs("web", 5, true, null, lines::add);
    assertThat(lines).containsExactly("{\"line\":\"a\"}");
    assertThat(api.last().header("Accept")).isEqualTo("application/x-ndjson");

    client.hosts().maintenance("unum host", true, null);
    assertThat(sent()).isEqualTo("PUT /api/v1/hosts/unum%20host/maintenance {\"enabled\":true}");

    client.access().addUser("ann", "viewer", null);
    assertThat(sent()).isEqualTo("POST /api/v1/users {\"name\":\"ann\",\"role\":\"viewer\"}");
    client.access().createToken("ci", null, "30d", null);
    assertThat(sent()).isEqualTo("POST /api/v1/tokens {\"name\":\"ci\",\"expiresIn\":\"30d\"}");
  }

  @Test
  void jobsAreFoundOrNot() {
    api.answer("GET", "/api/v1/jobs/j1", Answer.json(200, "{\"id\":\"j1\",\"state\":\"running\"}"))
        .answer("POST", "/api/v1/jobs/j1/cancel", Answer.problem(409, "job j1 ended"));

    assertThat(client.jobs().find("j1")).map(job -> job.path("state").asText()).contains("running");
    assertThat(client.jobs().find("j2")).isEmpty();
    assertThatThrownBy(() -> client.jobs().cancel("j1")).isInstanceOfSatisfying(ApiException.class, e -> {
      assertThat(e.status()).isEqualTo(409);
      assertThat(e.detail()).isEqualTo("job j1 ended");
    });
  }
}
