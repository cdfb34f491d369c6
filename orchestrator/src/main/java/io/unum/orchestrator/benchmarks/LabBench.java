package io.unum.orchestrator.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.unum.orchestrator.bench.BenchResult;
import io.unum.orchestrator.bench.Figure;
import io.unum.orchestrator.bench.FigureTable;
import io.unum.orchestrator.client.NewNode;
import io.unum.orchestrator.client.UnumClient;
import io.unum.orchestrator.lab.LabLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code unum bench lab}: a fresh 3-host lab (cached images), then leader failover, and
 * node-to-node RTT and TCP throughput on one host and across hosts, side by side. Prints
 * numbers; asserts nothing; removes the lab it made.
 */
public final class LabBench {
  private static final int HOSTS = 3;
  private static final Pattern RTT = Pattern.compile("= [0-9.]+/([0-9.]+)/");

  private final BenchSetup setup;
  private final List<Figure> figures = new ArrayList<>();

  public LabBench(BenchSetup setup) {
    this.setup = setup;
  }

  public BenchResult run() throws Exception {
    if (!setup.lab().hosts().isEmpty()) {
      throw new BenchFailure("bench lab times a lab from nothing: run 'unum lab down' first");
    }
    TimedLauncher launcher = TimedLauncher.of(setup);
    try {
      launcher.unum("lab", "up", "--hosts", "1"); // warms the caches (kernel, images) untimed
      launcher.unum("lab", "down");
      figures.add(Figure.lower("lab up --hosts 3, cached (wall, until every host is up)",
          launcher.unum("lab", "up", "--hosts", String.valueOf(HOSTS)), "s"));
      UnumClient api = setup.labClient(1);
      // Nodes 1 and 2 share host 1; node 3 is on host 2.
      createOn(api, 1, 1);
      createOn(api, 2, 1);
      createOn(api, 3, 2);
      setup.awaitNodes(api, 3, "unum bench lab");
      measureNetwork(api);
      figures.add(Figure.lower("leader failover (kill -9 the leader -> next leader, new epoch)", failover(), "s"));
    } finally {
      launcher.unum("lab", "down");
    }
    BenchResult result = new BenchResult("lab", HOSTS + " lab hosts", figures);
    System.out.println();
    FigureTable.lines(result).forEach(System.out::println);
    return result;
  }

  private static void createOn(UnumClient api, int node, int host) {
    api.nodes().create(NewNode.defaults().numbered(node).pinnedTo(LabLayout.name(host)));
  }

  private void measureNetwork(UnumClient api) {
    double rttSame = rtt(api, "10.213.0.2");
    double rttCross = rtt(api, "10.213.0.3");
    figures.add(Figure.lower("node RTT, same host (ping avg, 20 x)", rttSame, "ms"));
    figures.add(Figure.lower("node RTT, across hosts (VXLAN)", rttCross, "ms").beside("same host", rttSame));
    double same = throughput(api, 2, "10.213.0.2");
    double cross = throughput(api, 3, "10.213.0.3");
    figures.add(Figure.higher("node TCP throughput, same host (iperf3 5 s)", same, "Mbit/s"));
    figures.add(Figure.higher("node TCP throughput, across hosts (VXLAN)", cross, "Mbit/s").beside("same host", same));
  }

  private static double rtt(UnumClient api, String target) {
    String out = ProgramRun.output(api, 1, "ping", "-q", "-c", "20", "-i", "0.2", target);
    Matcher m = RTT.matcher(out);
    if (!m.find()) {
      throw new BenchFailure("cannot read ping's summary: " + out);
    }
    return Double.parseDouble(m.group(1));
  }

  private static double throughput(UnumClient api, int server, String address) {
    ProgramRun.output(api, server, "iperf3", "-s", "-1", "-D");
    try {
      JsonNode result = new ObjectMapper().readTree(
          ProgramRun.output(api, 1, "iperf3", "-c", address, "-t", "5", "-J"));
      return result.path("end").path("sum_received").path("bits_per_second").asDouble() / 1e6;
    } catch (java.io.IOException e) {
      throw new BenchFailure("cannot read iperf3's report: " + e.getMessage());
    }
  }

  private double failover() throws InterruptedException {
    JsonNode before = setup.labClient(1).cluster();
    String leader = before.path("leader").asText();
    long epoch = before.path("leaderEpoch").asLong();
    int other = leader.equals(LabLayout.name(1)) ? 2 : 1;
    long start = System.nanoTime();
    setup.lab().kill(leader);
    while (true) {
      JsonNode now = setup.labClient(other).cluster();
      if (!now.path("leader").asText().equals(leader) && now.path("leaderEpoch").asLong() > epoch) {
        return (System.nanoTime() - start) / 1e9;
      }
      if ((System.nanoTime() - start) / 1e9 > 60) {
        throw new BenchFailure("no new leader within 60 s");
      }
      Thread.sleep(50);
    }
  }
}
