package io.unum.orchestrator.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An orchestrator API stand-in on 127.0.0.1 (port 0): canned answers by method and target, every
 * request kept. A target with a query answers only that query; one without answers any query.
 */
public final class CannedApi implements AutoCloseable {
  /**
   * One request as it arrived: {@code path} raw, as sent; {@code query} raw, null without one;
   * {@code headers} by name in any case.
   */
  public record Request(String method, String path, String query, Map<String, List<String>> headers, String body) {
    /** The first value of header {@code name}, null when it was not sent. */
    public String header(String name) {
      List<String> values = headers.get(name);
      return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The raw path and query, as sent. */
    public String target() {
      return query == null ? path : path + "?" + query;
    }
  }

  /** How an answer ends: as a whole, never begun, or begun and then left open (a stream). */
  public enum Mode { WHOLE, SILENT, OPEN }

  /** An answer: status, content type, body, and how it ends. */
  public record Answer(int status, String contentType, String body, Mode mode) {
    /** {@code json} as the API sends it: a problem (application/problem+json) from status 400 on. */
    public static Answer json(int status, String json) {
      return new Answer(status, status >= 400 ? "application/problem+json" : "application/json", json, Mode.WHOLE);
    }

    /** A problem titled "Refused" with {@code detail}. */
    public static Answer problem(int status, String detail) {
      return json(status, "{\"type\":\"about:blank\",\"title\":\"Refused\",\"status\":" + status + ",\"detail\":\""
          + detail + "\"}");
    }

    /** Plain {@code text}; an empty one is sent without a body. */
    public static Answer text(int status, String text) {
      return new Answer(status, "text/plain", text, Mode.WHOLE);
    }

    /** No answer at all: the exchange stays open, so only the client's deadline ends it. */
    public static Answer none() {
      return new Answer(0, null, null, Mode.SILENT);
    }

    /** {@code lines} of an event stream, which then stays open with nothing more to say. */
    public static Answer openStream(String lines) {
      return new Answer(200, "text/event-stream", lines, Mode.OPEN);
    }
  }

  private final HttpServer server;
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  /** Answers given one per request, in turn, before {@link #answers}' (which then stands). */
  private final Map<String, Queue<Answer>> inTurn = new ConcurrentHashMap<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private boolean stopped;

  /** Starts answering, at first 404 to everything. */
  public CannedApi() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Answers every request of {@code method target} with {@code answer}. */
  public CannedApi answer(String method, String target, Answer answer) {
    answers.put(method + " " + target, answer);
    return this;
  }

  /**
   * Answers the next requests of {@code method target} with {@code turns} in turn, each once; the
   * last one then answers every request after them.
   */
  public CannedApi answerInTurn(String method, String target, Answer... turns) {
    inTurn.put(method + " " + target, new ConcurrentLinkedQueue<>(List.of(turns)));
    return answer(method, target, turns[turns.length - 1]);
  }

  /** Answers the next request of {@code method target} (only that one) with {@code answer}. */
  public CannedApi answerOnce(String method, String target, Answer answer) {
    inTurn.computeIfAbsent(method + " " + target, k -> new ConcurrentLinkedQueue<>()).add(answer);
    return this;
  }

  /** Where it answers, as a base URL. */
  public String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The requests received so far, oldest first. */
  public List<Request> requests() {
    return new ArrayList<>(requests);
  }

  /** The latest request received. */
  public Request last() {
    return requests.get(requests.size() - 1);
  }

  /** The request lines without their query ("GET /api/v1/tokens") received so far, oldest first. */
  public List<String> requestLines() {
    return requests.stream().map(r -> r.method() + " " + r.path()).toList();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.putAll(exchange.getRequestHeaders());
    // Kept before it is answered, so a test that has its answer sees its request.
    Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
        exchange.getRequestURI().getRawQuery(), headers, body);
    requests.add(request);
    Answer answer = answerTo(request);
    if (answer.mode() == Mode.SILENT) {
      return; // the exchange stays open, unanswered: the client's read deadline must end it
    }
    if (answer.mode() == Mode.OPEN) {
      exchange.getResponseHeaders().set("Content-Type", answer.contentType());
      exchange.sendResponseHeaders(answer.status(), 0); // chunked: the end is never sent
      exchange.getResponseBody().write(answer.body().getBytes(StandardCharsets.UTF_8));
      exchange.getResponseBody().flush();
      return;
    }
    try (exchange) {
      byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", answer.contentType());
      exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  /** The answer to the whole target first, then to its path alone; an answer in turn before a standing one. */
  private Answer answerTo(Request request) {
    List<String> targets = request.query() == null ? List.of(request.path())
        : List.of(request.target(), request.path());
    for (String target : targets) {
      String key = request.method() + " " + target;
      Queue<Answer> turns = inTurn.get(key);
      Answer turn = turns == null ? null : turns.poll();
      Answer answer = turn != null ? turn : answers.get(key);
      if (answer != null) {
        return answer;
      }
    }
    return Answer.problem(404, "no " + request.method() + " " + request.target());
  }

  /** Stops answering and drops every connection; again, it does nothing. */
  @Override
  public synchronized void close() {
    if (!stopped) {
      stopped = true;
      server.stop(0);
    }
  }
}
