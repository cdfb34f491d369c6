package io.unum.orchestrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.unum.orchestrator.client.ClusterCalls;
import io.unum.orchestrator.client.HttpClusterCalls;
import io.unum.orchestrator.client.UnumClient;
import io.unum.orchestrator.innode.NodeUser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.nio.file.Path;
import java.nio.file.Files;

/** Bad usage exits with 2 and names the flag, before anything is built or started. */
class UsageTest {
  /** Calls to an API that is not there: nothing listens on port 9. */
  private static final ClusterCalls NOWHERE =
      new HttpClusterCalls(new UnumClient("http://127.0.0.1:9", java.util.Optional::empty));


  private record Result(int code, String err) {}

  private static Result run(String... args) {
    PrintStream original = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true));
    try {
      return new Result(UnumCli.run(args), err.toString());
    } finally {
      System.setErr(original);
    }
  }

  @Test
  void nodesZeroIsBadUsage() {
    Result result = run("up", "--nodes", "0");
    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).contains("--nodes").contains("got 0");
  }

  @Test
  void nodesAboveTheLimitIsBadUsage() {
    Result result = run("up", "--nodes", "64");
    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).contains("--nodes").contains("63");
  }

  @Test
  void nodesNotANumberIsBadUsage() {
    Result result = run("up", "--nodes", "x");
    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).contains("--nodes").contains("'x'");
  }

  @Test
  void unknownVerbAndBadOutputFormatAreBadUsage() {
    assertThat(run("frobnicate").code()).isEqualTo(2);
    Result result = run("nodes", "-o", "xml");
    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).contains("xml");
  }

  @Test
  void runNeedsACommandAndAValidNode() {
    assertThat(run("run", "--node", "1").code()).isEqualTo(2);
    Result result = run("run", "--node", "x", "--", "true");
    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).contains("--node").contains("'x'");
  }

  @Test
  void killNamesABadSignalOrAMissingProcess() {
    Result unknown = run("kill", "-FOO", "131075");
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err()).contains("unknown signal 'FOO'");
    Result range = run("kill", "-s", "65", "131075");
    assertThat(range.code()).isEqualTo(2);
    assertThat(range.err()).contains("out of range (0..64)");
    Result none = run("kill", "-9");
    assertThat(none.code()).isEqualTo(2);
    assertThat(none.err()).contains("at least one process");
  }

  @Test
  void killSpellsSignalsAsKillDoes() {
    assertThat(Signals.number("9")).isEqualTo(9);
    assertThat(Signals.number("SIGTERM")).isEqualTo(15);
    assertThat(Signals.number("hup")).isEqualTo(1);
    assertThat(Signals.number("0")).isZero();
    assertThat(Signals.number("RTMIN+2")).isEqualTo(36);
    assertThat(Signals.number("RTMAX")).isEqualTo(64);
    assertThat(Signals.name(10)).isEqualTo("USR1");
    assertThat(Signals.name(40)).isEqualTo("RTMIN+6");
  }

  @Test
  void anInNodeCommandHasOnlyTheInNodeVerbsAndPrintsToItsOwnStreams() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = UnumCli.runFor(new NodeUser(1000, 1000), NOWHERE, java.util.Set.of("ps", "kill"),
        new PrintStream(out, true), new PrintStream(err, true), java.util.List.of("up"));
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("Unmatched argument").contains("'up'");
    out.reset();
    assertThat(UnumCli.runFor(new NodeUser(0, 0), NOWHERE, java.util.Set.of("ps", "kill"),
        new PrintStream(out, true), new PrintStream(err, true), java.util.List.of("kill", "-l"))).isZero();
    assertThat(out.toString()).contains("15) TERM");
    err.reset();
    assertThat(UnumCli.runFor(new NodeUser(0, 0), NOWHERE, java.util.Set.of("ps"),
        new PrintStream(out, true), new PrintStream(err, true), java.util.List.of("ps", "--host", "10.1.1.1"))).isEqualTo(2);
    assertThat(err.toString()).as("an in-node command has no --host: its host is fixed").contains("Unknown options: '--host'");
    err.reset();
    assertThat(UnumCli.runFor(new NodeUser(0, 0), NOWHERE, java.util.Set.of("ps"),
        new PrintStream(out, true), new PrintStream(err, true), java.util.List.of("ps"))).isEqualTo(1);
    assertThat(err.toString()).contains("127.0.0.1:9");
  }

  @Test
  void anInNodeCommandNeverReadsAHostFileNamedByAnAtArgument(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Path secret = java.nio.file.Files.writeString(dir.resolve("secret"), "the-host-secret\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    for (String argument : java.util.List.of("@" + secret, "@/dev/zero", "@/dev/urandom")) {
      int code = UnumCli.runFor(new NodeUser(65534, 65534), NOWHERE, java.util.Set.of("ps"),
          new PrintStream(out, true), new PrintStream(err, true), java.util.List.of("ps", argument));
      assertThat(code).as(argument).isEqualTo(2);
      assertThat(err.toString()).as("the argument is taken as written").contains("'" + argument + "'")
          .doesNotContain("the-host-secret");
      err.reset();
    }
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void hostTakesAnAddressWithOrWithoutPortOrAUrl() {
    assertThat(UnumCli.apiUrl("10.0.0.5")).isEqualTo("http://10.0.0.5:7070");
    assertThat(UnumCli.apiUrl("unum-host-2:7072")).isEqualTo("http://unum-host-2:7072");
    assertThat(UnumCli.apiUrl("[::1]")).isEqualTo("http://[::1]:7070");
    assertThat(UnumCli.apiUrl("https://h:1")).isEqualTo("https://h:1");
  }

  @Test
  void onlyTheVerbACommandNamesIsBuiltAndEveryVerbWhenItNamesNone() {
    assertThat(UnumCli.verbsFor("nodes", "-o", "json")).containsExactly(NodesCommand.class);
    assertThat(UnumCli.verbsFor("--version")).isEmpty();
    assertThat(UnumCli.verbsFor("--host", "h", "-V")).isEmpty();
    assertThat(UnumCli.verbsFor("--host", "127.0.0.1:9", "ps", "-e")).containsExactly(PsCommand.class);
    assertThat(UnumCli.verbsFor("--host=127.0.0.1:9", "hosts")).containsExactly(HostsCommand.class);
    int every = UnumCli.withEveryVerb().getSubcommands().size();
    for (String[] args : List.of(new String[0], new String[] {"--help"}, new String[] {"-h"},
        new String[] {"help", "nodes"}, new String[] {"generate-completion"}, new String[] {"frobnicate"},
        new String[] {"@args.txt"}, new String[] {"--host"})) {
      assertThat(UnumCli.verbsFor(args)).as("%s", List.of(args)).hasSize(every);
    }
  }

  @Test
  void theVersionIsPrintedWithNoVerbBuilt() {
    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true));
    try {
      assertThat(UnumCli.run("--version")).isZero();
    } finally {
      System.setOut(original);
    }
    assertThat(out.toString()).startsWith("unum 0.");
  }

  @Test
  void theHostOptionIsTakenAfterTheVerbToo() {
    Result result = run("nodes", "--host", "127.0.0.1:9");
    assertThat(result.code()).as(result.err()).isEqualTo(1);
    assertThat(result.err()).contains("127.0.0.1:9");
  }

  @Test
  void aTypoOfAVerbIsAnsweredWithTheVerbItResembles() {
    Result result = run("nodse");
    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).contains("nodes");
  }

  @Test
  void noDaemonIsAFailureThatSaysWhatToDo() {
    Result result = run("--host", "127.0.0.1:9", "nodes");
    assertThat(result.code()).isEqualTo(1);
    assertThat(result.err()).contains("unum up").contains("127.0.0.1:9");
  }

  @Test
  void anUnknownBenchmarkOrAnOptionItDoesNotTakeIsBadUsageBeforeAnythingRuns() {
    assertThat(run("bench").err()).contains("name a benchmark", "'unum bench report'");
    assertThat(run("bench", "boots").err()).contains("unknown benchmark 'boots'; known: boot, lab, api, ps,"
        + " boot-cluster, migrate, ha, all");
    assertThat(run("bench", "lab", "--out", "/tmp/unum-report").err()).contains("--out goes only with 'all'");
    assertThat(run("bench", "api", "--cold").err()).contains("--cold goes only with 'boot'");
    assertThat(run("bench", "ps", "--rounds", "2").err()).contains("--rounds", "only with 'ha' or 'all'");
    assertThat(run("bench", "all", "--rounds", "0").err()).contains("--rounds", "got 0");
    assertThat(run("bench", "all", "--soak", "3").err()).contains("--soak", "only with 'migrate'");
    for (String[] args : new String[][] {{"bench", "boots"}, {"bench", "all", "--rounds", "0"}}) {
      assertThat(run(args).code()).as(String.join(" ", args)).isEqualTo(2);
    }
  }

  @Test
  void labHostsOutsideOneToEightIsBadUsage() {
    for (String hosts : new String[] {"0", "9"}) {
      Result result = run("lab", "up", "--hosts", hosts);
      assertThat(result.code()).isEqualTo(2);
      assertThat(result.err()).contains("--hosts must be 1..8, got " + hosts);
    }
  }

  @Test
  void aDaemonConfigWithAnUnknownKeyOrAHostTwiceIsRefusedNamingIt(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("unum.yaml");
    Files.writeString(config, "cluster: c\nhostz: 10.0.0.1:5701\n");
    Result unknown = run("daemon", "--config", config.toString(), "--kernel", "/k", "--base-image", "/i");
    assertThat(unknown.code()).isEqualTo(1);
    assertThat(unknown.err()).contains(config + ":2: unknown key 'hostz' (did you mean 'hosts'?");

    Files.writeString(config, "hosts: [10.0.0.1:5701, 10.0.0.2:5701, 10.0.0.1:5701]\n"
        + "state-dir: " + dir.resolve("state") + "\n");
    Result twice = run("daemon", "--config", config.toString(), "--kernel", "/k", "--base-image", "/i");
    assertThat(twice.code()).isEqualTo(1);
    assertThat(twice.err()).contains(config + ":1: key 'hosts': host '10.0.0.1:5701' is listed twice");
    assertThat(dir.resolve("state")).as("nothing started half-way").doesNotExist();
  }

  @Test
  void aDaemonConfigWithABadValueIsRefusedBeforeAnythingStarts(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("unum.yaml");
    Files.writeString(config, "state-dir: " + dir.resolve("state") + "\napi-port: abc\n");
    Result result = run("daemon", "--config", config.toString(), "--kernel", "/k", "--base-image", "/i");
    assertThat(result.code()).isEqualTo(1);
    assertThat(result.err()).contains(config + ":2: key 'api-port': must be a whole number, got 'abc'");
    assertThat(dir.resolve("state")).doesNotExist();
  }

  @Test
  void aDaemonConfigNamedButMissingIsRefused(@TempDir Path dir) {
    Path missing = dir.resolve("missing.yaml");
    Result result = run("daemon", "--config", missing.toString(), "--kernel", "/k", "--base-image", "/i");
    assertThat(result.code()).isEqualTo(1);
    assertThat(result.err()).contains("config file " + missing + " does not exist");
  }

  @Test
  void aDaemonNeedsAKernelAndAnImageFromFlagsOrTheFile(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("unum.yaml");
    Files.writeString(config, "kernel: /k\n");
    Result result = run("daemon", "--config", config.toString());
    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).contains("--kernel and --base-image are required").contains(config.toString());
  }

  @Test
  void aDaemonWithAnInterconnectTooSmallIsRefused(@TempDir Path dir) {
    Result result = run("daemon", "--cidr", "10.213.0.0/28", "--kernel", "/k", "--base-image", "/i",
        "--state-dir", dir.resolve("state").toString());
    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).contains("--cidr: interconnect CIDR /28 has room for 14 nodes");
    assertThat(dir.resolve("state")).doesNotExist();
  }

  @Test
  void aDaemonValueOutOfRangeIsBadUsageAsAFlagAndNamedByLineInTheFile(@TempDir Path dir) throws Exception {
    Result flag = run("daemon", "--api-port", "70000", "--kernel", "/k", "--base-image", "/i");
    assertThat(flag.code()).isEqualTo(2);
    assertThat(flag.err()).contains("--api-port: must be a port number 1..65535, got 70000");

    Path config = dir.resolve("unum.yaml");
    Files.writeString(config, "state-dir: " + dir.resolve("state") + "\n# ports\napi-port: 70000\n");
    Result file = run("daemon", "--config", config.toString(), "--kernel", "/k", "--base-image", "/i");
    assertThat(file.code()).isEqualTo(1);
    assertThat(file.err()).contains(config + ":3: key 'api-port': must be a port number 1..65535, got 70000");

    Files.writeString(config, "state-dir: " + dir.resolve("state") + "\ncidr: 10.213.0.0/28\n");
    Result cidr = run("daemon", "--config", config.toString(), "--kernel", "/k", "--base-image", "/i");
    assertThat(cidr.err()).contains(config + ":2: key 'cidr': interconnect CIDR /28 has room for 14 nodes");
    assertThat(dir.resolve("state")).doesNotExist();
  }

  @Test
  void aPidRangeTheKernelCannotShareOutOrThatTheInterconnectCannotHoldIsRefused(@TempDir Path dir) throws Exception {
    Result flag = run("daemon", "--pid-range", "5000", "--kernel", "/k", "--base-image", "/i",
        "--state-dir", dir.resolve("state").toString());
    assertThat(flag.code()).isEqualTo(2);
    assertThat(flag.err()).contains("--pid-range: the PID range must be a power of two from 1024 to 65536")
        .contains("got 5000");

    Path config = dir.resolve("unum.yaml");
    Files.writeString(config, "state-dir: " + dir.resolve("state") + "\npid-range: 4096\n");
    Result small = run("daemon", "--config", config.toString(), "--kernel", "/k", "--base-image", "/i");
    assertThat(small.code()).isEqualTo(1);
    assertThat(small.err()).as("1023 nodes do not fit the default /24")
        .contains(config.toString()).contains("--cidr: interconnect CIDR /24 has room for 254 nodes;"
            + " a cluster may have 1023 (use a /21 or larger) (with pid-range 4096)");
    assertThat(dir.resolve("state")).doesNotExist();
  }

  @Test
  void fencingIsOffOrLeaseAndNothingElse(@TempDir Path dir) throws Exception {
    Result flag = run("daemon", "--fencing", "maybe", "--kernel", "/k", "--base-image", "/i",
        "--state-dir", dir.resolve("state").toString());
    assertThat(flag.code()).isEqualTo(2);
    assertThat(flag.err()).contains("--fencing").contains("must be off or lease, got 'maybe'");
    assertThat(dir.resolve("state")).doesNotExist();
  }

  @Test
  void aFailureDeadlineOutsideThreeSecondsToTheLeaseTermOrNotANumberIsRefused(@TempDir Path dir) throws Exception {
    for (String bad : new String[] {"0", "-5", "2", "19"}) {
      Result flag = run("daemon", "--failure-deadline", bad, "--kernel", "/k", "--base-image", "/i",
          "--state-dir", dir.resolve("state").toString());
      assertThat(flag.code()).as(bad).isEqualTo(2);
      assertThat(flag.err()).as(bad).contains("--failure-deadline: must be 3..18 (seconds;").contains("got " + bad);
    }
    Result word = run("daemon", "--failure-deadline", "ten", "--kernel", "/k", "--base-image", "/i");
    assertThat(word.code()).isEqualTo(2);
    assertThat(word.err()).contains("--failure-deadline").contains("'ten' is not an int");

    Path config = dir.resolve("unum.yaml");
    Files.writeString(config, "state-dir: " + dir.resolve("state") + "\nfailure-deadline: 600\n");
    Result file = run("daemon", "--config", config.toString(), "--kernel", "/k", "--base-image", "/i");
    assertThat(file.code()).isEqualTo(1);
    assertThat(file.err()).contains(config + ":2: key 'failure-deadline': must be 3..18 (seconds;")
        .contains("got 600");
    assertThat(dir.resolve("state")).doesNotExist();
  }

  @Test
  void aFlagOverridesABadValueInTheFile(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("unum.yaml");
    Files.writeString(config, "accel: warp\nboot-timeout: 0\n");
    Result result = run("daemon", "--config", config.toString(), "--accel", "tcg",
        "--kernel", "/k", "--base-image", "/i");
    assertThat(result.err()).as("accel came from the flag; the file's next bad value is reported")
        .contains(config + ":2: key 'boot-timeout': must be at least 1 (seconds), got 0");
  }

  @Test
  void plainTcpIsNoTransportAnyMore() {
    for (String[] args : new String[][] {{"node", "migrate", "3", "--transport", "tcp"},
        {"balancer", "set", "--transport", "tcp"}}) {
      Result result = run(args);
      assertThat(result.code()).as(String.join(" ", args)).isEqualTo(2);
      assertThat(result.err()).contains("--transport").contains("only tls exists").contains("'tcp'");
    }
  }

  @Test
  void aBashCompletionScriptIsGenerated() {
    java.io.PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true));
    try {
      assertThat(UnumCli.run("generate-completion")).isZero();
    } finally {
      System.setOut(original);
    }
    assertThat(out.toString()).contains("complete -F").contains("lab").contains("nodes");
  }
}
