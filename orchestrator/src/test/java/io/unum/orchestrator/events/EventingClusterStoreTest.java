package io.unum.orchestrator.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.unum.orchestrator.cluster.HostInfo;
import io.unum.orchestrator.cluster.HostState;
import io.unum.orchestrator.cluster.HostStatus;
import io.unum.orchestrator.cluster.BootPhase;
import io.unum.orchestrator.cluster.NodeLoad;
import io.unum.orchestrator.cluster.NodeSpec;
import io.unum.orchestrator.cluster.NodeState;
import io.unum.orchestrator.cluster.NodeStatus;
import io.unum.orchestrator.testing.InMemoryClusterStore;
import io.unum.orchestrator.testing.MemoryEventLog;
import org.junit.jupiter.api.Test;

class EventingClusterStoreTest {
  private final MemoryEventLog events = new MemoryEventLog();
  private final EventingClusterStore store = new EventingClusterStore(new InMemoryClusterStore(), events);

  @Test
  void everySpecChangeAndStateMoveIsAnEventInOrder() {
    store.createSpec(NodeSpec.withDefaults(4));
    store.createSpec(NodeSpec.withDefaults(4)); // exists: no change, no event
    store.updateSpec(4, s -> s.boundTo("h1"));
    store.updateSpec(4, s -> s.boundTo("h1")); // the same: no event
    store.updateStatus(4, s -> NodeStatus.initial(4, NodeState.DEFINED, "h1", "unum-node-4", null, null, 1));
    store.updateStatus(4, s -> s.booting(2));
    store.updateStatus(4, s -> s.withLoad(new NodeLoad(0.5, 10, 0, 0, 0, 3, 5))); // load: not a state change
    store.updateStatus(4, s -> s.withBootPhase(BootPhase.KERNEL));
    store.updateStatus(4, s -> s.withBootPhase(BootPhase.KERNEL)); // the same: no event
    store.updateStatus(4, s -> s.running(null, 4));
    store.removeSpec(4);
    store.removeSpec(4); // gone already: no event
    assertThat(events.types()).containsExactly("node.created", "node.updated", "node.state", "node.state",
        "node.boot-phase", "node.boot-phase", "node.state", "node.boot-phase", "node.removed");
    assertThat(events.all().stream().filter(e -> e.type().equals("node.boot-phase"))
        .map(e -> e.data().get("phase"))).containsExactly("starting", "kernel", "joined");
    Event booted = events.all().get(6);
    assertThat(booted.subject()).isEqualTo("node/4");
    assertThat(booted.data()).containsEntry("from", "booting").containsEntry("to", "running")
        .containsEntry("host", "h1");
    assertThat(events.all().get(1).data()).containsEntry("host", "h1");
  }

  @Test
  void aHostComingAndGoingIsAnEvent() {
    HostInfo info = new HostInfo("h1", 2, 4096, "tcg", "test", "qemu:///system", "10.0.0.1", "h1:7070", "k", "i", 0, true, null);
    store.updateHost("h1", h -> new HostStatus(info, "m1", HostState.UP, 1, 0));
    store.updateHost("h1", h -> h.withLoad(1.5).withHeartbeat(7));
    store.updateHost("h1", h -> h.withState(HostState.SUSPECT, 2));
    store.updateHost("h1", h -> h.withState(HostState.DOWN, 3));
    store.updateHost("h1", h -> h.withState(HostState.UP, 4));
    store.updateHost("h1", h -> h.withState(HostState.LEFT, 5));
    assertThat(events.types()).as("load and heartbeats are no events")
        .containsExactly("host.up", "host.suspect", "host.down", "host.up", "host.left");
    assertThat(events.all().get(1).data()).containsEntry("from", "up").containsEntry("to", "suspect")
        .containsEntry("host", "h1");
    assertThat(events.all().get(2).data()).containsEntry("from", "suspect").containsEntry("to", "down");
    assertThat(events.all().get(0).subject()).isEqualTo("host/h1");
  }

  @Test
  void aHostRegisteringAgainUnderANewMemberIsAnUpEvent() {
    HostInfo info = new HostInfo("h1", 2, 4096, "tcg", "test", "qemu:///system", "10.0.0.1", "h1:7070", "k", "i", 0,
        true, null);
    store.updateHost("h1", h -> new HostStatus(info, "m1", HostState.UP, 1, 0));
    store.updateHost("h1", h -> new HostStatus(info, "m2", HostState.UP, 2, 0));
    assertThat(events.types()).containsExactly("host.up", "host.up");
    assertThat(events.all().get(1).data()).containsEntry("from", "up").containsEntry("to", "up");
  }

  @Test
  void aHostBecomingDegradedAndWellAgainIsAnEvent() {
    HostInfo info = new HostInfo("h1", 2, 4096, "tcg", "test", "qemu:///system", "10.0.0.1", "h1:7070", "k", "i", 0, true, null);
    store.updateHost("h1", h -> new HostStatus(info, "m1", HostState.UP, 1, 0));
    store.updateHost("h1", h -> h.withDegraded("libvirt did not answer"));
    store.updateHost("h1", h -> h.withLoad(2).withDegraded("libvirt did not answer"));
    store.updateHost("h1", h -> h.withDegraded(null));
    assertThat(events.types()).containsExactly("host.up", "host.degraded", "host.degraded");
    assertThat(events.all().get(1).data()).containsEntry("host", "h1").containsEntry("degraded", "libvirt did not answer");
    assertThat(events.all().get(2).data()).containsEntry("degraded", null);
  }
}
