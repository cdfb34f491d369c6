package io.unum.orchestrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.unum.orchestrator.testing.CannedApi;
import io.unum.orchestrator.testing.CannedApi.Answer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the CLI says when the API refuses a call or does not answer: the words and exit codes scripts see. */
class ApiFailureMessagesTest {
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
  void aRefusalPrintsTheProblemsDetailAndExitsOne() {
    CliRunner.Result result = cli.run("", "node", "get", "9");

    assertThat(result.code()).isEqualTo(1);
    assertThat(result.err()).isEqualTo("unum: no GET /api/v1/nodes/9\n");
    assertThat(result.out()).isEmpty();
  }

  @Test
  void a401SaysWhereTheCliLooksForItsCredential() {
    api.answer("GET", "/api/v1/session",
        Answer.json(401, "{\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"no valid credential\"}"));
    CliRunner.Result result = cli.run("", "whoami");

    assertThat(result.code()).isEqualTo(1);
    assertThat(result.err()).isEqualTo("unum: no valid credential (the CLI shows $UNUM_TOKEN, the file $UNUM_TOKEN_FILE or"
        + " ~/.config/unum/token; root on a host uses /etc/unum/admin-token)\n");
  }

  @Test
  void anAnswerWithoutAProblemNamesItsStatus() {
    api.answer("GET", "/api/v1/balancer", Answer.json(502, "not json"));
    CliRunner.Result result = cli.run("", "balancer");

    assertThat(result.code()).isEqualTo(1);
    assertThat(result.err()).isEqualTo("unum: HTTP 502\n");
  }

  @Test
  void aPatchIsRefusedInTheSameWords() {
    // PATCH goes through the JDK's HttpClient; a refusal that is not JSON once read as "talking failed".
    api.answer("PATCH", "/api/v1/balancer", Answer.json(502, "not json"))
        .answer("PATCH", "/api/v1/nodes/1", Answer.json(422, "{\"status\":422,\"detail\":\"no such label\"}"));

    CliRunner.Result gateway = cli.run("", "balancer", "set", "--mode", "off");
    assertThat(gateway.code()).isEqualTo(1);
    assertThat(gateway.err()).isEqualTo("unum: HTTP 502\n");
    CliRunner.Result refused = cli.run("", "node", "update", "1", "--remove-label", "x");
    assertThat(refused.code()).isEqualTo(1);
    assertThat(refused.err()).isEqualTo("unum: no such label\n");
  }

  @Test
  void killReportsEachRefusalAndGoesOn() {
    api.answer("POST", "/api/v1/processes/131075/signal", Answer.json(200, "{}"))
        .answer("POST", "/api/v1/processes/131076/signal",
            Answer.json(403, "{\"status\":403,\"detail\":\"not permitted\"}"));
    CliRunner.Result result = cli.run("", "kill", "131076", "131075");

    assertThat(result.code()).isEqualTo(1);
    assertThat(result.err()).isEqualTo("unum: kill 131076: not permitted\n");
    assertThat(api.requestLines()).containsExactly("POST /api/v1/processes/131076/signal",
        "POST /api/v1/processes/131075/signal");
  }

  @Test
  void noOrchestratorSaysHowToStartOne() throws Exception {
    int port;
    try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = closed.getLocalPort();
    } // nothing listens there any more
    PrintStream err = System.err;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = UnumCli.run("--host", "127.0.0.1:" + port, "nodes");
    } finally {
      System.setErr(err);
    }

    assertThat(code).isEqualTo(1);
    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .isEqualTo("unum: no orchestrator answers at http://127.0.0.1:" + port + "; start one with './unum up'\n");
  }
}
