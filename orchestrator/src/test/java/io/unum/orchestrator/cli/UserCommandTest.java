package io.unum.orchestrator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.unum.orchestrator.testing.CannedApi;
import io.unum.orchestrator.testing.CannedApi.Answer;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code unum user} against an API that answers as the access-control contract says. */
class UserCommandTest {
  private static final String PASSWORD = "correct horse battery";
  private static final ObjectMapper JSON = new ObjectMapper();

  private CannedApi api;
  private CliRunner cli;

  @BeforeEach
  void start() throws Exception {
    api = new CannedApi();
    cli = new CliRunner(api.base());
    api.answer("POST", "/api/v1/users", Answer.json(201,
        "{\"name\":\"alice\",\"role\":\"operator\",\"createdAt\":\"2026-11-05T08:00:00Z\",\"hasPassword\":true}"));
    api.answer("PUT", "/api/v1/users/alice/password", Answer.json(200,
        "{\"name\":\"alice\",\"role\":\"operator\",\"createdAt\":\"2026-11-05T08:00:00Z\",\"hasPassword\":true}"));
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void addWithPasswordStdinSendsItInTheBodyAndNeverPrintsIt() throws Exception {
    for (String output : new String[] {"table", "json", "yaml"}) {
      CliRunner.Result result = cli.run(PASSWORD + "\n", "user", "add", "alice", "--role", "operator",
          "--password-stdin", "-o", output);
      assertThat(result.code()).as(result.err()).isZero();
      assertThat(result.out() + result.err()).as(output).doesNotContain(PASSWORD).contains("alice");
    }
    CannedApi.Request request = api.requests().get(0);
    assertThat(request.header("Content-Type")).isEqualTo("application/json");
    assertThat(JSON.readValue(request.body(), Map.class))
        .isEqualTo(Map.of("name", "alice", "role", "operator", "password", PASSWORD));
  }

  @Test
  void aShortPasswordIsRefusedBeforeAnythingIsSent() {
    CliRunner.Result add = cli.run("elevenchars\n", "user", "add", "alice", "--role", "viewer", "--password-stdin");
    assertThat(add.code()).isEqualTo(2);
    assertThat(add.err()).contains("at least 12 characters").doesNotContain("elevenchars");
    CliRunner.Result passwd = cli.run("short\r\n", "user", "passwd", "alice", "--password-stdin");
    assertThat(passwd.code()).isEqualTo(2);
    assertThat(passwd.err()).contains("at least 12 characters");
    CliRunner.Result empty = cli.run("", "user", "passwd", "alice", "--password-stdin");
    assertThat(empty.code()).isEqualTo(2);
    assertThat(empty.err()).contains("--password-stdin");
    assertThat(api.requests()).isEmpty();
  }

  @Test
  void addWithoutAPasswordOffTheTerminalMakesATokenOnlyUserAndSaysSo() throws Exception {
    assumeThat(System.console()).as("stdin is not a terminal under the test runner").isNull();
    api.answer("POST", "/api/v1/users", Answer.json(201,
        "{\"name\":\"ci-bot\",\"role\":\"viewer\",\"createdAt\":\"2026-11-05T08:00:00Z\",\"hasPassword\":false}"));
    CliRunner.Result result = cli.run("", "user", "add", "ci-bot", "--role", "viewer");

    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.out()).contains("ci-bot").contains("tokens only");
    assertThat(JSON.readValue(api.requests().get(0).body(), Map.class))
        .isEqualTo(Map.of("name", "ci-bot", "role", "viewer"));

    CliRunner.Result json = cli.run("", "user", "add", "ci-bot", "--role", "viewer", "-o", "json");
    assertThat(JSON.readTree(json.out()).path("hasPassword").asBoolean(true)).isFalse();
    assertThat(json.err()).as("the note stays off stdout's data").contains("tokens only");
  }

  @Test
  void addNeedsAKnownRole() {
    assertThat(cli.run("", "user", "add", "alice").err()).contains("--role");
    CliRunner.Result result = cli.run("", "user", "add", "alice", "--role", "root");
    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).contains("admin, operator, viewer");
    assertThat(api.requests()).isEmpty();
  }

  @Test
  void passwdSendsThePasswordFromStdinAndWithoutOneOffTheTerminalRefuses() throws Exception {
    CliRunner.Result result = cli.run(PASSWORD + "\n", "user", "passwd", "alice", "--password-stdin");
    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.out()).contains("alice").doesNotContain(PASSWORD);
    assertThat(api.requestLines()).containsExactly("PUT /api/v1/users/alice/password");
    assertThat(JSON.readValue(api.requests().get(0).body(), Map.class)).isEqualTo(Map.of("password", PASSWORD));

    assumeThat(System.console()).isNull();
    CliRunner.Result none = cli.run(PASSWORD + "\n", "user", "passwd", "alice");
    assertThat(none.code()).isEqualTo(2);
    assertThat(none.err()).contains("--password-stdin");
    assertThat(api.requests()).hasSize(1);
  }

  @Test
  void removeSaysHowManyTokensWent() {
    api.answer("DELETE", "/api/v1/users/alice", Answer.json(200, "{\"removed\":\"alice\",\"tokensRevoked\":2}"));
    CliRunner.Result result = cli.run("", "user", "remove", "alice");
    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.out()).isEqualTo("removed user alice (2 token(s) revoked)" + System.lineSeparator());
  }

  @Test
  void listPrintsATable() throws Exception {
    String users = "[{\"name\":\"root\",\"role\":\"admin\",\"createdAt\":\"2026-11-01T00:00:00Z\",\"hasPassword\":true},"
        + "{\"name\":\"ci-bot\",\"role\":\"viewer\",\"createdAt\":\"2026-11-05T08:00:00Z\",\"hasPassword\":false}]";
    api.answer("GET", "/api/v1/users", Answer.json(200, users));
    CliRunner.Result result = cli.run("", "user", "list");
    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.outLines().get(0).split("\\s+")).containsExactly("NAME", "ROLE", "PASSWORD", "CREATED");
    assertThat(result.outLines().get(1).split("\\s+")).containsExactly("root", "admin", "yes", "2026-11-01T00:00:00Z");
    assertThat(result.outLines().get(2)).contains("ci-bot").contains("no (tokens only)");
    assertThat(JSON.readTree(cli.run("", "user", "list", "-o", "json").out())).isEqualTo(JSON.readTree(users));
  }
}
