package io.unum.orchestrator.boot;

import io.unum.agent.protocol.Messages;
import io.unum.orchestrator.agentlink.AgentLink;
import io.unum.orchestrator.agentlink.AgentUnavailableException;
import io.unum.orchestrator.agentlink.ExecListener;
import io.unum.orchestrator.cluster.ClusterStore;
import io.unum.orchestrator.cluster.NodeSpec;
import io.unum.orchestrator.cluster.NodeState;
import io.unum.orchestrator.cluster.NodeStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The node operations the API and CLI offer, checked against the cluster's state. */
public final class NodeService {
  private final ClusterStore store;
  private final NodeController controller;
  private final NodePaths paths;

  public NodeService(ClusterStore store, NodeController controller, NodePaths paths) {
    this.store = store;
    this.controller = controller;
    this.paths = paths;
  }

  public List<NodeView> list() {
    Map<Integer, NodeStatus> statuses = store.statuses().stream()
        .collect(Collectors.toMap(NodeStatus::node, s -> s));
    return store.specs().stream()
        .sorted(Comparator.comparingInt(NodeSpec::node))
        .map(spec -> NodeView.of(spec, statuses.get(spec.node())))
        .toList();
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
    if (count < 1 || count > NodeSpec.MAX_NODES) {
      throw new IllegalArgumentException("nodes must be 1.." + NodeSpec.MAX_NODES + ", got " + count);
    }
    UpResult result = controller.onControllerThread(() -> {
      List<Integer> created = new ArrayList<>();
      List<Integer> started = new ArrayList<>();
      List<Integer> running = new ArrayList<>();
      for (int node = 1; node <= count; node++) {
        NodeSpec spec = store.spec(node).orElse(null);
        if (spec == null) {
          store.putSpec(NodeSpec.withDefaults(node));
          created.add(node);
        } else if (startAgain(spec)) {
          started.add(node);
        } else {
          running.add(node);
        }
      }
      return new UpResult(created, started, running);
    });
    controller.nudge();
    return result;
  }

  /** Adds a node from a spec and starts it if the spec says so. */
  public NodeView create(NodeSpec spec) {
    controller.onControllerThread(() -> {
      if (store.spec(spec.node()).isPresent()) {
        throw new NodeConflictException("node " + spec.node() + " already exists");
      }
      store.putSpec(spec);
      return null;
    });
    controller.nudge();
    return get(spec.node());
  }

  public NodeView start(int node) {
    controller.onControllerThread(() -> startAgain(requireSpec(node)));
    controller.nudge();
    return get(node);
  }

  public NodeView stop(int node) {
    controller.onControllerThread(() -> {
      store.putSpec(requireSpec(node).withRunning(false));
      return null;
    });
    controller.nudge();
    return get(node);
  }

  /** Removes one node: domain destroyed, definition, disk and spec gone. */
  public void delete(int node) {
    controller.onControllerThread(() -> {
      requireSpec(node);
      controller.remove(node);
      store.removeSpec(node);
      return null;
    });
  }

  /** Removes every node: domains destroyed, definitions, disks and specs gone. */
  public List<Integer> down() {
    return controller.onControllerThread(() -> {
      List<Integer> removed = new ArrayList<>();
      for (NodeSpec spec : store.specs()) {
        controller.remove(spec.node());
        store.removeSpec(spec.node());
        removed.add(spec.node());
      }
      removed.sort(null);
      return removed;
    });
  }

  /** Runs a program on a running node; see {@link ExecListener}. */
  public void exec(int node, List<String> argv, ExecListener listener) {
    requireSpec(node);
    NodeStatus status = store.status(node).orElse(null);
    if (status == null || status.state() != NodeState.RUNNING) {
      throw new NodeConflictException("node " + node + " is "
          + (status == null ? "not started yet" : status.state().label()) + ", not running");
    }
    AgentLink link = controller.links().get(node).filter(AgentLink::isReady).orElseThrow(
        () -> new AgentUnavailableException("the agent of node " + node + " is not connected; try again shortly"));
    link.exec(argv, Map.of(), listener);
  }

  /** Sends {@code signal} to process {@code pid} on the node. */
  public void signal(int node, long pid, int signal) {
    requireSpec(node);
    AgentLink link = controller.links().get(node).filter(AgentLink::isReady).orElseThrow(
        () -> new AgentUnavailableException("the agent of node " + node + " is not connected"));
    link.request(id -> new Messages.Signal(id, pid, signal)).join();
  }

  public List<String> console(int node, int lines) {
    requireSpec(node);
    return ConsoleLog.tail(paths.console(node), lines);
  }

  private boolean startAgain(NodeSpec spec) {
    int node = spec.node();
    NodeStatus status = store.status(node).orElse(null);
    // No status yet means the node is new or being adopted after a restart: not down.
    boolean wasDown = !spec.running() || (status != null
        && (status.state() == NodeState.FAILED || status.state() == NodeState.STOPPED));
    if (!spec.running()) {
      store.putSpec(spec.withRunning(true));
    }
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
