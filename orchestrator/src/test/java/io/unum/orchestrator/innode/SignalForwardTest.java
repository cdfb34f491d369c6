package io.unum.orchestrator.innode;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.unum.agent.protocol.ErrorCode;
import io.unum.agent.protocol.Message;
import io.unum.agent.protocol.Messages;
import io.unum.orchestrator.client.ApiException;
import io.unum.orchestrator.client.ApiUnreachableException;
import io.unum.orchestrator.client.ProcessesClient;
import io.unum.orchestrator.client.UnumClient;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A kill of another host's process goes to that host's API with this host's credential; its
 * answer becomes the agent's reply.
 */
class SignalForwardTest {
  private static final Messages.Sender USER = new Messages.Sender(1000, 1000, false);

  private HttpServer server;
  private final Map<Long, String> answers = new ConcurrentHashMap<>();
  private final List<String> received = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      try (exchange) {
        received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
            + exchange.getRequestHeaders().getFirst("Authorization") + " "
            + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        long pid = Long.parseLong(exchange.getRequestURI().getPath().split("/")[4]);
        String[] answer = answers.getOrDefault(pid, "500|{}").split("\\|", 2);
        byte[] body = answer[1].getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(Integer.parseInt(answer[0]), body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private UnumClient host() {
    return new UnumClient("http://127.0.0.1:" + server.getAddress().getPort(), () -> Optional.of("host-secret"));
  }

  /** What the agent is told when a host at {@code client} is asked to deliver a TERM to {@code pid}. */
  private static Message forward(UnumClient client, long pid) {
    try {
      client.processes().signal(pid, 15, new ProcessesClient.Sender(USER.uid(), USER.euid(), USER.capKill()));
      return new Messages.Ok(7L);
    } catch (ApiException e) {
      return NodeRequests.refusedByHost(7L, e);
    } catch (ApiUnreachableException e) {
      return NodeRequests.unanswered(7L, e);
    }
  }

  @Test
  void aDeliveredSignalIsOkAndCarriesTheSenderAndTheHostCredential() {
    answers.put(131075L, "200|{\"cpid\":131075,\"node\":2,\"signal\":15}");

    assertThat(forward(host(), 131075)).isEqualTo(new Messages.Ok(7L));
    assertThat(received).containsExactly("POST /api/v1/processes/131075/signal Bearer host-secret"
        + " {\"signal\":15,\"uid\":1000,\"euid\":1000,\"capKill\":false}");
  }

  @Test
  void refusalsBecomeTheAgentsErrorCodes() {
    answers.put(1L, "404|{\"status\":404,\"detail\":\"no process 1\"}");
    answers.put(2L, "403|{\"status\":403,\"detail\":\"not permitted\"}");
    answers.put(3L, "400|{\"status\":400,\"detail\":\"bad signal\"}");
    answers.put(4L, "503|{\"status\":503,\"detail\":\"no quorum\"}");

    assertThat(List.of(1L, 2L, 3L, 4L)).map(pid -> forward(host(), pid)).containsExactly(
        (Message) new Messages.Error(7L, ErrorCode.NO_SUCH_PROCESS, "no process 1"),
        new Messages.Error(7L, ErrorCode.NOT_PERMITTED, "not permitted"),
        new Messages.Error(7L, ErrorCode.BAD_REQUEST, "bad signal"),
        new Messages.Error(7L, ErrorCode.FAILED, "HTTP 503: no quorum"));
  }

  @Test
  void aHostThatDoesNotAnswerIsNamed() throws IOException {
    String base;
    try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      base = "http://127.0.0.1:" + closed.getLocalPort();
    }

    Message reply = forward(new UnumClient(base, () -> Optional.of("s")), 131075);

    assertThat(reply).isInstanceOfSatisfying(Messages.Error.class, error -> {
      assertThat(error.code()).isEqualTo(ErrorCode.FAILED);
      assertThat(error.message()).startsWith("the target's host at " + base + " did not answer: ");
    });
  }
}
