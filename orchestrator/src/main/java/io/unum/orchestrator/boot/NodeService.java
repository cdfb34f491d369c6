package io.unum.orchestrator.boot;

import io.unum.agent.protocol.Messages;
import io.unum.orchestrator.agentlink.AgentLink;
import io.unum.orchestrator.agentlink.AgentUnavailableException;
import io.unum.orchestrator.agentlink.ExecListener;
import io.unum.orchestrator.cluster.ClusterStore;
import io.unum.orchestrator.cluster.ClusterView;
import io.unum.orchestrator.cluster.LeaderStamp;
import io.unum.orchestrator.cluster.NodeSpec;
import io.unum.orchestrator.cluster.NodeState;
import io.unum.orchestrator.cluster.NodeStatus;
import io.unum.orchestrator.cluster.PidSpace;
import io.unum.orchestrator.cluster.Quorum;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

/** The node operations the API and CLI offer, checked against the cluster's state. */
public final class NodeService implements NodePower {
  /** How long delete/down wait for the nodes' hosts to destroy their domains. */
  private static final Duration CLEANUP_TIMEOUT = Duration.ofSeconds(30);
  /** How long a request waits for a node's agent that is (re)connecting. */
  static final long AGENT_WAIT_MILLIS = 5_000;
  /** The agent checks and sends a signal in milliseconds; a node that takes longer is not waited for. */
  static final long SIGNAL_ANSWER_SECONDS = 5;

  private final ClusterStore store;
  private final ClusterView view;
  private final NodeController controller;
  private final NodePaths paths;

  /** A listing and what it was built from. */
  private record Listing(long revision, NodeFilter filter, List<NodeView> nodes) {}

  private volatile Listing lastListing;
  private final String self;
  private final Quorum quorum;
  private final PidSpace pids;

  /**
   * @param view   what listings read (a local replica of the store's maps)
   * @param self   this host's name: node-local requests for nodes elsewhere go to their host
   * @param quorum whether changes to desired state may be made here
   */
  public NodeService(ClusterStore store, ClusterView view, NodeController controller, NodePaths paths,
      String self, Quorum quorum, PidSpace pids) {
    this.pids = pids;
    this.view = view;
    this.self = self;
    this.quorum = quorum;
    this.store = store;
    this.controller = controller;
    this.paths = paths;
  }

  /**
   * The nodes the filter lets through, by number. The last listing is given again, the same list,
   * while the view has not changed and the filter is the same: a poller's request builds nothing.
   */
  public List<NodeView> list(NodeFilter filter) {
    OptionalLong revision = view.nodesRevision(); // read before the view: see ClusterView
    Listing last = lastListing;
    if (revision.isPresent() && last != null && last.revision() == revision.getAsLong() && last.filter().equals(filter)) {
      return last.nodes();
    }
    Map<Integer, NodeStatus> statuses = view.statuses().stream()
        .collect(Collectors.toMap(NodeStatus::node, s -> s));
    List<NodeView> nodes = view.specs().stream()
        .sorted(Comparator.comparingInt(NodeSpec::node))
        .map(spec -> NodeView.of(spec, statuses.get(spec.node())))
        .filter(filter::matches)
        .toList();
    if (revision.isPresent()) {
      lastListing = new Listing(revision.getAsLong(), filter, nodes);
    }
    return nodes;
  }

  public NodeView get(int node) {
    NodeSpec spec = requireSpec(node);
    return NodeView.of(spec, store.status(node).orElse(null));
  }

  /**
   * Makes nodes 1..count exist and run. Nodes already running are left alone; failed or
   * stopped ones are started again; nodes above {@code count} are not touched.
   */
  public UpResult up(int count) {
    if (count < 1 || count > pids.maxNodes()) {
      throw new IllegalArgumentException("nodes must be 1.." + pids.maxNodes() + " (the cluster's PID range is "
          + pids.range() + " PIDs per node), got " + count);
    }
    quorum.require("bring nodes up");
    List<Integer> created = new ArrayList<>();
    List<Integer> started = new ArrayList<>();
    List<Integer> running = new ArrayList<>();
    for (int node = 1; node <= count; node++) {
      NodeSpec spec = store.spec(node).orElse(null);
      if (spec == null && store.createSpec(NodeSpec.withDefaults(node))) {
        created.add(node);
      } else if (spec != null && startAgain(spec, LeaderStamp.NONE)) {
        started.add(node);
      } else {
        running.add(node);
      }
    }
    controller.nudge();
    return new UpResult(created, started, running);
  }

  /** Adds a node from a spec and starts it if the spec says so. */
  public NodeView create(NodeSpec spec) {
    pids.requireNode(spec.node());
    KernelCommandLine.requireNoReservedKeys(spec.kernelArgs());
    quorum.require("create node " + spec.node());
    if (!store.createSpec(spec)) {
      throw new NodeConflictException("node " + spec.node() + " already exists");
    }
    controller.nudge();
    return get(spec.node());
  }

  /** Adds a node under the lowest free number (a race for one number moves on to the next). */
  public NodeView create(IntFunction<NodeSpec> specNumbered) {
    KernelCommandLine.requireNoReservedKeys(specNumbered.apply(1).kernelArgs());
    quorum.require("create a node");
    for (int node = 1; node <= pids.maxNodes(); node++) {
      if (store.spec(node).isEmpty() && store.createSpec(specNumbered.apply(node))) {
        controller.nudge();
        return get(node);
      }
    }
    throw new NodeConflictException("all " + pids.maxNodes() + " node numbers are taken; delete a node first"
        + " (a cluster with a smaller PID range has more)");
  }

  /** What {@link #update} changed, and which of the changes wait for the node's next boot. */
  public record Update(NodeView node, List<String> atNextBoot) {}

  /**
   * Changes a node's size and labels. Labels apply at once; memory too, through the balloon, up
   * to what a running node was started with; more memory and other CPU counts wait for the
   * node's next boot (a reboot job applies them).
   *
   * @param labels labels to set; a null value removes the label
   */
  public Update update(int node, Integer cpus, Integer memoryMiB, Map<String, String> labels) {
    NodeSpec before = requireSpec(node);
    quorum.require("change node " + node);
    NodeSpec after = store.updateSpec(node, spec -> {
      Map<String, String> merged = new HashMap<>(spec.labels());
      if (labels != null) {
        labels.forEach((key, value) -> {
          if (value == null) {
            merged.remove(key);
          } else {
            merged.put(key, value);
          }
        });
      }
      return spec.withSize(cpus == null ? spec.cpus() : cpus, memoryMiB == null ? spec.memoryMiB() : memoryMiB)
          .withLabels(merged);
    }).orElseThrow(() -> new NoSuchNodeException(node, List.of()));
    List<String> atNextBoot = new ArrayList<>();
    NodeStatus status = store.status(node).orElse(null);
    boolean up = status != null && (status.state() == NodeState.RUNNING || status.state() == NodeState.BOOTING
        || status.state() == NodeState.STOPPING);
    if (up && after.cpus() != before.cpus()) {
      atNextBoot.add("cpus");
    }
    // Memory changes live through the balloon, up to what the node was started with.
    long ceiling = status != null && status.bootMemoryMiB() > 0 ? status.bootMemoryMiB() : before.memoryMiB();
    if (up && after.memoryMiB() != before.memoryMiB() && after.memoryMiB() > ceiling) {
      atNextBoot.add("memoryMiB");
    }
    controller.nudge();
    return new Update(get(node), atNextBoot);
  }

  @Override
  public void requireNode(int node) {
    requireSpec(node);
  }

  @Override
  public void powerOn(int node, long leaderEpoch) {
    startAgain(requireSpec(node), leaderEpoch);
    controller.nudge();
  }

  @Override
  public void powerOff(int node, long leaderEpoch) {
    requireSpec(node);
    store.updateSpec(node, leaderEpoch, s -> s.withRunning(false));
    controller.nudge();
  }

  /**
   * Removes one node: the spec becomes a tombstone, and the controller of the host it ran on
   * destroys its domain and deletes its files. Returns once that is done (or after a bound).
   */
  public void delete(int node) {
    requireSpec(node);
    quorum.require("delete node " + node);
    store.removeSpec(node);
    controller.nudge();
    awaitCleanedUp(List.of(node));
  }

  /** Removes every node, as {@link #delete} does each. */
  public List<Integer> down() {
    quorum.require("remove the nodes");
    List<Integer> removed = new ArrayList<>();
    for (NodeSpec spec : store.specs()) {
      store.removeSpec(spec.node());
      removed.add(spec.node());
    }
    controller.nudge();
    awaitCleanedUp(removed);
    removed.sort(null);
    return removed;
  }

  private void awaitCleanedUp(List<Integer> nodes) {
    long deadline = System.nanoTime() + CLEANUP_TIMEOUT.toNanos();
    while (nodes.stream().anyMatch(n -> store.status(n).isPresent()) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Runs a program on a running node; see {@link ExecListener}. */
  public void exec(int node, List<String> argv, ExecListener listener) {
    requireSpec(node);
    NodeStatus status = store.status(node).orElse(null);
    if (status == null || status.state() != NodeState.RUNNING) {
      throw new NodeConflictException("node " + node + " is "
          + (status == null ? "not started yet" : status.state().label()) + ", not running");
    }
    readyLink(node).exec(argv, Map.of(), listener);
  }

  /** Sends {@code signal} to process {@code pid} on the node, on the host's own authority. */
  public void signal(int node, long pid, int signal) {
    signal(node, pid, signal, null);
  }

  /**
   * Sends {@code signal} to process {@code pid} on the node (this host's); with a {@code sender}
   * the agent checks the sender's right first. Fails with the agent's refusal.
   */
  public void signal(int node, long pid, int signal, Messages.Sender sender) {
    requireSpec(node);
    try {
      readyLink(node).request(id -> new Messages.Signal(id, pid, signal, sender))
          .get(SIGNAL_ANSWER_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AgentUnavailableException("the agent of node " + node + " did not answer a signal within "
          + SIGNAL_ANSWER_SECONDS + " s; it may be overloaded");
    } catch (ExecutionException e) {
      throw new CompletionException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AgentUnavailableException("interrupted while node " + node + " was asked to signal");
    }
  }

  /**
   * The node's agent link once it is ready. One that is (re)connecting - the node just migrated
   * here, or its agent restarted - is waited for a few seconds rather than refused at once.
   */
  private AgentLink readyLink(int node) {
    long deadline = System.nanoTime() + AGENT_WAIT_MILLIS * 1_000_000;
    while (true) {
      Optional<AgentLink> link = controller.links().get(node).filter(AgentLink::isReady);
      if (link.isPresent()) {
        return link.get();
      }
      if (System.nanoTime() > deadline) {
        throw new AgentUnavailableException("the agent of node " + node + " is not connected (waited "
            + AGENT_WAIT_MILLIS / 1000 + " s); try again shortly, or see 'unum node get " + node + "'");
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AgentUnavailableException("the agent of node " + node + " is not connected");
      }
    }
  }

  public List<String> console(int node, int lines) {
    requireSpec(node);
    return ConsoleLog.tail(paths.console(node), lines);
  }

  /**
   * Where requests that only a node's own host can serve (exec) must go: the API
   * address of that host, or empty when it is this one. Fails when that host is gone (down or
   * left); a suspect one is tried, as it may only be busy.
   */
  public Optional<String> servedElsewhere(int node) {
    NodeSpec spec = requireSpec(node);
    String host = store.status(node).map(NodeStatus::host).filter(h -> !h.isEmpty()).orElse(spec.host());
    if (host.isEmpty() || host.equals(self)) {
      return Optional.empty();
    }
    return Optional.of(store.hosts().stream()
        .filter(h -> h.name().equals(host) && !h.state().gone())
        .map(h -> h.info().peerApiAddress())
        .findFirst()
        .orElseThrow(() -> new AgentUnavailableException("node " + node + " is on host " + host
            + ", which is not up")));
  }

  private boolean startAgain(NodeSpec spec, long leaderEpoch) {
    int node = spec.node();
    NodeStatus status = store.status(node).orElse(null);
    // No status yet means the node is new or being adopted after a restart: not down.
    boolean wasDown = !spec.running() || (status != null
        && (status.state() == NodeState.FAILED || status.state() == NodeState.STOPPED));
    // Asked even when it runs already: a leader's step is refused here if a newer leader wrote the spec.
    store.updateSpec(node, leaderEpoch, s -> s.withRunning(true));
    if (status != null && status.state() == NodeState.FAILED) {
      // Forget the failure: the next pass boots it again.
      long now = System.currentTimeMillis();
      store.updateStatus(node, s -> s.moveTo(NodeState.DEFINED, now));
    }
    return wasDown;
  }

  private NodeSpec requireSpec(int node) {
    return store.spec(node).orElseThrow(() -> new NoSuchNodeException(node,
        store.specs().stream().map(NodeSpec::node).toList()));
  }
}
