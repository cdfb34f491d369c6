package io.unum.orchestrator.innode;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.unum.agent.protocol.ErrorCode;
import io.unum.agent.protocol.Message;
import io.unum.agent.protocol.Messages;
import io.unum.orchestrator.agentlink.AgentRequests;
import io.unum.orchestrator.cli.NodeUser;
import io.unum.orchestrator.cli.UnumCli;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves what nodes ask of their host, as a client of this host's own API (so a request about
 * another host's node is forwarded as any other): a remote kill(2) from the kernel's signal
 * helper, and the commands of the in-node {@code unum}, run here in-process for the node's user.
 */
public final class NodeRequests implements AgentRequests, AutoCloseable {
  /** The verbs the in-node unum has: the cluster seen from inside, not its administration. */
  static final Set<String> VERBS = Set.of("ps", "kill", "run", "nodes", "uptime", "hosts", "status", "jobs", "help");
  private static final Logger LOG = LoggerFactory.getLogger(NodeRequests.class);
  private static final int THREADS = 16;
  private static final int QUEUED = 256;

  private final String api;
  private final ObjectMapper json = new ObjectMapper();
  private final ThreadPoolExecutor workers = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS,
      new ArrayBlockingQueue<>(QUEUED), r -> {
        Thread thread = new Thread(r, "node-requests");
        thread.setDaemon(true);
        return thread;
      });

  /** @param api the base URL of this host's API, e.g. http://127.0.0.1:7070 */
  public NodeRequests(String api) {
    this.api = api;
    workers.allowCoreThreadTimeOut(true);
  }

  @Override
  public void handle(int node, Message request, Consumer<Message> reply) {
    try {
      workers.execute(() -> {
        try {
          if (request instanceof Messages.RemoteSignal signal) {
            reply.accept(signal(signal));
          } else if (request instanceof Messages.Cli cli) {
            reply.accept(command(cli, reply));
          }
        } catch (RuntimeException e) {
          LOG.warn("node {}: request {} failed", node, request.id(), e);
          reply.accept(new Messages.Error(request.id(), ErrorCode.FAILED, "the host failed: " + e));
        }
      });
    } catch (RejectedExecutionException e) {
      reply.accept(new Messages.Error(request.id(), ErrorCode.FAILED,
          "the host is busy (" + QUEUED + " requests waiting); try again"));
    }
  }

  /** kill(2) on another node's PID: the API routes it to the node, whose agent checks the sender. */
  private Message signal(Messages.RemoteSignal request) {
    ObjectNode body = json.createObjectNode().put("signal", request.signal())
        .put("uid", request.sender().uid()).put("euid", request.sender().euid())
        .put("capKill", request.sender().capKill());
    try {
      HttpURLConnection connection = (HttpURLConnection) URI.create(
          api + "/api/v1/processes/" + request.pid() + "/signal").toURL().openConnection();
      connection.setRequestMethod("POST");
      connection.setConnectTimeout(1000);
      connection.setReadTimeout(2000);
      connection.setDoOutput(true);
      connection.setRequestProperty("Content-Type", "application/json");
      try (OutputStream out = connection.getOutputStream()) {
        out.write(json.writeValueAsBytes(body));
      }
      int status = connection.getResponseCode();
      try (InputStream answer = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
        String detail = answer == null ? "" : json.readTree(answer).path("detail").asText("");
        return switch (status) {
          case 200 -> new Messages.Ok(request.id());
          case 404 -> new Messages.Error(request.id(), ErrorCode.NO_SUCH_PROCESS, detail);
          case 403 -> new Messages.Error(request.id(), ErrorCode.NOT_PERMITTED, detail);
          case 400 -> new Messages.Error(request.id(), ErrorCode.BAD_REQUEST, detail);
          default -> new Messages.Error(request.id(), ErrorCode.FAILED, "HTTP " + status + ": " + detail);
        };
      }
    } catch (IOException e) {
      return new Messages.Error(request.id(), ErrorCode.FAILED, "the host's API did not answer: " + e.getMessage());
    }
  }

  /** Runs the command in-process for the node's user; output streams back as it is printed. */
  private Message command(Messages.Cli request, Consumer<Message> reply) {
    LinkOutputStream stdout = new LinkOutputStream(request.id(), Messages.Stream.STDOUT, reply);
    LinkOutputStream stderr = new LinkOutputStream(request.id(), Messages.Stream.STDERR, reply);
    try (PrintStream out = new PrintStream(stdout, false, StandardCharsets.UTF_8);
         PrintStream err = new PrintStream(stderr, true, StandardCharsets.UTF_8)) {
      int code = UnumCli.runFor(new NodeUser(request.uid(), request.gid()), api, VERBS, out, err, request.argv());
      out.flush();
      err.flush();
      return new Messages.Exit(request.id(), code, null);
    }
  }

  @Override
  public void close() {
    workers.shutdownNow();
  }
}
