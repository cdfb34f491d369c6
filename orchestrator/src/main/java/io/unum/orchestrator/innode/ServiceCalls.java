package io.unum.orchestrator.innode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.unum.agent.protocol.Messages;
import io.unum.orchestrator.audit.AuditQueue;
import io.unum.orchestrator.audit.AuditRecord;
import io.unum.orchestrator.boot.NoSuchNodeException;
import io.unum.orchestrator.boot.NodeFilter;
import io.unum.orchestrator.boot.NodeService;
import io.unum.orchestrator.client.ApiException;
import io.unum.orchestrator.client.ApiFailure;
import io.unum.orchestrator.client.ApiPaths;
import io.unum.orchestrator.client.CallRefusedException;
import io.unum.orchestrator.client.ClusterCalls;
import io.unum.orchestrator.client.ProcessesClient;
import io.unum.orchestrator.cluster.HostService;
import io.unum.orchestrator.cluster.NodeState;
import io.unum.orchestrator.cluster.StatusService;
import io.unum.orchestrator.jobs.JobService;
import io.unum.orchestrator.jobs.JobState;
import io.unum.orchestrator.processes.NoSuchProcessException;
import io.unum.orchestrator.processes.ProcessService;
import io.unum.orchestrator.processes.SignalNotPermittedException;
import io.unum.orchestrator.services.LogLine;
import io.unum.orchestrator.services.ServiceAdmin;
import io.unum.orchestrator.services.ServiceLogs;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the calls of commands typed in nodes ({@link #by}) with this host's services
 * in-process (no HTTP, no credential): the same services and the same JSON as the API's routes,
 * and its checks of the arguments (the contract's limits), since a guest's input is untrusted. A
 * program to run on another host's node goes to that host's API ({@link PeerHosts}), as the API
 * forwards it.
 */
public final class ServiceCalls {
  /** Thread-safe; the API's own writes its answers with the same defaults. */
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Logger LOG = LoggerFactory.getLogger(ServiceCalls.class);
  private static final int SIGKILL = 9;
  private static final int MAX_NODE = 4095;
  private static final int DEFAULT_TAIL = 100;
  private static final int MAX_TAIL = 10_000;
  private static final int LOG_BATCH = 256;
  private static final Pattern SERVICE = Pattern.compile("^[a-z0-9]([a-z0-9_.-]{0,61}[a-z0-9])?$");
  private static final int MAX_HOST_CHARS = 253;
  private static final int MAX_SELECTOR_CHARS = 2048;
  private static final Pattern SELECTOR =
      Pattern.compile("^[a-z0-9][a-z0-9._/-]*(=[A-Za-z0-9._-]*)?(,[a-z0-9][a-z0-9._/-]*(=[A-Za-z0-9._-]*)?)*$");
  /** Node states a listing may ask for: the observed ones, and pending (no status yet). */
  private static final List<String> NODE_STATES = Stream.concat(Stream.of("pending"),
      Arrays.stream(NodeState.values()).map(NodeState::label)).toList();
  private static final List<String> JOB_STATES = Arrays.stream(JobState.values()).map(JobState::label).toList();

  private final ProcessService processes;
  private final NodeService nodes;
  private final HostService hosts;
  private final JobService jobs;
  private final ServiceAdmin services;
  private final StatusService status;
  private final SignalRoute signals;
  private final PeerHosts peers;
  private final AuditQueue audit;
  private final String hostName;

  public ServiceCalls(ProcessService processes, NodeService nodes, HostService hosts, JobService jobs,
      ServiceAdmin services, StatusService status, SignalRoute signals, PeerHosts peers, AuditQueue audit,
      String hostName) {
    this.processes = processes;
    this.nodes = nodes;
    this.hosts = hosts;
    this.jobs = jobs;
    this.services = services;
    this.status = status;
    this.signals = signals;
    this.peers = peers;
    this.audit = audit;
    this.hostName = hostName;
  }

  /** The calls of a command that {@code user} typed in {@code node}: its writes are audited as theirs. */
  public ClusterCalls by(int node, NodeUser user) {
    return new Caller(node, Objects.requireNonNull(user, "an in-node command runs for a node user"));
  }

  /** One command's calls, for the node user who typed it. */
  private final class Caller implements ClusterCalls {
    private final int node;
    private final NodeUser user;

    Caller(int node, NodeUser user) {
      this.node = node;
      this.user = user;
    }

    @Override
    public JsonNode processes(Integer node, boolean kernel) {
      checkNode(node);
      return answer(() -> processes.list(node, kernel));
    }

    @Override
    public void signal(long pid, int signal, ProcessesClient.Sender sender) {
      // In a node there is always a sender: the node's user, whose rights the target checks.
      Objects.requireNonNull(sender, "a signal from a node names its sender");
      Messages.Sender from = new Messages.Sender(sender.uid(), sender.euid(), sender.capKill());
      audited("signalProcess", ApiPaths.processSignal(pid), () -> answerOf(() -> {
        signals.deliver(pid, signal, from);
        return null;
      }));
    }

    @Override
    public void run(Integer node, List<String> argv, Consumer<String> onEvent) {
      audited("runProcess", ApiPaths.PROCESSES, () -> runOn(node, argv, onEvent));
    }

    private void runOn(Integer node, List<String> argv, Consumer<String> onEvent) {
      checkNode(node);
      if (argv.isEmpty()) {
        throw refused("argv: name a program to run");
      }
      int target = node != null ? node : answerOf(processes::place);
      Optional<String> host = answerOf(() -> nodes.servedElsewhere(target));
      if (host.isPresent()) {
        peers.at(host.get()).nodes().exec(target, argv, onEvent); // streams as long as the program runs
        return;
      }
      ExecLines run = new ExecLines(target, pid -> kill(target, pid));
      answerOf(() -> {
        nodes.exec(target, argv, run);
        return null;
      });
      try {
        run.deliver(onEvent);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CallRefusedException("interrupted: the host is stopping", e);
      }
    }

    /** Kills what a node user stopped waiting for; the node may be gone meanwhile, and so the program. */
    private void kill(int node, long pid) {
      try {
        nodes.signal(node, pid, SIGKILL);
      } catch (RuntimeException e) {
        LOG.info("node {}: could not kill {} after its caller went away: {}", node, pid, e.getMessage());
      }
    }

    @Override
    public void logs(String service, Integer tail, boolean follow, Integer node, Consumer<String> onLine) {
      if (!SERVICE.matcher(service).matches()) {
        throw refused("service '" + cut(service) + "': a name of 1 to 63 characters a-z 0-9 _ . -, beginning and"
            + " ending with a letter or digit");
      }
      checkNode(node);
      if (tail != null && (tail < 0 || tail > MAX_TAIL)) {
        throw refused("tail: must be 0.." + MAX_TAIL + ", got " + tail);
      }
      ServiceLogs logs = answerOf(() -> services.logs(service));
      long end = logs.next(service);
      long next = Math.max(end - (tail == null ? DEFAULT_TAIL : tail), logs.oldest(service));
      while (follow || next < end) {
        List<LogLine> batch = read(logs, service, next, follow);
        if (batch.isEmpty() && !follow) {
          return;
        }
        for (LogLine line : batch) {
          next = line.seq() + 1;
          if ((follow || line.seq() < end) && (node == null || line.node() == node)) {
            onLine.accept(JSON.valueToTree(line).toString());
          }
        }
      }
    }

    /** The next lines; when following, waits for one (as long as the node user follows). */
    private static List<LogLine> read(ServiceLogs logs, String service, long from, boolean wait) {
      try {
        return logs.read(service, from, LOG_BATCH, wait).toCompletableFuture().get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CallRefusedException("interrupted: the host is stopping", e);
      } catch (ExecutionException e) {
        throw new CallRefusedException("the service's log cannot be read now: " + e.getCause().getMessage(), e);
      }
    }

    @Override
    public JsonNode nodes(String state, String host, String selector) {
      checkOneOf("state", state, NODE_STATES);
      if (host != null && host.length() > MAX_HOST_CHARS) {
        throw refused("host: at most " + MAX_HOST_CHARS + " characters");
      }
      if (selector != null && (selector.length() > MAX_SELECTOR_CHARS || !SELECTOR.matcher(selector).matches())) {
        throw refused("label selector '" + cut(selector) + "': key=value or key terms, comma-separated (keys: a-z 0-9"
            + " . _ / -; values: A-Z a-z 0-9 . _ -), at most " + MAX_SELECTOR_CHARS + " characters");
      }
      return answer(() -> nodes.list(new NodeFilter(state, host, NodeFilter.selector(selector))));
    }

    @Override
    public JsonNode hosts() {
      return answer(hosts::hosts);
    }

    @Override
    public JsonNode jobs(Integer node, String state) {
      checkNode(node);
      checkOneOf("state", state, JOB_STATES);
      return answer(() -> jobs.list(node, state == null ? null : JobState.valueOf(state.toUpperCase(Locale.ROOT))));
    }

    @Override
    public JsonNode services() {
      return answer(services::list);
    }

    @Override
    public JsonNode status() {
      return answer(status::report);
    }

    @Override
    public JsonNode cluster() {
      return answer(status::cluster);
    }

    @Override
    public String origin() {
      return "host " + hostName;
    }

    @Override
    public ObjectMapper json() {
      return JSON;
    }

    /**
     * Runs a write for the node's user and records it in the cluster's audit log as the API records
     * its writes: who (the user and node), how it ended (the status the API would have answered).
     */
    private void audited(String operation, String path, Runnable write) {
      int status = 200;
      try {
        write.run();
      } catch (RuntimeException e) {
        status = statusOf(e);
        throw e;
      } finally {
        // A name that the audit log's user filter takes: node3.uid1000.
        audit.offer(AuditRecord.of(System.currentTimeMillis(), hostName, "node" + node + ".uid" + user.uid(),
            user.root() ? "node root" : "node user", "in-node unum", "node " + node, "POST", path, operation, status,
            null));
      }
    }
  }

  /** The status the API answers for this failure. */
  private static int statusOf(RuntimeException e) {
    if (e instanceof ApiException refused) {
      return refused.status();
    }
    Throwable cause = e.getCause();
    if (cause instanceof SignalNotPermittedException) {
      return 403;
    }
    if (cause instanceof NoSuchProcessException || cause instanceof NoSuchNodeException) {
      return 404;
    }
    return e instanceof CallRefusedException && cause == null ? 400 : 500;
  }

  /** The service's answer as the API's JSON; a refusal as the API's 4xx would read. */
  private static JsonNode answer(Supplier<?> call) {
    return JSON.valueToTree(answerOf(call));
  }

  /** The service's answer; a refusal as the API's 4xx would read. */
  private static <T> T answerOf(Supplier<T> call) {
    try {
      return call.get();
    } catch (ApiFailure e) {
      throw e; // another host's API: its words already
    } catch (RuntimeException e) {
      throw new CallRefusedException(e.getMessage() != null ? e.getMessage() : e.toString(), e);
    }
  }

  private static void checkNode(Integer node) {
    if (node != null && (node < 1 || node > MAX_NODE)) {
      throw refused("node: must be 1.." + MAX_NODE + ", got " + node);
    }
  }

  private static void checkOneOf(String name, String value, List<String> allowed) {
    if (value != null && !allowed.contains(value)) {
      throw refused(name + " '" + cut(value) + "': must be one of " + String.join(", ", allowed));
    }
  }

  /** A guest's value, short enough to repeat in an error. */
  private static String cut(String value) {
    return value.length() <= 64 ? value : value.substring(0, 64) + "...";
  }

  private static CallRefusedException refused(String detail) {
    return new CallRefusedException(detail, null);
  }
}
