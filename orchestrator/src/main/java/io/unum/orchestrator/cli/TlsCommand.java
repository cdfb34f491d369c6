package io.unum.orchestrator.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code unum tls}: what live migration over TLS needs on this host, from the cluster's own CA on
 * the shared folder (made by the first host that asks).
 */
@Command(name = "tls", description = "Certificates for live migration over TLS.",
    subcommands = {TlsCommand.Setup.class})
final class TlsCommand {

  @Command(name = "setup", description = {"Give this host a certificate of the cluster CA (made on the shared folder",
      "by the first host) and let libvirtd accept migrations over TLS. Run it on every host; then restart",
      "the host's orchestrator. Values not given come from the daemon's config file."})
  static final class Setup implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "The daemon's config file (default: "
        + "/etc/unum/unum.yaml when it exists).")
    Path config;

    @Option(names = "--ca-dir", paramLabel = "DIR", description = "Where the cluster CA is: a folder every host"
        + " sees (default: pki/ under the config's shared-dir, or state-dir).")
    Path caDir;

    @Option(names = "--name", description = "This host's name in the certificate (default: the config's host-name,"
        + " or the machine's).")
    String name;

    @Option(names = "--address", split = ",", paramLabel = "ADDR", description = "Addresses other hosts reach this"
        + " one at (default: the config's control-plane-address).")
    List<String> addresses = new ArrayList<>();

    @Override
    public Integer call() throws java.io.IOException {
      Map<String, String> file = configValues();
      Path dir = caDir != null ? caDir : Path.of(file.getOrDefault("shared-dir",
          file.getOrDefault("state-dir", "/var/lib/unum"))).resolve("pki");
      String host = name != null ? name : file.getOrDefault("host-name", DaemonCommand.localHostName());
      List<String> at = !addresses.isEmpty() ? addresses
          : Optional.ofNullable(file.get("control-plane-address")).map(List::of).orElseThrow(() -> new CliFailure(
              "no address for the certificate: give --address (where other hosts reach this one), or set"
                  + " control-plane-address in the config file"));
      Installation installation = Installation.locate();
      Phases phases = new Phases("unum tls setup", 2, System.out);
      phases.begin("certificates");
      List<String> args = new ArrayList<>(List.of(dir.toString(), host));
      args.addAll(at);
      phases.done(installation.runScript("orchestrator/host/migration-tls", args.toArray(String[]::new)));
      phases.begin("libvirt");
      phases.done(installation.runScript(Map.of("UNUM_LIBVIRT_LISTEN", "tls"), "orchestrator/host/ensure-libvirt"));
      System.out.println("unum tls setup: done; restart this host's orchestrator so the cluster knows it can"
          + " migrate over TLS");
      return 0;
    }

    /** The config file's single values, by key; none without a file. */
    private Map<String, String> configValues() {
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
  }
}
