package io.unum.orchestrator.innode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.unum.agent.protocol.Messages;
import io.unum.orchestrator.boot.NodeFilter;
import io.unum.orchestrator.boot.NodeService;
import io.unum.orchestrator.client.ApiFailure;
import io.unum.orchestrator.client.CallRefusedException;
import io.unum.orchestrator.client.ClusterCalls;
import io.unum.orchestrator.client.ProcessesClient;
import io.unum.orchestrator.cluster.HostService;
import io.unum.orchestrator.cluster.NodeState;
import io.unum.orchestrator.cluster.StatusService;
import io.unum.orchestrator.jobs.JobService;
import io.unum.orchestrator.jobs.JobState;
import io.unum.orchestrator.processes.ProcessService;
import io.unum.orchestrator.services.ServiceAdmin;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The everyday calls of a command typed in a node, answered by this host's services in-process
 * (no HTTP, no credential): the same services and the same JSON as the API's routes, and its
 * checks of the arguments (the contract's limits), since a guest's input is untrusted.
 */
public final class ServiceCalls implements ClusterCalls {
  /** Thread-safe; the API's own writes its answers with the same defaults. */
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_NODE = 4095;
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
  private final String hostName;

  public ServiceCalls(ProcessService processes, NodeService nodes, HostService hosts, JobService jobs,
      ServiceAdmin services, StatusService status, SignalRoute signals, String hostName) {
    this.processes = processes;
    this.nodes = nodes;
    this.hosts = hosts;
    this.jobs = jobs;
    this.services = services;
    this.status = status;
    this.signals = signals;
    this.hostName = hostName;
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
    answer(() -> {
      signals.deliver(pid, signal, from);
      return null;
    });
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

  /** The service's answer as the API's JSON; a refusal as the API's 4xx would read. */
  private static JsonNode answer(Supplier<?> call) {
    try {
      return JSON.valueToTree(call.get());
    } catch (ApiFailure e) {
      throw e; // another host's API, for a signal: its words already
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
