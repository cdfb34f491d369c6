package io.unum.orchestrator.migration;

import static org.assertj.core.api.Assertions.assertThat;

import io.unum.orchestrator.agentlink.AgentLinks;
import io.unum.orchestrator.agentlink.ReadinessListener;
import io.unum.orchestrator.boot.FakeHypervisor;
import io.unum.orchestrator.boot.NodePaths;
import io.unum.orchestrator.cluster.NodeSpec;
import io.unum.orchestrator.hypervisor.PowerState;
import io.unum.orchestrator.loadlevel.BalancerSettings;
import io.unum.orchestrator.testing.InMemoryClusterStore;
import io.unum.orchestrator.testing.InMemoryMigrationStore;
import io.unum.orchestrator.testing.MemoryEventLog;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationRunnerTest {
  @TempDir
  Path dir;

  @Test
  void theDestinationConnectsToAnArrivingNodesAgentOnceItsIncomingDomainExists() {
    InMemoryClusterStore store = new InMemoryClusterStore();
    store.createSpec(NodeSpec.withDefaults(2).boundTo("host-a").migratingTo("host-b"));
    store.createSpec(NodeSpec.withDefaults(3).boundTo("host-a"));
    FakeHypervisor hypervisor = new FakeHypervisor();
    try (AgentLinks links = new AgentLinks(new ReadinessListener());
        MigrationRunner destination = new MigrationRunner("host-b", store, store, hypervisor, links,
            new NodePaths(dir), new InMemoryMigrationStore(), new MemoryEventLog(),
            node -> BalancerSettings.DEFAULT.tuning())) {
      destination.pass();
      assertThat(links.get(2)).as("no incoming domain yet: nothing to connect to").isEmpty();

      hypervisor.add(NodePaths.domainName(2), PowerState.PAUSED); // libvirt started the incoming copy
      hypervisor.add(NodePaths.domainName(3), PowerState.RUNNING); // not coming here: not this host's
      destination.pass();

      assertThat(links.get(2)).as("connected while the guest still waits paused").isPresent();
      assertThat(links.get(3)).isEmpty();
    }
  }

  @Test
  void anArrivalThatNeverCameLeavesNoLinkBehind() {
    InMemoryClusterStore store = new InMemoryClusterStore();
    store.createSpec(NodeSpec.withDefaults(2).boundTo("host-a").migratingTo("host-b"));
    FakeHypervisor hypervisor = new FakeHypervisor();
    try (AgentLinks links = new AgentLinks(new ReadinessListener());
        MigrationRunner destination = new MigrationRunner("host-b", store, store, hypervisor, links,
            new NodePaths(dir), new InMemoryMigrationStore(), new MemoryEventLog(),
            node -> BalancerSettings.DEFAULT.tuning())) {
      hypervisor.add(NodePaths.domainName(2), PowerState.PAUSED);
      destination.pass();
      assertThat(links.get(2)).isPresent();

      hypervisor.undefine(NodePaths.domainName(2)); // the copy failed: libvirt removed the incoming domain
      store.updateSpec(2, spec -> spec.migratingTo("")); // and the source cleared the wish
      destination.pass();

      assertThat(links.get(2)).as("the node stays on host-a: no link to it here").isEmpty();
    }
  }
}
