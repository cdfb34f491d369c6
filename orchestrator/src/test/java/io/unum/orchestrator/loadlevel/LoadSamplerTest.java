package io.unum.orchestrator.loadlevel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.unum.orchestrator.cluster.NodeLoad;
import io.unum.orchestrator.cluster.NodeState;
import io.unum.orchestrator.cluster.NodeStatus;
import io.unum.orchestrator.hypervisor.DomainStatus;
import io.unum.orchestrator.hypervisor.PowerState;
import io.unum.orchestrator.testing.InMemoryClusterStore;
import io.unum.orchestrator.testing.InMemoryLoadStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The sampler's figures: libvirt's CPU time, the guest's own view where it says more, window means. */
class LoadSamplerTest {
  private static final long SECOND = 1_000_000_000L;
  private final InMemoryClusterStore cluster = new InMemoryClusterStore();
  private final List<DomainStatus> domains = new ArrayList<>();
  private long hostNanos;
  private final HostMeter meter = new HostMeter() {
    @Override
    public double cpuCapacity() {
      return 1.5;
    }

    @Override
    public long cpuNanosUsed() {
      return hostNanos;
    }
  };
  private final LoadSampler sampler = new LoadSampler("a", meter, () -> List.copyOf(domains), cluster,
      new InMemoryLoadStore());

  private void guestSays(int node, double cpuPercent, long now) {
    cluster.updateStatus(node, s -> NodeStatus.initial(node, NodeState.RUNNING, "a", "unum-node" + node, "", "", 0)
        .withLoad(new NodeLoad(1, cpuPercent, 512 * 1024, 412 * 1024, 50, 100, now)));
  }

  private void domain(int node, long cpuNanos) {
    domains.removeIf(d -> d.name().equals("unum-node" + node));
    domains.add(new DomainStatus("unum-node" + node, PowerState.RUNNING, 512, 512, 1, cpuNanos));
  }

  @Test
  void demandIsWhatTheGuestWantsEvenWhenTheHostGivesLess() {
    domain(1, 0);
    domain(2, 0);
    assertThat(sampler.sample(0, 0)).as("the first sample only sets the counters").isEmpty();
    // One second: node 1 got 0.4 cores but its guest was 100 % busy; node 2 got 0.1 and its guest says 5 %.
    domain(1, 400_000_000L);
    domain(2, 100_000_000L);
    guestSays(1, 100, 1000);
    guestSays(2, 5, 1000);
    hostNanos = 700_000_000L;
    HostLoad load = sampler.sample(SECOND, 1000).orElseThrow();

    assertThat(load.cpuCapacity()).isEqualTo(1.5);
    assertThat(load.cpuUsed()).isCloseTo(0.7, within(1e-9));
    assertThat(load.otherCpu()).as("what no vCPU accounts for").isCloseTo(0.2, within(1e-9));
    assertThat(load.nodes()).extracting(NodeDemand::cpuDemand).containsExactly(1.0, 0.1);
    assertThat(load.nodes().get(1).memoryUsedMiB()).isEqualTo(100);
    assertThat(load.cpuDemand()).isCloseTo(1.3, within(1e-9));
  }

  @Test
  void figuresAreMeansOverTheWindowAndANodeThatLeftIsGoneAtOnce() {
    domain(1, 0);
    domain(2, 0);
    sampler.sample(0, 0);
    long cpu = 0;
    Optional<HostLoad> load = Optional.empty();
    for (int s = 1; s <= LoadSampler.WINDOW + 2; s++) {
      cpu += s <= 2 ? 0 : SECOND; // idle for two seconds, then busy
      domain(1, cpu);
      domain(2, 0);
      load = sampler.sample(s * SECOND, s * 1000L);
    }
    assertThat(load.orElseThrow().samples()).isEqualTo(LoadSampler.WINDOW);
    assertThat(load.get().nodes().get(0).cpuUsed()).as("busy all the window").isCloseTo(1.0, within(1e-9));

    domains.removeIf(d -> d.name().equals("unum-node2"));
    HostLoad after = sampler.sample((LoadSampler.WINDOW + 3) * SECOND, 9000).orElseThrow();
    assertThat(after.nodes()).extracting(NodeDemand::node).containsExactly(1);
  }

  @Test
  void aStaleGuestFigureIsNotBelieved() {
    domain(1, 0);
    sampler.sample(0, 0);
    domain(1, 100_000_000L);
    guestSays(1, 100, 0); // ten seconds old by now
    HostLoad load = sampler.sample(SECOND, 10_000).orElseThrow();
    assertThat(load.nodes().get(0).cpuDemand()).isCloseTo(0.1, within(1e-9));
  }
}
