package io.unum.orchestrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.unum.orchestrator.testing.CannedApi;
import io.unum.orchestrator.testing.CannedApi.Answer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code unum audit} against an API that answers as the audit contract says. */
class AuditCommandTest {
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

  private static String record(long id, String user, String role, String method, String path, int status) {
    return "{\"id\":" + id + ",\"timeMillis\":1700000000000,\"host\":\"unum-host-2\",\"user\":\"" + user + "\",\"role\":"
        + (role == null ? "null" : "\"" + role + "\"") + ",\"via\":\"token ci\",\"from\":\"10.0.0.7\",\"method\":\""
        + method + "\",\"path\":\"" + path + "\",\"operation\":null,\"status\":" + status + ",\"outcome\":\""
        + (status < 400 ? "ok" : status == 401 || status == 403 ? "refused" : "failed") + "\",\"job\":null}";
  }

  private static String page(long next, String... records) {
    return "{\"records\":[" + String.join(",", records) + "],\"next\":" + next + "}";
  }

  @Test
  void printsWhoDidWhatFromWhereAndHowItEndedNewestLast() {
    api.answer("GET", "/api/v1/audit", Answer.json(200, page(12,
        record(10, "alice", "operator", "POST", "/api/v1/nodes/4/start", 202),
        record(11, "anonymous", null, "POST", "/api/v1/cluster/down", 401))));
    CliRunner.Result result = cli.run("", "audit");

    assertThat(result.code()).as(result.err()).isZero();
    List<String> lines = result.outLines();
    assertThat(lines.get(0).split("\\s+")).containsExactly("TIME", "HOST", "USER", "ROLE", "FROM", "WHAT", "STATUS");
    assertThat(lines.get(1)).contains("unum-host-2").contains("alice").contains("operator").contains("10.0.0.7")
        .contains("POST /api/v1/nodes/4/start").endsWith("202");
    assertThat(lines.get(2)).contains("anonymous").contains("POST /api/v1/cluster/down").endsWith("401");
    assertThat(lines.get(2).substring(lines.get(0).indexOf("ROLE")).strip()).startsWith("-");
    assertThat(api.requests().get(0).query()).isEqualTo("limit=50");
  }

  @Test
  void filtersAreTheApisAndJsonIsTheAnswerItself() throws Exception {
    String answer = page(3, record(2, "alice", "admin", "DELETE", "/api/v1/nodes/2", 200));
    api.answer("GET", "/api/v1/audit", Answer.json(200, answer));
    CliRunner.Result result = cli.run("", "audit", "-n", "5", "--user", "alice", "--outcome", "ok", "-o", "json");

    assertThat(result.code()).as(result.err()).isZero();
    assertThat(JSON.readTree(result.out())).isEqualTo(JSON.readTree(answer));
    assertThat(api.requests().get(0).query()).isEqualTo("limit=5&user=alice&outcome=ok");
  }

  @Test
  void badUsageIsRefusedBeforeAnyRequestAndARefusalIsSaid() {
    assertThat(cli.run("", "audit", "--outcome", "maybe").code()).isEqualTo(2);
    assertThat(cli.run("", "audit", "-n", "0").code()).isEqualTo(2);
    assertThat(api.requests()).isEmpty();
    api.answer("GET", "/api/v1/audit", Answer.json(403, "{\"title\":\"Forbidden\",\"status\":403,"
        + "\"detail\":\"role operator may not listAudit; it needs admin or viewer\"}"));
    CliRunner.Result refused = cli.run("", "audit");
    assertThat(refused.code()).isEqualTo(1);
    assertThat(refused.err()).contains("it needs admin or viewer");
    api.answer("GET", "/api/v1/audit", Answer.json(200, page(0)));
    assertThat(cli.run("", "audit").out()).contains("no audit records");
  }

  @Test
  void followPrintsEachNewRecordOnceAskingFromWhereTheLastAnswerEnded() throws Exception {
    api.answerInTurn("GET", "/api/v1/audit",
        Answer.json(200, page(2, record(0, "alice", "admin", "POST", "/api/v1/nodes", 201),
            record(1, "alice", "admin", "POST", "/api/v1/nodes/1/start", 202))),
        Answer.json(200, page(3, record(2, "bob", "operator", "PATCH", "/api/v1/nodes/1", 200))),
        Answer.json(200, page(3)));
    CliRunner.Result result = cli.runUntil(out -> out.contains("PATCH /api/v1/nodes/1") && api.requests().size() >= 3,
        Duration.ofSeconds(20), "audit", "-f");

    assertThat(result.code()).as(result.err()).isZero();
    List<String> lines = result.outLines();
    assertThat(lines).filteredOn(l -> l.startsWith("TIME")).hasSize(1);
    assertThat(lines).filteredOn(l -> l.contains("POST /api/v1/nodes ")).hasSize(1);
    assertThat(lines).filteredOn(l -> l.contains("PATCH /api/v1/nodes/1")).hasSize(1);
    assertThat(lines.get(3).indexOf("PATCH")).as("rows of later answers line up with the first")
        .isEqualTo(lines.get(1).indexOf("POST"));
    assertThat(api.requests()).extracting(CannedApi.Request::query).startsWith("limit=50", "since=2&limit=1000",
        "since=3&limit=1000");
  }
}
