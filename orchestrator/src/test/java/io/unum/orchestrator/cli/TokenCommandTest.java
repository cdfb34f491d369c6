package io.unum.orchestrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.unum.orchestrator.testing.CannedApi;
import io.unum.orchestrator.testing.CannedApi.Answer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code unum token} against an API that answers as the access-control contract says. */
class TokenCommandTest {
  private static final String SECRET = "unum_3f2a9c01b7de_" + "Q".repeat(43);
  private static final String CREATED = "{\"id\":\"3f2a9c01b7de\",\"name\":\"ci\",\"user\":\"root\",\"role\":\"viewer\","
      + "\"createdAt\":\"2026-11-05T08:00:00.123456Z\",\"expiresAt\":\"2026-12-05T08:00:00Z\",\"token\":\"" + SECRET + "\"}";
  private static final ObjectMapper JSON = new ObjectMapper();

  private CannedApi api;
  private CliRunner cli;

  @BeforeEach
  void start() throws Exception {
    api = new CannedApi();
    cli = new CliRunner(api.base());
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void createPrintsASummaryThenTheSecretAloneOnTheLastLine() throws Exception {
    api.answer("POST", "/api/v1/tokens", Answer.json(201, CREATED));
    CliRunner.Result result = cli.run("", "token", "create", "ci", "--role", "viewer", "--expires", "30d");

    assertThat(result.code()).as(result.err()).isZero();
    List<String> lines = result.outLines();
    assertThat(lines.get(lines.size() - 1)).as("'| tail -1' gives the token").isEqualTo(SECRET);
    assertThat(String.join("\n", lines.subList(0, lines.size() - 1))).doesNotContain(SECRET)
        .contains("ci").contains("3f2a9c01b7de").contains("root").contains("viewer").contains("2026-12-05T08:00:00Z");
    assertThat(result.err()).contains("only").doesNotContain(SECRET);
    CannedApi.Request request = api.requests().get(0);
    assertThat(request.header("Content-Type")).isEqualTo("application/json");
    assertThat(JSON.readValue(request.body(), Map.class))
        .isEqualTo(Map.of("name", "ci", "role", "viewer", "expiresIn", "30d"));
  }

  @Test
  void createSendsOnlyWhatIsGivenAndSaysANeverExpiringTokenIsSo() throws Exception {
    api.answer("POST", "/api/v1/tokens", Answer.json(201, CREATED.replace("\"2026-12-05T08:00:00Z\"", "null")
        .replace("\"user\":\"root\"", "\"user\":\"alice\"")));
    CliRunner.Result result = cli.run("", "token", "create", "ci", "--user", "alice");

    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.outLines().get(0)).contains("alice").contains("never");
    assertThat(JSON.readValue(api.requests().get(0).body(), Map.class)).isEqualTo(Map.of("name", "ci", "user", "alice"));
  }

  @Test
  void createWithJsonOutputPrintsTheWholeAnswer() throws Exception {
    api.answer("POST", "/api/v1/tokens", Answer.json(201, CREATED));
    CliRunner.Result result = cli.run("", "token", "create", "ci", "-o", "json");

    assertThat(result.code()).as(result.err()).isZero();
    assertThat(JSON.readTree(result.out())).as("stdout is the answer, and only it").isEqualTo(JSON.readTree(CREATED));
  }

  @Test
  void aBadExpiryIsBadUsageNamingTheFlagAndSendsNothing() {
    for (String expires : new String[] {"0d", "30", "30s", "-1d", "d", "1.5d", "30D", "030d", " 30d"}) {
      CliRunner.Result result = cli.run("", "token", "create", "ci", "--expires", expires);
      assertThat(result.code()).as(expires).isEqualTo(2);
      assertThat(result.err()).as(expires).contains("--expires").contains("'" + expires + "'");
    }
    assertThat(api.requests()).isEmpty();
    assertThat(TokenCommand.validExpiry("1m")).isTrue();
    assertThat(TokenCommand.validExpiry("12h")).isTrue();
    assertThat(TokenCommand.validExpiry("365d")).isTrue();
  }

  @Test
  void anUnknownRoleIsBadUsageListingTheRoles() {
    CliRunner.Result result = cli.run("", "token", "create", "ci", "--role", "root");
    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).contains("--role").contains("admin, operator, viewer");
    assertThat(api.requests()).isEmpty();
  }

  @Test
  void listPrintsATableWithNeverForNoExpiry() {
    api.answer("GET", "/api/v1/tokens", Answer.json(200, "[{\"id\":\"3f2a9c01b7de\",\"name\":\"ci\",\"user\":\"root\","
        + "\"role\":\"viewer\",\"createdAt\":\"2026-11-05T08:00:00.5Z\",\"expiresAt\":null},"
        + "{\"id\":\"77aa00bb11cc\",\"name\":\"deploy\",\"user\":\"alice\",\"role\":\"operator\","
        + "\"createdAt\":\"2026-11-06T09:30:00Z\",\"expiresAt\":\"2026-12-06T09:30:00Z\"}]"));
    CliRunner.Result result = cli.run("", "token", "list");

    assertThat(result.code()).as(result.err()).isZero();
    List<String> lines = result.outLines();
    assertThat(lines.get(0).split("\\s+")).containsExactly("ID", "NAME", "USER", "ROLE", "CREATED", "EXPIRES");
    assertThat(lines.get(1).split("\\s+"))
        .containsExactly("3f2a9c01b7de", "ci", "root", "viewer", "2026-11-05T08:00:00Z", "never");
    assertThat(lines.get(2).split("\\s+"))
        .containsExactly("77aa00bb11cc", "deploy", "alice", "operator", "2026-11-06T09:30:00Z", "2026-12-06T09:30:00Z");
  }

  @Test
  void listHonoursOutputFormats() throws Exception {
    String tokens = "[{\"id\":\"3f2a9c01b7de\",\"name\":\"ci\",\"user\":\"root\",\"role\":\"viewer\","
        + "\"createdAt\":\"2026-11-05T08:00:00Z\",\"expiresAt\":null}]";
    api.answer("GET", "/api/v1/tokens", Answer.json(200, tokens));
    assertThat(JSON.readTree(cli.run("", "token", "list", "-o", "json").out())).isEqualTo(JSON.readTree(tokens));
    assertThat(cli.run("", "token", "list", "-o", "yaml").out()).contains("name: ci").contains("expiresAt: null");
    api.answer("GET", "/api/v1/tokens", Answer.json(200, "[]"));
    assertThat(cli.run("", "token", "list").out()).isEqualTo("no tokens" + System.lineSeparator());
  }

  @Test
  void revokeByNameResolvesItsId() {
    api.answer("GET", "/api/v1/tokens", Answer.json(200, "[{\"id\":\"3f2a9c01b7de\",\"name\":\"ci\",\"user\":\"alice\","
        + "\"role\":\"viewer\",\"createdAt\":\"2026-11-05T08:00:00Z\",\"expiresAt\":null},"
        + "{\"id\":\"77aa00bb11cc\",\"name\":\"deploy\",\"user\":\"root\",\"role\":\"operator\","
        + "\"createdAt\":\"2026-11-06T09:30:00Z\",\"expiresAt\":null}]"));
    api.answer("DELETE", "/api/v1/tokens/3f2a9c01b7de", Answer.json(200, "{\"revoked\":\"3f2a9c01b7de\"}"));
    CliRunner.Result result = cli.run("", "token", "revoke", "ci");

    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.out()).isEqualTo("revoked token ci (3f2a9c01b7de)" + System.lineSeparator());
    assertThat(api.requestLines()).containsExactly("GET /api/v1/tokens", "DELETE /api/v1/tokens/3f2a9c01b7de");
  }

  @Test
  void revokeByIdNeedsNoName() {
    api.answer("GET", "/api/v1/tokens", Answer.json(200, "[{\"id\":\"77aa00bb11cc\",\"name\":\"deploy\","
        + "\"user\":\"root\",\"role\":\"operator\",\"createdAt\":\"2026-11-06T09:30:00Z\",\"expiresAt\":null}]"));
    api.answer("DELETE", "/api/v1/tokens/77aa00bb11cc", Answer.json(200, "{\"revoked\":\"77aa00bb11cc\"}"));
    CliRunner.Result result = cli.run("", "token", "revoke", "77aa00bb11cc");

    assertThat(result.out()).isEqualTo("revoked token deploy (77aa00bb11cc)" + System.lineSeparator());
    assertThat(api.requestLines()).containsExactly("GET /api/v1/tokens", "DELETE /api/v1/tokens/77aa00bb11cc");
  }

  @Test
  void revokeByANameSeveralUsersHaveTakesTheCallersOwnElseRefusesListingTheIds() {
    api.answer("GET", "/api/v1/tokens", Answer.json(200, "["
        + "{\"id\":\"aaaaaaaaaaaa\",\"name\":\"ci\",\"user\":\"alice\",\"role\":\"viewer\",\"createdAt\":\"2026-11-05T08:00:00Z\",\"expiresAt\":null},"
        + "{\"id\":\"bbbbbbbbbbbb\",\"name\":\"ci\",\"user\":\"bob\",\"role\":\"viewer\",\"createdAt\":\"2026-11-05T08:00:00Z\",\"expiresAt\":null},"
        + "{\"id\":\"cccccccccccc\",\"name\":\"ci\",\"user\":\"root\",\"role\":\"admin\",\"createdAt\":\"2026-11-05T08:00:00Z\",\"expiresAt\":null}]"));
    api.answer("DELETE", "/api/v1/tokens/cccccccccccc", Answer.json(200, "{\"revoked\":\"cccccccccccc\"}"));
    api.answer("GET", "/api/v1/session",
        Answer.json(200, "{\"user\":\"root\",\"role\":\"admin\",\"via\":\"token admin\",\"expiresAt\":null}"));
    CliRunner.Result own = cli.run("", "token", "revoke", "ci");
    assertThat(own.code()).as(own.err()).isZero();
    assertThat(own.out()).contains("revoked token ci (cccccccccccc)");
    assertThat(api.requestLines()).containsExactly("GET /api/v1/tokens", "GET /api/v1/session",
        "DELETE /api/v1/tokens/cccccccccccc");

    api.answer("GET", "/api/v1/session",
        Answer.json(200, "{\"user\":\"carol\",\"role\":\"admin\",\"via\":\"token c\",\"expiresAt\":null}"));
    CliRunner.Result ambiguous = cli.run("", "token", "revoke", "ci");
    assertThat(ambiguous.code()).isEqualTo(1);
    assertThat(ambiguous.err()).contains("aaaaaaaaaaaa (alice)").contains("bbbbbbbbbbbb (bob)")
        .contains("cccccccccccc (root)").contains("unum token revoke ID");
    assertThat(api.requestLines()).as("nothing revoked").containsOnlyOnce("DELETE /api/v1/tokens/cccccccccccc")
        .noneMatch(line -> line.startsWith("DELETE /api/v1/tokens/a") || line.startsWith("DELETE /api/v1/tokens/b"));
  }

  @Test
  void revokingAnUnknownTokenSaysWhereToLook() {
    api.answer("GET", "/api/v1/tokens", Answer.json(200, "[]"));
    CliRunner.Result result = cli.run("", "token", "revoke", "nope");
    assertThat(result.code()).isEqualTo(1);
    assertThat(result.err()).contains("'nope'").contains("unum token list");
    assertThat(api.requestLines()).containsExactly("GET /api/v1/tokens");
  }

  @Test
  void aRefusalOfTheApiIsShownAsItsDetail() {
    api.answer("POST", "/api/v1/tokens", Answer.json(403, "{\"title\":\"Forbidden\",\"status\":403,"
        + "\"detail\":\"role operator is wider than yours (viewer)\"}"));
    CliRunner.Result result = cli.run("", "token", "create", "ci", "--role", "operator");
    assertThat(result.code()).isEqualTo(1);
    assertThat(result.err()).contains("wider than yours");
    assertThat(result.out()).isEmpty();
  }
}
