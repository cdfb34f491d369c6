package io.unum.orchestrator.innode;

import io.unum.agent.protocol.ErrorCode;
import io.unum.agent.protocol.Message;
import io.unum.agent.protocol.Messages;
import io.unum.orchestrator.agentlink.AgentRequests;
import io.unum.orchestrator.agentlink.AgentUnavailableException;
import io.unum.orchestrator.client.ApiException;
import io.unum.orchestrator.client.ApiUnreachableException;
import io.unum.orchestrator.processes.NoSuchProcessException;
import io.unum.orchestrator.processes.SignalNotPermittedException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
 * Serves what nodes ask of their host: a remote kill(2) from the kernel's signal helper
 * ({@link SignalRoute}); and the commands of the in-node {@code unum}, run here in-process for
 * the node's user on this host's services ({@link ServiceCalls}), never through its API.
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

  private final SignalRoute signals;
  private final ServiceCalls calls;
  private final InNodeCli cli;
  private final ThreadPoolExecutor signalThreads = pool("node-signals", SIGNAL_THREADS, QUEUED);
  private final ThreadPoolExecutor commandThreads = pool("node-commands", COMMAND_THREADS, 0);
  private final NodeSlots commandSlots = new NodeSlots(COMMANDS_PER_NODE);
  private final NodeSlots signalSlots = new NodeSlots(SIGNALS_PER_NODE);

  /**
   * @param signals delivers the nodes' remote kills
   * @param calls   serve the in-node commands
   * @param cli     runs the in-node commands
   */
  public NodeRequests(SignalRoute signals, ServiceCalls calls, InNodeCli cli) {
    this.signals = signals;
    this.calls = calls;
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
      run(signalThreads, node, request, reply, () -> reply.accept(signal(signal)), () -> signalSlots.give(node));
    } else if (request instanceof Messages.Cli cli) {
      if (!commandSlots.tryTake(node)) {
        reply.accept(new Messages.Error(request.id(), ErrorCode.FAILED, "node " + node + " already runs "
            + commandSlots.limit() + " unum commands, the most a node may; wait for one to end"));
        return;
      }
      run(commandThreads, node, request, reply, () -> reply.accept(command(node, cli, reply)), () -> commandSlots.give(node));
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
      signals.deliver(request.pid(), request.signal(), request.sender());
      return new Messages.Ok(request.id());
    } catch (NoSuchProcessException e) {
      return new Messages.Error(request.id(), ErrorCode.NO_SUCH_PROCESS, e.getMessage());
    } catch (SignalNotPermittedException e) {
      return new Messages.Error(request.id(), ErrorCode.NOT_PERMITTED, e.getMessage());
    } catch (ApiException e) {
      return refusedByHost(request.id(), e);
    } catch (ApiUnreachableException e) {
      return unanswered(request.id(), e);
    } catch (RuntimeException e) {
      return new Messages.Error(request.id(), ErrorCode.FAILED, e.getMessage());
    }
  }

  /** The target's host did not answer the signal: named, for the kernel's log. */
  static Message unanswered(long id, ApiUnreachableException e) {
    return new Messages.Error(id, ErrorCode.FAILED, "the target's host at " + e.base() + " did not answer: "
        + e.getCause().getMessage());
  }

  /** The target's host refused the signal: its answer as the agent's error codes. */
  static Message refusedByHost(long id, ApiException e) {
    String detail = e.problem().path("detail").asText("");
    return switch (e.status()) {
      case 404 -> new Messages.Error(id, ErrorCode.NO_SUCH_PROCESS, detail);
      case 403 -> new Messages.Error(id, ErrorCode.NOT_PERMITTED, detail);
      case 400 -> new Messages.Error(id, ErrorCode.BAD_REQUEST, detail);
      default -> new Messages.Error(id, ErrorCode.FAILED, "HTTP " + e.status() + ": " + detail);
    };
  }

  /** Runs the command in-process for the node's user; output streams back as it is printed. */
  private Message command(int node, Messages.Cli request, Consumer<Message> reply) {
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
      NodeUser user = new NodeUser(request.uid(), request.gid());
      int code = cli.run(user, calls.by(node, user), VERBS, out, err, request.argv());
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
    signalThreads.shutdownNow();
    commandThreads.shutdownNow();
  }
}
