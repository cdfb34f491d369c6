package io.unum.orchestrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.unum.orchestrator.testing.CannedApi;
import io.unum.orchestrator.testing.CannedApi.Answer;
import org.junit.jupiter.api.Test;

class EventsCommandTest {
  /**
   * A stream that ends is a lost connection and is followed again; a refusal after it (here the
   * token was revoked meanwhile) is not retried for ever: the command says why and stops.
   */
  @Test
  void aRefusalAfterTheStreamEndedStopsTheCommandInsteadOfReconnectingForEver() throws Exception {
    try (CannedApi api = new CannedApi()) {
      api.answerOnce("GET", "/api/v1/events", Answer.json(200,
          "id: 5\ndata: {\"id\":5,\"type\":\"node.started\",\"subject\":\"node/1\",\"timeMillis\":0,\"data\":{}}\n\n"));
      api.answer("GET", "/api/v1/events", Answer.json(401,
          "{\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"the token was revoked\"}"));

      CliRunner.Result result = new CliRunner(api.base()).run("", "events");

      assertThat(result.code()).as("%s", result).isEqualTo(1);
      assertThat(result.out()).contains("node.started");
      assertThat(result.err()).contains("the token was revoked").doesNotContain("reconnecting");
      assertThat(api.requestLines()).containsExactly("GET /api/v1/events", "GET /api/v1/events");
    }
  }

  @Test
  void aHostStateMoveReadsFromTo() throws Exception {
    ObjectMapper json = new ObjectMapper();
    assertThat(EventsCommand.summary("host.suspect", json.readTree("{\"host\": \"h2\", \"from\": \"up\","
        + " \"to\": \"suspect\"}"))).isEqualTo("up -> suspect");
    assertThat(EventsCommand.summary("host.up", json.readTree("{\"host\": \"h2\", \"from\": null,"
        + " \"to\": \"up\"}"))).isEqualTo("(new) -> up");
  }
}
