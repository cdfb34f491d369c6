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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/** An orchestrator API stand-in on 127.0.0.1: canned answers by method and path, every request kept. */
final class FakeApi implements AutoCloseable {
  /**
   * One request as it arrived ({@code query}: its raw query string, null without one; the headers
   * null when not sent).
   */
  record Request(String method, String path, String contentType, String body, String query, String accept,
      String idempotencyKey) {}

  /** What a run of the CLI printed and returned. */
  record Result(int code, String out, String err) {
    List<String> outLines() {
      return out.lines().toList();
    }
  }

  private record Answer(int status, String json) {}

  private final HttpServer server;
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  /** Answers given one per request, in turn, before {@link #answers}' (which then repeats). */
  private final Map<String, Queue<Answer>> inTurn = new ConcurrentHashMap<>();
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

  /**
   * Answers the next requests of {@code method path} with {@code jsons} in turn, each once; the
   * last one then answers every request after them.
   */
  FakeApi answerInTurn(String method, String path, String... jsons) {
    Queue<Answer> turns = new ConcurrentLinkedQueue<>();
    for (String json : jsons) {
      turns.add(new Answer(200, json));
    }
    inTurn.put(method + " " + path, turns);
    answers.put(method + " " + path, new Answer(200, jsons[jsons.length - 1]));
    return this;
  }

  /** Answers the next request of {@code method path} (only that one) with {@code status} and {@code body}. */
  FakeApi answerOnce(String method, String path, int status, String body) {
    inTurn.computeIfAbsent(method + " " + path, k -> new ConcurrentLinkedQueue<>()).add(new Answer(status, body));
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
      int code = UnumCli.run(withHost(args));
      System.out.flush();
      System.err.flush();
      return new Result(code, outBytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
      System.setIn(in);
    }
  }

  /**
   * Runs {@code unum --host THIS args} (a command that goes on until interrupted, e.g. one that
   * follows a log) on a thread of its own until what it printed satisfies {@code done}, then
   * interrupts it, as Ctrl-C ends it. Fails when that does not come within {@code within}.
   */
  Result runUntil(Predicate<String> done, Duration within, String... args) throws InterruptedException {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
    AtomicInteger code = new AtomicInteger(-1);
    Thread command = new Thread(() -> code.set(UnumCli.run(withHost(args))), "cli-under-test");
    try {
      command.start();
      long deadline = System.nanoTime() + within.toNanos();
      while (!done.test(outBytes.toString(StandardCharsets.UTF_8)) && command.isAlive()) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("not printed within " + within + "; out: " + outBytes.toString(StandardCharsets.UTF_8)
              + " err: " + errBytes.toString(StandardCharsets.UTF_8));
        }
        Thread.sleep(20);
      }
      command.interrupt();
      command.join(within.toMillis());
      if (command.isAlive()) {
        throw new AssertionError("the command did not end when interrupted");
      }
      return new Result(code.get(), outBytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  /** Where it answers, as a base URL. */
  String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private String[] withHost(String... args) {
    List<String> all = new ArrayList<>(List.of("--host", base()));
    all.addAll(List.of(args));
    return all.toArray(String[]::new);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      requests.add(new Request(method, path, exchange.getRequestHeaders().getFirst("Content-Type"), body,
          exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders().getFirst("Accept"),
          exchange.getRequestHeaders().getFirst("Idempotency-Key")));
      Queue<Answer> turns = inTurn.get(method + " " + path);
      Answer turn = turns == null ? null : turns.poll();
      Answer answer = turn != null ? turn : answers.getOrDefault(method + " " + path,
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
