package io.unum.orchestrator.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code unum tls}: the certificates live migration over TLS needs. The cluster's CA lives on one
 * host only, where an admin issues certificates ({@code setup} there, {@code issue} for the
 * others); the other hosts install the bundle they are given ({@code setup --bundle}).
 */
@Command(name = "tls", description = {"Certificates for live migration over TLS, from the cluster's own CA.",
    "The CA's key stays on the one host where you issue certificates, never on",
    "shared storage:",
    "  on that host:  unum tls setup         (makes the CA in " + TlsCommand.CA + ")",
    "                 unum tls issue --name HOST --address ADDR --out DIR",
    "  on HOST:       unum tls setup --bundle DIR     (DIR copied from there)",
    "Then restart each host's orchestrator."},
    subcommands = {TlsCommand.Setup.class, TlsCommand.Issue.class})
final class TlsCommand {
  /** Where the host that issues certificates keeps the cluster CA: root only. */
  static final String CA = "/etc/unum/ca";
  /** Where a host keeps its own bundle: certificate, key and the CA's certificate. */
  static final Path OWN_BUNDLE = Path.of("/etc/unum/pki");
  private static final String SCRIPT = "orchestrator/host/migration-tls";
  /** A host name as a certificate's CN may hold it (and libvirtd's DN list match it). */
  private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]*");

  private TlsCommand() {}

  /** Issues host {@code name}'s bundle into {@code into} from the CA in {@code caDir} (made when missing). */
  static String issue(Installation installation, Path caDir, String name, List<String> addresses, Path into) {
    List<String> args = new ArrayList<>(List.of("issue", caDir.toString(), name, into.toString()));
    args.addAll(addresses);
    return installation.runScript(Installation.HOST_SCRIPT, SCRIPT, args.toArray(String[]::new));
  }

  /**
   * libvirtd's {@code tls_allowed_dn_list} for these hosts, as {@code UNUM_LIBVIRT_ALLOWED_DN}
   * says it: each host certificate's subject as libvirt reads it ("O=Unum,CN=NAME"), ';' between.
   */
  static String allowedDns(List<String> hosts) {
    for (String host : hosts) {
      if (!HOST_NAME.matcher(host).matches()) {
        throw new IllegalArgumentException("--allow: '" + host + "' is no host name (letters, digits, '.' and '-')");
      }
    }
    return hosts.stream().distinct().map(host -> "O=Unum,CN=" + host).collect(Collectors.joining(";"));
  }

  /** The config file's single values, by key; none without a file. */
  private static Map<String, String> configValues(Path config) {
    Map<String, String> values = new HashMap<>();
    ConfigLocation.of(config, ConfigLocation.DEFAULT).ifPresent(path -> {
      DaemonCommand daemon = new DaemonCommand();
      for (ConfigEntry entry : ConfigFile.read(path, DaemonCommand.configKeys(new CommandLine(daemon).getCommandSpec()))) {
        if (entry.values().size() == 1) {
          values.put(entry.key(), entry.values().get(0));
        }
      }
    });
    return values;
  }

  private static boolean holdsCa(Path dir) {
    return Files.isRegularFile(dir.resolve("ca-key.pem")) && Files.isRegularFile(dir.resolve("ca-cert.pem"));
  }

  @Command(name = "setup", description = {"Install this host's certificate; libvirtd then listens for TLS only.",
      "Without --bundle, this host keeps the cluster CA (--ca-dir, made there on",
      "first use) and issues itself a certificate. With --bundle DIR, it installs",
      "what 'unum tls issue' wrote for it on the CA's host. libvirtd lets in the",
      "hosts' certificates only (--allow). Then restart this host's orchestrator.",
      "Name and address come from the daemon's config file unless given."})
  static final class Setup implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "The daemon's config file (default: "
        + "/etc/unum/unum.yaml when it exists).")
    Path config;

    @Option(names = "--bundle", paramLabel = "DIR", description = "Install this host's bundle (cert.pem, key.pem,"
        + " ca-cert.pem) that 'unum tls issue' wrote on the CA's host; no CA is needed here.")
    Path bundle;

    @Option(names = "--ca-dir", paramLabel = "DIR", description = "Where this host keeps the cluster CA, root only"
        + " and never on shared storage (default: " + CA + ").")
    Path caDir;

    @Option(names = "--name", description = "This host's name, the certificate's CN (default: the config's"
        + " host-name, or the machine's).")
    String name;

    @Option(names = "--address", split = ",", paramLabel = "ADDR", description = "Addresses other hosts reach this"
        + " one at, in the certificate (default: the config's control-plane-address).")
    List<String> addresses = new ArrayList<>();

    @Option(names = "--allow", split = ",", paramLabel = "HOST", description = "The hosts whose certificates"
        + " libvirtd lets in (default: every host certificate of the cluster CA).")
    List<String> allow = new ArrayList<>();

    @Override
    public Integer call() throws java.io.IOException {
      if (bundle != null && (caDir != null || !addresses.isEmpty())) {
        throw new ParameterException(spec.commandLine(), "--bundle installs a certificate issued elsewhere:"
            + " --ca-dir and --address belong to the host that issues it ('unum tls issue')");
      }
      Map<String, String> env = new LinkedHashMap<>(Map.of("UNUM_LIBVIRT_LISTEN", "tls"));
      try {
        if (!allow.isEmpty()) {
          env.put("UNUM_LIBVIRT_ALLOWED_DN", allowedDns(allow));
        }
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
      Map<String, String> file = configValues(config);
      String host = name != null ? name : file.getOrDefault("host-name", DaemonCommand.localHostName());
      Installation installation = Installation.locate();
      Phases phases = new Phases("unum tls setup", bundle == null ? 3 : 2, System.out);
      Path from = bundle;
      // Where versions before this one made the CA: on the shared folder, its key readable by every host.
      Path shared = Path.of(file.getOrDefault("shared-dir", file.getOrDefault("state-dir", "/var/lib/unum")))
          .resolve("pki");
      String former = Files.exists(shared.resolve("ca-key.pem")) ? shared.resolve("ca-key.pem").toString() : null;
      if (bundle == null) {
        Path ca = caDir != null ? caDir : Path.of(CA);
        if (former != null && !holdsCa(ca)) {
          throw new CliFailure("an older Unum kept the cluster CA on the shared folder (" + shared + "), where every"
              + " host could read its key; keep it on this host alone (the hosts' certificates stay valid):"
              + " install -d -m 700 " + ca + " && mv " + shared + "/ca-key.pem " + shared + "/ca-cert.pem " + ca
              + "/ && rm -f " + shared + "/ca-cert.srl; then run 'unum tls setup' again");
        }
        List<String> at = !addresses.isEmpty() ? addresses
            : Optional.ofNullable(file.get("control-plane-address")).map(List::of).orElseThrow(() -> new CliFailure(
                "no address for the certificate: give --address (where other hosts reach this one), or set"
                    + " control-plane-address in the config file"));
        boolean newCa = !holdsCa(ca);
        phases.begin("certificate");
        phases.done(issue(installation, ca, host, at, OWN_BUNDLE));
        if (newCa) {
          System.out.println("unum tls setup: this host now keeps the cluster CA in " + ca + "; give every other host"
              + " a bundle from here ('unum tls issue') and install it there with 'unum tls setup --bundle DIR'");
        }
        from = OWN_BUNDLE;
      }
      phases.begin("install");
      phases.done(installation.runScript(Installation.HOST_SCRIPT, SCRIPT, "install", from.toString(), host));
      phases.begin("libvirt");
      phases.done(installation.runScript(env, Installation.HOST_SCRIPT, "orchestrator/host/ensure-libvirt"));
      if (former != null) {
        System.out.println("unum tls setup: WARNING: the cluster CA's key is on the shared folder (" + former + "),"
            + " where every host can read it: move it to the host that issues certificates (" + CA + ") and remove it"
            + " there");
      }
      System.out.println("unum tls setup: done; restart this host's orchestrator so the cluster knows it can"
          + " migrate over TLS");
      return 0;
    }
  }

  @Command(name = "issue", description = {"Write another host's certificate bundle, where the CA is kept.",
      "DIR gets cert.pem, key.pem and the CA's ca-cert.pem. Copy it to the host",
      "over a channel you trust (it holds the host's private key; e.g. scp -r),",
      "run 'unum tls setup --bundle DIR' there, and delete DIR here."})
  static final class Issue implements Callable<Integer> {
    @Option(names = "--name", required = true, paramLabel = "HOST", description = "The host's name (its"
        + " host-name), the certificate's CN.")
    String name;

    @Option(names = "--address", required = true, split = ",", paramLabel = "ADDR", description = "Addresses other"
        + " hosts reach it at (its control-plane-address, and any other).")
    List<String> addresses;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where to write the bundle (made"
        + " mode 0700).")
    Path out;

    @Option(names = "--ca-dir", paramLabel = "DIR", description = "Where the cluster CA is (default: " + CA + ").")
    Path caDir;

    @Override
    public Integer call() {
      Path ca = caDir != null ? caDir : Path.of(CA);
      if (!holdsCa(ca)) {
        throw new CliFailure("no cluster CA in " + ca + " (ca-key.pem, ca-cert.pem): run this on the host that keeps"
            + " it, or give --ca-dir; the first host makes it with 'unum tls setup'");
      }
      System.out.println("unum tls issue: " + issue(Installation.locate(), ca, name, addresses, out));
      System.out.println("unum tls issue: copy " + out + " to " + name + ", run 'unum tls setup --bundle DIR' there,"
          + " then delete " + out + " here (it holds " + name + "'s private key)");
      return 0;
    }
  }
}
