package io.unum.orchestrator.innode;

import io.unum.agent.protocol.ErrorCode;
import io.unum.agent.protocol.Message;
import io.unum.agent.protocol.Messages;
import io.unum.orchestrator.access.HostCredential;
import io.unum.orchestrator.agentlink.AgentRequests;
import io.unum.orchestrator.agentlink.AgentUnavailableException;
import io.unum.orchestrator.boot.NodeService;
import io.unum.orchestrator.client.ApiException;
import io.unum.orchestrator.client.ApiTransport;
import io.unum.orchestrator.client.ApiUnreachableException;
import io.unum.orchestrator.client.ProcessesClient;
import io.unum.orchestrator.client.UnumClient;
import io.unum.orchestrator.processes.NoSuchProcessException;
import io.unum.orchestrator.processes.ProcessService;
import io.unum.orchestrator.processes.SignalNotPermittedException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves what nodes ask of their host: a remote kill(2) from the kernel's signal helper,
 * delivered here when the target node is this host's and else sent straight to its host's API
 * (one hop: kill latency is what people feel); and the commands of the in-node {@code unum},
 * run here in-process for the node's user as a client of this host's API.
 */
public final class NodeRequests implements AgentRequests, AutoCloseable {
  /** The verbs the in-node unum has: the cluster seen from inside, not its administration. */
  static final Set<String> VERBS = Set.of("ps", "kill", "run", "nodes", "uptime", "hosts", "status", "jobs",
      "runlevel", "services", "logs", "help");
  private static final Logger LOG = LoggerFactory.getLogger(NodeRequests.class);
  /** Kills are quick and what people wait on: their own threads, never behind long commands. */
  private static final int SIGNAL_THREADS = 64;
  private static final int QUEUED = 256;
  /**
   * A node's remote signals under way at once. A kill waits up to 5 s on a node that does not
   * answer: without a quota one guest could hold every signal thread of its host.
   */
  static final int SIGNALS_PER_NODE = 16;
  /** A node's in-node commands at once (a 'run' lasts as long as its program). */
  static final int COMMANDS_PER_NODE = 4;
  private static final int COMMAND_THREADS = 64;
  static final int MAX_ARGS = 256;
  static final int MAX_ARG_CHARS = 4096;
  private static final Duration FORWARD_CONNECT = Duration.ofSeconds(1);
  private static final Duration FORWARD_READ = Duration.ofSeconds(2);

  private final String api;
  private final HostCredential credential;
  private final ProcessService processes;
  private final NodeService nodes;
  private final InNodeCli cli;
  private final ThreadPoolExecutor signals = pool("node-signals", SIGNAL_THREADS, QUEUED);
  private final ThreadPoolExecutor commands = pool("node-commands", COMMAND_THREADS, 0);
  private final NodeSlots commandSlots = new NodeSlots(COMMANDS_PER_NODE);
  private final NodeSlots signalSlots = new NodeSlots(SIGNALS_PER_NODE);

  /**
   * @param api        the base URL of this host's API, e.g. http://127.0.0.1:7070
   * @param credential this host's own, shown to its API and to other hosts'
   * @param cli        runs the in-node commands
   */
  public NodeRequests(String api, HostCredential credential, ProcessService processes, NodeService nodes,
      InNodeCli cli) {
    this.api = api;
    this.credential = credential;
    this.processes = processes;
    this.nodes = nodes;
    this.cli = cli;
  }

  private static ThreadPoolExecutor pool(String name, int threads, int queued) {
    ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
        queued == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(queued), r -> {
          Thread thread = new Thread(r, name);
          thread.setDaemon(true);
          return thread;
        });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  @Override
  public void handle(int node, Message request, Consumer<Message> reply) {
    if (request instanceof Messages.RemoteSignal signal) {
      if (!signalSlots.tryTake(node)) {
        reply.accept(new Messages.Error(request.id(), ErrorCode.FAILED, "node " + node + " already has "
            + signalSlots.limit() + " signals under way, the most a node may; try again"));
        return;
      }
      run(signals, node, request, reply, () -> reply.accept(signal(signal)), () -> signalSlots.give(node));
    } else if (request instanceof Messages.Cli cli) {
      if (!commandSlots.tryTake(node)) {
        reply.accept(new Messages.Error(request.id(), ErrorCode.FAILED, "node " + node + " already runs "
            + commandSlots.limit() + " unum commands, the most a node may; wait for one to end"));
        return;
      }
      run(commands, node, request, reply, () -> reply.accept(command(cli, reply)), () -> commandSlots.give(node));
    }
  }

  /** Runs {@code work} on {@code pool}; {@code done} runs once it ended or was refused. */
  private void run(ThreadPoolExecutor pool, int node, Message request, Consumer<Message> reply, Runnable work,
      Runnable done) {
    try {
      pool.execute(() -> {
        try {
          work.run();
        } catch (AgentUnavailableException e) {
          LOG.info("node {}: request {} ended: {}", node, request.id(), e.getMessage()); // the node went away
        } catch (RuntimeException e) {
          LOG.warn("node {}: request {} failed", node, request.id(), e);
          try {
            reply.accept(new Messages.Error(request.id(), ErrorCode.FAILED, "the host failed: " + e));
          } catch (AgentUnavailableException gone) {
            // The node cannot be told either.
          }
        } finally {
          done.run();
        }
      });
    } catch (RejectedExecutionException e) {
      done.run();
      reply.accept(new Messages.Error(request.id(), ErrorCode.FAILED, "the host is busy with other nodes' requests;"
          + " try again"));
    }
  }

  /** kill(2) on another node's PID: delivered by the node's host, whose agent checks the sender. */
  private Message signal(Messages.RemoteSignal request) {
    try {
      int node = processes.requireNodeOf(request.pid());
      Optional<String> host = nodes.servedElsewhere(node);
      if (host.isPresent()) {
        return forward(hostClient("http://" + host.get()), request);
      }
      processes.signal(request.pid(), request.signal(), request.sender());
      return new Messages.Ok(request.id());
    } catch (NoSuchProcessException e) {
      return new Messages.Error(request.id(), ErrorCode.NO_SUCH_PROCESS, e.getMessage());
    } catch (SignalNotPermittedException e) {
      return new Messages.Error(request.id(), ErrorCode.NOT_PERMITTED, e.getMessage());
    } catch (RuntimeException e) {
      return new Messages.Error(request.id(), ErrorCode.FAILED, e.getMessage());
    }
  }

  /** The signal, as {@code POST /processes/{cpid}/signal} to the API of the target's host. */
  static Message forward(UnumClient host, Messages.RemoteSignal request) {
    Messages.Sender sender = request.sender();
    try {
      host.processes().signal(request.pid(), request.signal(),
          new ProcessesClient.Sender(sender.uid(), sender.euid(), sender.capKill()));
      return new Messages.Ok(request.id());
    } catch (ApiException e) {
      String detail = e.problem().path("detail").asText("");
      return switch (e.status()) {
        case 404 -> new Messages.Error(request.id(), ErrorCode.NO_SUCH_PROCESS, detail);
        case 403 -> new Messages.Error(request.id(), ErrorCode.NOT_PERMITTED, detail);
        case 400 -> new Messages.Error(request.id(), ErrorCode.BAD_REQUEST, detail);
        default -> new Messages.Error(request.id(), ErrorCode.FAILED, "HTTP " + e.status() + ": " + detail);
      };
    } catch (ApiUnreachableException e) {
      return new Messages.Error(request.id(), ErrorCode.FAILED,
          "the target's host at " + host.base() + " did not answer: " + e.getCause().getMessage());
    }
  }

  /**
   * A client of another host's API with this host's credential. Short deadlines: a kill is what
   * someone waits on, and a host that does not answer within them is not going to.
   */
  private UnumClient hostClient(String hostApi) {
    return new UnumClient(new ApiTransport(hostApi, () -> Optional.of(credential.token()))
        .withDeadlines(FORWARD_CONNECT, FORWARD_READ));
  }

  /** Runs the command in-process for the node's user; output streams back as it is printed. */
  private Message command(Messages.Cli request, Consumer<Message> reply) {
    Optional<String> refused = refusal(request.argv());
    if (refused.isPresent()) {
      reply.accept(new Messages.Output(request.id(), Messages.Stream.STDERR,
          ("unum: " + refused.get() + "\n").getBytes(StandardCharsets.UTF_8)));
      return new Messages.Exit(request.id(), 2, null);
    }
    LinkOutputStream stdout = new LinkOutputStream(request.id(), Messages.Stream.STDOUT, reply);
    LinkOutputStream stderr = new LinkOutputStream(request.id(), Messages.Stream.STDERR, reply);
    try (PrintStream out = new PrintStream(stdout, false, StandardCharsets.UTF_8);
         PrintStream err = new PrintStream(stderr, true, StandardCharsets.UTF_8)) {
      int code = cli.run(new NodeUser(request.uid(), request.gid()), api, credential.token(), VERBS,
          out, err, request.argv());
      out.flush();
      err.flush();
      return new Messages.Exit(request.id(), code, null);
    }
  }

  /** Why an in-node command line is refused before it is parsed: a guest's input is bounded. */
  static Optional<String> refusal(List<String> argv) {
    if (argv.size() > MAX_ARGS) {
      return Optional.of("too many arguments (" + argv.size() + "; an in-node command takes at most " + MAX_ARGS + ")");
    }
    for (int i = 0; i < argv.size(); i++) {
      if (argv.get(i).length() > MAX_ARG_CHARS) {
        return Optional.of("argument " + (i + 1) + " is " + argv.get(i).length() + " characters long (at most "
            + MAX_ARG_CHARS + ")");
      }
    }
    return Optional.empty();
  }

  @Override
  public void close() {
    signals.shutdownNow();
    commands.shutdownNow();
  }
}
