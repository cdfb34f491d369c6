package io.unum.orchestrator.cli;

import io.unum.orchestrator.client.UnumClient;
import io.unum.orchestrator.cluster.FailureDetector;
import io.unum.orchestrator.cluster.Peers;
import io.unum.orchestrator.cluster.PidSpace;
import io.unum.orchestrator.daemon.DaemonConfig;
import io.unum.orchestrator.fencing.FenceTimes;
import io.unum.orchestrator.daemon.Orchestrator;
import io.unum.orchestrator.interconnect.NodeAddressing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code unum daemon}: runs this host's orchestrator in the foreground until SIGTERM, or with
 * {@code --detach} in the background. Settings come from flags and from the config file,
 * {@code /etc/unum/unum.yaml} or {@code --config FILE} (same names, flags win).
 */
@Command(name = "daemon", hidden = true, description = "Run the host orchestrator (started by 'unum up').")
final class DaemonCommand implements Callable<Integer> {
  /** The shortest failure deadline: a host is suspect after that much silence anyway. */
  private static final int MIN_FAILURE_DEADLINE = (int) FailureDetector.SUSPECT_AFTER.toSeconds();
  /** The longest: a lost host is declared down before its lease runs out and its nodes restart elsewhere. */
  private static final int MAX_FAILURE_DEADLINE = (int) FenceTimes.TERM.toSeconds();
  private static final Path AUTO_WATCHDOG_DEVICE = Path.of("/dev/watchdog");

  @Spec
  CommandSpec spec;

  @Option(names = "--config", paramLabel = "FILE",
      description = "YAML file whose keys are these options' names (default: /etc/unum/unum.yaml,"
          + " if it exists).")
  Path config;

  /** Read when no --config is given; a field so tests need not depend on this machine's /etc. */
  Path defaultConfig = ConfigLocation.DEFAULT;

  @Option(names = "--detach", description = "Start the daemon in the background; return when its API answers.")
  boolean detach;

  @Option(names = "--kernel", description = "Node kernel (bzImage).")
  Path kernel;

  @Option(names = "--base-image", description = "Node base disk image (raw ext4).")
  Path baseImage;

  @Option(names = "--host-name", description = "Name this host registers under (default: its hostname).")
  String hostName;

  @Option(names = "--api-host", defaultValue = "127.0.0.1")
  String apiHost;

  @Option(names = "--api-port", defaultValue = "7070")
  int apiPort;

  @Option(names = "--state-dir", defaultValue = "/var/lib/unum")
  Path stateDir;

  @Option(names = "--admin-token-file", defaultValue = "/etc/unum/admin-token", paramLabel = "FILE",
      description = "Where this host keeps its own admin credential (written on first start, mode 0600;"
          + " the CLI of root reads it).")
  Path adminTokenFile;

  @Option(names = "--audit-log", defaultValue = "/var/log/unum/audit.log", paramLabel = "FILE",
      description = "This host's copy of the cluster's audit log: every write to the API, JSON lines (mode 0600,"
          + " rotated at 64 MiB, 4 old files kept).")
  Path auditLog;

  @Option(names = "--shared-dir", paramLabel = "DIR",
      description = "Storage every host sees, for node disks (default: the state dir: one host only).")
  Path sharedDir;

  @Option(names = "--libvirt-uri", defaultValue = "qemu:///system")
  String libvirtUri;

  @Option(names = "--accel", defaultValue = "auto", description = "auto, kvm or tcg.")
  String accel;

  @Option(names = "--bridge", defaultValue = "unum0")
  String bridge;

  @Option(names = "--cidr", defaultValue = "10.213.0.0/24", description = "Interconnect network of the nodes.")
  String cidr;

  @Option(names = "--pid-range", defaultValue = "65536", paramLabel = "PIDS",
      description = "PIDs per node, the same on every host and fixed when the cluster is made: 65536 allows 63"
          + " nodes, 4096 allows 1023 (with a /21 or larger --cidr), 1024 allows 4095 (default: ${DEFAULT-VALUE}).")
  int pidRange;

  @Option(names = "--cluster", defaultValue = "unum", description = "Cluster name (the control plane's).")
  String cluster;

  @Option(names = "--control-plane-address", defaultValue = "127.0.0.1",
      description = "Address the control plane (Hazelcast) binds and is reached at.")
  String controlPlaneAddress;

  @Option(names = "--control-plane-port", defaultValue = "5701")
  int controlPlanePort;

  @Option(names = "--mesh-port", defaultValue = "51820", description = "UDP port of the host mesh (WireGuard)"
      + " that the control plane rides on when --hosts names hosts (default: ${DEFAULT-VALUE}).")
  int meshPort;

  @Option(names = {"--hosts", "--peer"}, paramLabel = "HOST:PORT", split = ",",
      description = "Control-plane addresses of the cluster's hosts (this one may be among them);"
          + " comma-separated or repeated. A static list: no multicast.")
  List<String> hosts = new ArrayList<>();

  @Option(names = "--boot-timeout", defaultValue = "120", description = "Seconds a node may take to say hello.")
  int bootTimeoutSeconds;

  @Option(names = "--fencing", defaultValue = "lease", paramLabel = "lease|off",
      description = "lease: with 3 hosts or more, run nodes only under a lease from the majority and restart a lost"
          + " host's nodes elsewhere; off: neither (a lost host's nodes stay lost; default: ${DEFAULT-VALUE}).")
  String fencing;

  @Option(names = "--watchdog-device", defaultValue = "auto", paramLabel = "auto|none|PATH",
      description = "With fencing: the watchdog device that resets this machine should the watchdog process that kills"
          + " its guests die or hang (auto: /dev/watchdog when there is one, as the softdog module or a hardware"
          + " watchdog makes it; none: the process alone; default: ${DEFAULT-VALUE}).")
  String watchdogDevice;

  @Option(names = "--failure-deadline", defaultValue = "10", paramLabel = "SECONDS",
      description = "Seconds a host may go unheard before it is declared down, 3..18 (at most the lease term; it is"
          + " suspect after 3; the leader's setting applies; default: ${DEFAULT-VALUE}).")
  int failureDeadlineSeconds;

  @Override
  public Integer call() throws Exception {
    DaemonCommand effective = effective();
    if (effective.kernel == null || effective.baseImage == null) {
      throw new ParameterException(spec.commandLine(),
          "--kernel and --base-image are required (as flags, or as kernel: and base-image: in "
              + (config != null ? config : defaultConfig) + ")");
    }
    if (detach) {
      return startDetached(effective);
    }
    return effective.runInForeground();
  }

  /**
   * The settings to run with, checked: the flags (a bad one is bad usage), over the config
   * file's when there is one (a bad value there is reported at its line).
   */
  DaemonCommand effective() {
    validate();
    return ConfigLocation.of(config, defaultConfig).map(this::withConfigFile).orElse(this);
  }

  /**
   * The settings a daemon started here without flags would use: the config file's, else the
   * defaults. Fails as the daemon would on a bad file.
   */
  static DaemonCommand configured() {
    DaemonCommand command = new DaemonCommand();
    new CommandLine(command).parseArgs();
    return command.effective();
  }

  PidSpace pidSpace() {
    return new PidSpace(pidRange);
  }

  /**
   * Where libvirt keeps this host's disk leases: on the shared storage, when there is one (hosts
   * that share node disks), so that no two QEMUs anywhere open one disk; none on one host alone.
   */
  Optional<Path> diskLockspace() {
    return sharedDir == null || sharedDir.equals(stateDir) ? Optional.empty()
        : Optional.of(sharedDir.resolve("lockspace"));
  }

  /**
   * The checks picocli's types cannot express, made here rather than when the orchestrator
   * starts so that a file's bad value can still be traced to its key and line.
   */
  void validate() {
    requirePort("--api-port", apiPort);
    requirePort("--control-plane-port", controlPlanePort);
    if (bootTimeoutSeconds < 1) {
      throw new InvalidOption(spec, "--boot-timeout", bootTimeoutSeconds,
          "must be at least 1 (seconds), got " + bootTimeoutSeconds);
    }
    if (!fencing.equals("off") && !fencing.equals("lease")) {
      throw new InvalidOption(spec, "--fencing", fencing, "must be off or lease, got '" + fencing + "'");
    }
    if (!watchdogDevice.equals("auto") && !watchdogDevice.equals("none") && !watchdogDevice.startsWith("/")) {
      throw new InvalidOption(spec, "--watchdog-device", watchdogDevice,
          "must be auto, none or an absolute path such as /dev/watchdog, got '" + watchdogDevice + "'");
    }
    if (watchdogDevice.startsWith("/") && !Files.exists(Path.of(watchdogDevice))) {
      // Asked for by name, it is wanted: starting without it would fence with less than was asked.
      throw new InvalidOption(spec, "--watchdog-device", watchdogDevice, "there is no " + watchdogDevice
          + " on this host (load a watchdog driver, e.g. 'modprobe softdog', or say auto or none)");
    }
    if (failureDeadlineSeconds < MIN_FAILURE_DEADLINE || failureDeadlineSeconds > MAX_FAILURE_DEADLINE) {
      throw new InvalidOption(spec, "--failure-deadline", failureDeadlineSeconds, "must be " + MIN_FAILURE_DEADLINE
          + ".." + MAX_FAILURE_DEADLINE + " (seconds; a host is suspect after " + MIN_FAILURE_DEADLINE
          + " s unheard, so no shorter), got " + failureDeadlineSeconds);
    }
    if (!List.of("auto", "kvm", "tcg").contains(accel)) {
      throw new InvalidOption(spec, "--accel", accel, "must be auto, kvm or tcg, got '" + accel + "'");
    }
    PidSpace pids;
    try {
      pids = new PidSpace(pidRange);
    } catch (IllegalArgumentException e) {
      throw new InvalidOption(spec, "--pid-range", pidRange, e.getMessage());
    }
    try {
      new NodeAddressing(cidr).requireRoomFor(pids.maxNodes());
    } catch (IllegalArgumentException e) {
      throw new InvalidOption(spec, "--cidr", cidr, e.getMessage() + " (with pid-range " + pidRange + ")");
    }
    try {
      Peers.parse(hosts);
    } catch (IllegalArgumentException e) {
      throw new InvalidOption(spec, "--hosts", String.join(",", hosts), e.getMessage());
    }
  }

  /** The device asked for: auto finds /dev/watchdog if this machine has one. */
  private Path watchdogDevice() {
    return switch (watchdogDevice) {
      case "none" -> null;
      case "auto" -> Files.exists(AUTO_WATCHDOG_DEVICE) ? AUTO_WATCHDOG_DEVICE : null;
      default -> Path.of(watchdogDevice);
    };
  }

  private void requirePort(String option, int port) {
    if (port < 1 || port > 65535) {
      throw new InvalidOption(spec, option, port, "must be a port number 1..65535, got " + port);
    }
  }

  /**
   * This command re-parsed with the config file's settings first and the flags after them; a
   * key also given as a flag is left out, so the flag replaces it (lists included).
   */
  private DaemonCommand withConfigFile(Path file) {
    Set<String> flags = spec.commandLine().getParseResult().matchedOptions().stream()
        .map(DaemonCommand::key)
        .collect(Collectors.toSet());
    List<ConfigEntry> entries = ConfigFile.read(file, configKeys(spec)).stream()
        .filter(entry -> !flags.contains(entry.key()))
        .toList();
    List<String> args = new ArrayList<>();
    entries.forEach(entry -> args.addAll(entry.args()));
    args.addAll(givenArgs());
    DaemonCommand merged = new DaemonCommand();
    try {
      new CommandLine(merged).parseArgs(args.toArray(String[]::new));
      merged.validate();
    } catch (ParameterException e) {
      throw blame(e, file, entries);
    }
    return merged;
  }

  /**
   * The config file's keys and what each takes: the daemon's own options (not the ones every
   * {@code unum} command inherits), less those about the file and the process themselves.
   */
  static Map<String, ValueKind> configKeys(CommandSpec spec) {
    Map<String, ValueKind> keys = new TreeMap<>();
    for (OptionSpec option : ownOptions(spec)) {
      String key = key(option);
      if (!key.equals("config") && !key.equals("detach")) {
        keys.put(key, ValueKind.of(option));
      }
    }
    return keys;
  }

  private static List<OptionSpec> ownOptions(CommandSpec spec) {
    return spec.options().stream()
        .filter(option -> !option.inherited() && !option.usageHelp() && !option.versionHelp())
        .toList();
  }

  private static String key(OptionSpec option) {
    return option.longestName().substring(2);
  }

  /** {@code e} as a failure at the file line of the key it is about (flags were checked already). */
  private static CliFailure blame(ParameterException e, Path file, List<ConfigEntry> entries) {
    if (e.getArgSpec() instanceof OptionSpec option) {
      String problem = e instanceof InvalidOption invalid ? invalid.problem() : e.getMessage();
      for (ConfigEntry entry : entries) {
        if (entry.key().equals(key(option))) {
          return entry.failure(problem);
        }
      }
    }
    return new CliFailure(file + ": " + e.getMessage());
  }

  /** Starts {@code unum daemon} with these arguments (less --detach) as a background process. */
  private int startDetached(DaemonCommand effective) {
    List<String> args = givenArgs();
    args.remove("--detach");
    UnumClient client = UnumCli.withUsualCredential(UnumCli.apiUrl("127.0.0.1:" + effective.apiPort));
    DaemonProcess daemon = new DaemonProcess(Installation.locate(), client, effective.stateDir);
    if (client.reachable()) {
      throw new CliFailure("an orchestrator already answers on port " + effective.apiPort
          + " (pid " + daemon.pid() + ")");
    }
    daemon.start(args);
    System.out.println("orchestrator started (pid " + daemon.pid() + "), log " + DaemonProcess.log());
    return 0;
  }

  /** The options given to this command, as {@code --name=value} arguments. */
  private List<String> givenArgs() {
    List<String> args = new ArrayList<>();
    for (OptionSpec option : spec.commandLine().getParseResult().matchedOptions()) {
      if (option.inherited()) {
        continue; // the parent's (--host): not a daemon setting, and a bare daemon would refuse it
      }
      if (option.arity().max() == 0) {
        args.add(option.longestName());
      } else {
        option.originalStringValues().forEach(v -> args.add(option.longestName() + "=" + v));
      }
    }
    return args;
  }

  private int runInForeground() throws Exception {
    DaemonLog.rotateIfAsked();
    DaemonConfig daemonConfig = new DaemonConfig(hostName != null ? hostName : localHostName(),
        apiHost, apiPort, stateDir, sharedDir != null ? sharedDir : stateDir, kernel, baseImage,
        libvirtUri, accel, bridge, cidr, new PidSpace(pidRange), cluster, controlPlaneAddress, controlPlanePort, hosts,
        meshPort, Duration.ofSeconds(bootTimeoutSeconds), Duration.ofSeconds(failureDeadlineSeconds), adminTokenFile,
        auditLog, Installation.locate().home().resolve("orchestrator/host/unum-watchdog"),
        Installation.LOG_DIR.resolve("watchdog.log"), watchdogDevice(), fencing.equals("lease"));
    Orchestrator orchestrator;
    try {
      orchestrator = Orchestrator.start(daemonConfig, UnumCli::runFor);
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new CliFailure("orchestrator cannot start: " + e.getMessage());
    }
    Orchestrator.writePid(stateDir.resolve("orchestrator.pid"));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      orchestrator.close();
      stopped.countDown();
    }, "shutdown"));
    stopped.await();
    return 0;
  }

  static String localHostName() throws IOException {
    return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
  }
}
