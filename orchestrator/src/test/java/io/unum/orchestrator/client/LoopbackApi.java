package io.unum.orchestrator.client;

import com.sun.net.httpserver.Headers;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** An API stand-in on 127.0.0.1 (port 0): canned answers by method and raw path, every request kept. */
final class LoopbackApi implements AutoCloseable {
  /** One request as it arrived: {@code target} is the raw path and query, as sent. */
  record Request(String method, String target, Headers headers, String body) {
    String header(String name) {
      return headers.getFirst(name);
    }
  }

  /** How an answer ends: as a whole, never begun, or begun and then left open (a stream). */
  enum Mode { WHOLE, SILENT, OPEN }

  /** An answer: status, content type, body, and how it ends. */
  record Answer(int status, String contentType, String body, Mode mode) {
    static Answer json(int status, String json) {
      return new Answer(status, "application/json", json, Mode.WHOLE);
    }

    static Answer problem(int status, String detail) {
      return new Answer(status, "application/problem+json", "{\"type\":\"about:blank\",\"title\":\"Refused\",\"status\":"
          + status + ",\"detail\":\"" + detail + "\"}", Mode.WHOLE);
    }

    static Answer text(int status, String text) {
      return new Answer(status, "text/plain", text, Mode.WHOLE);
    }

    static Answer none() {
      return new Answer(0, null, null, Mode.SILENT);
    }

    /** {@code lines} of an event stream, which then stays open with nothing more to say. */
    static Answer openStream(String lines) {
      return new Answer(200, "text/event-stream", lines, Mode.OPEN);
    }
  }

  private final HttpServer server;
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private boolean stopped;

  LoopbackApi() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Answers {@code method target} (the raw path and query) with {@code answer}. */
  LoopbackApi answer(String method, String target, Answer answer) {
    answers.put(method + " " + target, answer);
    return this;
  }

  String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  List<Request> requests() {
    return new ArrayList<>(requests);
  }

  Request last() {
    return requests.get(requests.size() - 1);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    String target = exchange.getRequestURI().getRawPath()
        + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
    requests.add(new Request(exchange.getRequestMethod(), target, exchange.getRequestHeaders(), body));
    Answer answer = answers.getOrDefault(exchange.getRequestMethod() + " " + target,
        Answer.problem(404, "no " + exchange.getRequestMethod() + " " + target));
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

  /** Stops answering and drops every connection; again, it does nothing. */
  @Override
  public synchronized void close() {
    if (!stopped) {
      stopped = true;
      server.stop(0);
    }
  }
}
