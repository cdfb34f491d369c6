package io.unum.orchestrator.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** An orchestrator API stand-in on 127.0.0.1: canned answers by method and path, every request kept. */
final class FakeApi implements AutoCloseable {
  /** One request as it arrived. */
  record Request(String method, String path, String contentType, String body) {}

  /** What a run of the CLI printed and returned. */
  record Result(int code, String out, String err) {
    List<String> outLines() {
      return out.lines().toList();
    }
  }

  private record Answer(int status, String json) {}

  private final HttpServer server;
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();

  FakeApi() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Answers {@code method path} with {@code status} and the JSON {@code json}. */
  FakeApi answer(String method, String path, int status, String json) {
    answers.put(method + " " + path, new Answer(status, json));
    return this;
  }

  /** The requests received so far, oldest first. */
  List<Request> requests() {
    return new ArrayList<>(requests);
  }

  /** The request lines ("GET /api/v1/tokens") received so far. */
  List<String> requestLines() {
    return requests.stream().map(r -> r.method() + " " + r.path()).toList();
  }

  /**
   * Runs {@code unum --host THIS args} with {@code stdin} as standard input. The CLI answers before this
   * returns and the server records each request before answering it, so no waiting is needed after.
   */
  Result run(String stdin, String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    InputStream in = System.in;
    ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
    System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
    try {
      List<String> all = new ArrayList<>(List.of("--host", "http://127.0.0.1:" + server.getAddress().getPort()));
      all.addAll(List.of(args));
      int code = UnumCli.run(all.toArray(String[]::new));
      System.out.flush();
      System.err.flush();
      return new Result(code, outBytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
      System.setIn(in);
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      requests.add(new Request(method, path, exchange.getRequestHeaders().getFirst("Content-Type"), body));
      Answer answer = answers.getOrDefault(method + " " + path,
          new Answer(404, "{\"title\":\"Not Found\",\"status\":404,\"detail\":\"no " + method + " " + path + "\"}"));
      byte[] bytes = answer.json().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type",
          answer.status() >= 400 ? "application/problem+json" : "application/json");
      exchange.sendResponseHeaders(answer.status(), bytes.length);
      try (OutputStream responseBody = exchange.getResponseBody()) {
        responseBody.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
