package io.unum.orchestrator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code unum user} against an API that answers as the access-control contract says. */
class UserCommandTest {
  private static final String PASSWORD = "correct horse battery";
  private static final ObjectMapper JSON = new ObjectMapper();

  private FakeApi api;

  @BeforeEach
  void start() throws Exception {
    api = new FakeApi();
    api.answer("POST", "/api/v1/users", 201,
        "{\"name\":\"alice\",\"role\":\"operator\",\"createdAt\":\"2026-11-05T08:00:00Z\",\"hasPassword\":true}");
    api.answer("PUT", "/api/v1/users/alice/password", 200,
        "{\"name\":\"alice\",\"role\":\"operator\",\"createdAt\":\"2026-11-05T08:00:00Z\",\"hasPassword\":true}");
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void addWithPasswordStdinSendsItInTheBodyAndNeverPrintsIt() throws Exception {
    for (String output : new String[] {"table", "json", "yaml"}) {
      FakeApi.Result result = api.run(PASSWORD + "\n", "user", "add", "alice", "--role", "operator",
          "--password-stdin", "-o", output);
      assertThat(result.code()).as(result.err()).isZero();
      assertThat(result.out() + result.err()).as(output).doesNotContain(PASSWORD).contains("alice");
    }
    FakeApi.Request request = api.requests().get(0);
    assertThat(request.contentType()).isEqualTo("application/json");
    assertThat(JSON.readValue(request.body(), Map.class))
        .isEqualTo(Map.of("name", "alice", "role", "operator", "password", PASSWORD));
  }

  @Test
  void aShortPasswordIsRefusedBeforeAnythingIsSent() {
    FakeApi.Result add = api.run("elevenchars\n", "user", "add", "alice", "--role", "viewer", "--password-stdin");
    assertThat(add.code()).isEqualTo(2);
    assertThat(add.err()).contains("at least 12 characters").doesNotContain("elevenchars");
    FakeApi.Result passwd = api.run("short\r\n", "user", "passwd", "alice", "--password-stdin");
    assertThat(passwd.code()).isEqualTo(2);
    assertThat(passwd.err()).contains("at least 12 characters");
    FakeApi.Result empty = api.run("", "user", "passwd", "alice", "--password-stdin");
    assertThat(empty.code()).isEqualTo(2);
    assertThat(empty.err()).contains("--password-stdin");
    assertThat(api.requests()).isEmpty();
  }

  @Test
  void addWithoutAPasswordOffTheTerminalMakesATokenOnlyUserAndSaysSo() throws Exception {
    assumeThat(System.console()).as("stdin is not a terminal under the test runner").isNull();
    api.answer("POST", "/api/v1/users", 201,
        "{\"name\":\"ci-bot\",\"role\":\"viewer\",\"createdAt\":\"2026-11-05T08:00:00Z\",\"hasPassword\":false}");
    FakeApi.Result result = api.run("", "user", "add", "ci-bot", "--role", "viewer");

    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.out()).contains("ci-bot").contains("tokens only");
    assertThat(JSON.readValue(api.requests().get(0).body(), Map.class))
        .isEqualTo(Map.of("name", "ci-bot", "role", "viewer"));

    FakeApi.Result json = api.run("", "user", "add", "ci-bot", "--role", "viewer", "-o", "json");
    assertThat(JSON.readTree(json.out()).path("hasPassword").asBoolean(true)).isFalse();
    assertThat(json.err()).as("the note stays off stdout's data").contains("tokens only");
  }

  @Test
  void addNeedsAKnownRole() {
    assertThat(api.run("", "user", "add", "alice").err()).contains("--role");
    FakeApi.Result result = api.run("", "user", "add", "alice", "--role", "root");
    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).contains("admin, operator, viewer");
    assertThat(api.requests()).isEmpty();
  }

  @Test
  void passwdSendsThePasswordFromStdinAndWithoutOneOffTheTerminalRefuses() throws Exception {
    FakeApi.Result result = api.run(PASSWORD + "\n", "user", "passwd", "alice", "--password-stdin");
    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.out()).contains("alice").doesNotContain(PASSWORD);
    assertThat(api.requestLines()).containsExactly("PUT /api/v1/users/alice/password");
    assertThat(JSON.readValue(api.requests().get(0).body(), Map.class)).isEqualTo(Map.of("password", PASSWORD));

    assumeThat(System.console()).isNull();
    FakeApi.Result none = api.run(PASSWORD + "\n", "user", "passwd", "alice");
    assertThat(none.code()).isEqualTo(2);
    assertThat(none.err()).contains("--password-stdin");
    assertThat(api.requests()).hasSize(1);
  }

  @Test
  void removeSaysHowManyTokensWent() {
    api.answer("DELETE", "/api/v1/users/alice", 200, "{\"removed\":\"alice\",\"tokensRevoked\":2}");
    FakeApi.Result result = api.run("", "user", "remove", "alice");
    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.out()).isEqualTo("removed user alice (2 token(s) revoked)" + System.lineSeparator());
  }

  @Test
  void listPrintsATable() throws Exception {
    String users = "[{\"name\":\"root\",\"role\":\"admin\",\"createdAt\":\"2026-11-01T00:00:00Z\",\"hasPassword\":true},"
        + "{\"name\":\"ci-bot\",\"role\":\"viewer\",\"createdAt\":\"2026-11-05T08:00:00Z\",\"hasPassword\":false}]";
    api.answer("GET", "/api/v1/users", 200, users);
    FakeApi.Result result = api.run("", "user", "list");
    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.outLines().get(0).split("\\s+")).containsExactly("NAME", "ROLE", "PASSWORD", "CREATED");
    assertThat(result.outLines().get(1).split("\\s+")).containsExactly("root", "admin", "yes", "2026-11-01T00:00:00Z");
    assertThat(result.outLines().get(2)).contains("ci-bot").contains("no (tokens only)");
    assertThat(JSON.readTree(api.run("", "user", "list", "-o", "json").out())).isEqualTo(JSON.readTree(users));
  }
}
