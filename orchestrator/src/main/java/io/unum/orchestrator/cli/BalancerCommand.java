package io.unum.orchestrator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.unum.orchestrator.client.UnumClient;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code unum balancer}: what the load balancer sees and did; {@code unum balancer set}: its settings. */
@Command(name = "balancer", description = {"Show the load balancer: every host's load, what it is doing, its",
    "latest decisions and why. 'unum balancer set' changes its mode and settings."},
    subcommands = BalancerCommand.Set.class)
final class BalancerCommand implements Callable<Integer> {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

  @ParentCommand
  UnumCli cli;

  @Mixin
  OutputOption output;

  @Option(names = {"-n", "--decisions"}, paramLabel = "N", description = "Decisions to show, newest last (default: 5).")
  int decisions = 5;

  @Override
  public Integer call() throws Exception {
    UnumClient client = cli.client();
    JsonNode status = client.balancer();
    if (!output.printedAsData(client.json(), status)) {
      print(status, decisions, cli.out);
    }
    return 0;
  }

  static void print(JsonNode status, int decisions, PrintStream out) {
    JsonNode settings = status.path("settings");
    JsonNode report = status.path("report");
    out.printf("mode %s; settings: threshold %d%%, min benefit %d%%, overload %d%%, CPU weight %d%%, hold %d s,"
            + " cooldown %d s; migrations: at most %d at once, downtime %d ms, bandwidth %s, over %s%n",
        settings.path("mode").asText(),
        settings.path("thresholdPercent").asInt(), settings.path("minBenefitPercent").asInt(),
        settings.path("overloadPercent").asInt(), settings.path("cpuWeightPercent").asInt(),
        settings.path("holdSeconds").asInt(), settings.path("cooldownSeconds").asInt(),
        settings.path("maxMigrations").asInt(), settings.path("maxDowntimeMillis").asLong(),
        settings.path("bandwidthMiBps").asLong() == 0 ? "unlimited" : settings.path("bandwidthMiBps").asLong() + " MiB/s",
        settings.path("transport").asText());
    if (report.isMissingNode() || report.isNull()) {
      out.println("no report yet: the leader's balancer has not run (a leader is needed: 'unum status')");
      return;
    }
    out.printf("imbalance %d%% (leader %s, %s): %s%n", report.path("imbalancePercent").asInt(),
        report.path("leader").asText(), TIME.format(Instant.ofEpochMilli(report.path("updatedMillis").asLong())),
        report.path("state").asText());
    Table table = new Table("HOST", "CPUS", "USED", "DEMAND", "LOAD", "NODES (CPU DEMAND)");
    for (JsonNode host : report.path("hosts")) {
      String nodes = StreamSupport.stream(host.path("nodes").spliterator(), false)
          .map(n -> n.path("node").asInt() + "(" + String.format("%.2f", n.path("cpuDemand").asDouble()) + ")")
          .collect(Collectors.joining(" "));
      table.row(host.path("host").asText(), String.format("%.2f", host.path("cpuCapacity").asDouble()),
          String.format("%.2f", host.path("cpuUsed").asDouble()), String.format("%.2f", host.path("cpuDemand").asDouble()),
          host.path("balanced").asBoolean() ? host.path("loadPercent").asInt() + "%" : "not balanced",
          nodes.isEmpty() ? "-" : nodes);
    }
    table.print(out);
    JsonNode recent = report.path("decisions");
    if (recent.isEmpty() || decisions <= 0) {
      return;
    }
    out.println("decisions (newest last):");
    for (int i = Math.max(0, recent.size() - decisions); i < recent.size(); i++) {
      JsonNode d = recent.get(i);
      String outcome = d.hasNonNull("job") ? "job " + d.path("job").asText()
          : d.hasNonNull("error") ? "not started: " + d.path("error").asText() : "recommended";
      out.printf("  %s node %d %s -> %s (%s): %s%n", TIME.format(Instant.ofEpochMilli(d.path("atMillis").asLong())),
          d.path("node").asInt(), d.path("from").asText(), d.path("to").asText(), outcome, d.path("reason").asText());
    }
  }

  @Command(name = "set", description = {"Change the balancer's settings; those not given stay.",
      "Example: unum balancer set --mode recommend --threshold 20"})
  static final class Set implements Callable<Integer> {
    @ParentCommand
    BalancerCommand parent;

    @Mixin
    OutputOption output;

    @Option(names = "--mode", paramLabel = "MODE", description = "off (decides nothing), recommend (reports its"
        + " decisions, moves nothing) or automatic (moves nodes).")
    String mode;

    @Option(names = "--threshold", paramLabel = "PERCENT", description = "Imbalance (standard deviation of the hosts'"
        + " loads, percent) from which it acts.")
    Integer threshold;

    @Option(names = "--min-benefit", paramLabel = "PERCENT", description = "What a move must take off the imbalance.")
    Integer minBenefit;

    @Option(names = "--overload", paramLabel = "PERCENT", description = "CPU load no move may push a host above.")
    Integer overload;

    @Option(names = "--cpu-weight", paramLabel = "PERCENT", description = "CPU's share of a host's load (memory"
        + " allocation has the rest).")
    Integer cpuWeight;

    @Option(names = "--hold", paramLabel = "SECONDS", description = "How long an imbalance must last before"
        + " anything moves.")
    Integer hold;

    @Option(names = "--cooldown", paramLabel = "SECONDS", description = "How long a node that moved stays put.")
    Integer cooldown;

    @Option(names = "--max-migrations", paramLabel = "N", description = "Migrations running at once in the whole"
        + " cluster (drains and manual moves included).")
    Integer maxMigrations;

    @Option(names = "--max-downtime", paramLabel = "MS", description = "The pause a migrating node may see, unless"
        + " its request says otherwise.")
    Long maxDowntime;

    @Option(names = "--bandwidth", paramLabel = "MIB_PER_S", description = "What a migration may send per second,"
        + " 0 no limit, unless its request says otherwise.")
    Long bandwidth;

    @Option(names = "--transport", paramLabel = "tls", converter = TransportConverter.class,
        completionCandidates = TransportConverter.class, description = "Only tls: migrations go over TLS, every"
        + " host with a certificate of the cluster CA ('unum tls setup'); plain tcp was removed.")
    String transport;

    @Override
    public Integer call() throws Exception {
      Map<String, Object> change = new LinkedHashMap<>();
      put(change, "mode", mode);
      put(change, "thresholdPercent", threshold);
      put(change, "minBenefitPercent", minBenefit);
      put(change, "overloadPercent", overload);
      put(change, "cpuWeightPercent", cpuWeight);
      put(change, "holdSeconds", hold);
      put(change, "cooldownSeconds", cooldown);
      put(change, "maxMigrations", maxMigrations);
      put(change, "maxDowntimeMillis", maxDowntime);
      put(change, "bandwidthMiBps", bandwidth);
      put(change, "transport", transport);
      if (change.isEmpty()) {
        throw new CliFailure("nothing to change: give at least one option (see 'unum balancer set --help')");
      }
      UnumClient client = parent.cli.client();
      JsonNode status = client.updateBalancer(change);
      if (!output.printedAsData(client.json(), status)) {
        print(status, 0, parent.cli.out);
      }
      return 0;
    }

    private static void put(Map<String, Object> change, String key, Object value) {
      if (value != null) {
        change.put(key, value);
      }
    }
  }
}
