package io.unum.orchestrator.lab;

import io.unum.orchestrator.lab.ContainerEngine.HostContainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A lab of Docker containers that each play a physical Unum host, on one machine: made, grown,
 * faulted (kill, stop, partition) and removed. Everything it makes carries the lab label and
 * lives under its directory, so {@link #down} removes exactly that.
 */
public final class Lab {
  private static final String HOST_INIT = LabLayout.HOME_IN_HOST + "/orchestrator/lab/host-init";
  /** The nftables table a partition's rules live in, on each host it cuts. */
  private static final String PARTITION_TABLE = "unum_lab_partition";

  private final ContainerEngine engine;
  private final LabLayout layout;
  private final Path home;
  private final CertificateIssuer certificates;

  /**
   * @param home         the Unum checkout, mounted read-only into every host (jar, scripts)
   * @param certificates issues the hosts' certificates from the lab's CA, on this machine
   */
  public Lab(ContainerEngine engine, LabLayout layout, Path home, CertificateIssuer certificates) {
    this.engine = engine;
    this.layout = layout;
    this.home = home;
    this.certificates = certificates;
  }

  /** Names of the lab's hosts, in host order. */
  public List<String> hosts() {
    return engine.containers(LabLayout.LABEL).stream()
        .filter(name -> LabLayout.number(name) > 0)
        .sorted(Comparator.comparingInt(LabLayout::number))
        .toList();
  }

  /** The container state of a host ("running", "exited", ...), or "absent". */
  public String state(String host) {
    return engine.state(host).orElse("absent");
  }

  /**
   * Makes hosts 1..count exist and run (a lab only grows: new hosts join the running ones), each
   * with its certificate from the lab's CA. Returns what it did per host: "created", or what
   * {@link #start} did.
   */
  public Map<String, String> up(int count, String image, Path kernel, Path baseImage, boolean fencing) {
    LabLayout.checkHostCount(count);
    int existing = hosts().stream().mapToInt(LabLayout::number).max().orElse(0);
    if (existing > count) {
      throw new IllegalArgumentException("the lab already has " + existing + " hosts; --hosts "
          + count + " would shrink it (run 'unum lab down' first)");
    }
    checkFencing(fencing);
    if (Files.exists(layout.formerSharedCaDir().resolve("ca-key.pem"))) {
      throw new IllegalStateException("this lab was made by an older Unum, which kept the lab CA's key on the"
          + " shared folder (" + layout.formerSharedCaDir() + "); remove the lab with 'unum lab down', then run"
          + " 'unum lab up' again");
    }
    container(1, image, kernel, baseImage); // refuses, before anything is made, a lab whose hosts would see its CA
    engine.ensureNetwork(LabLayout.NETWORK, LabLayout.SUBNET, Map.of(LabLayout.LABEL, "1"));
    Map<String, String> done = new LinkedHashMap<>();
    for (int host = 1; host <= count; host++) {
      String name = LabLayout.name(host);
      // Every host's list names all hosts, for its next start; running ones already know them.
      writeConfig(host, count, kernel, baseImage, fencing);
      certificates.issue(layout.caDir(), name, List.of(LabLayout.address(host)), layout.pkiDir(host));
      String state = state(name);
      if (state.equals("absent")) {
        engine.run(container(host, image, kernel, baseImage));
        done.put(name, "created");
      } else {
        done.put(name, start(name));
      }
    }
    return done;
  }

  /** Removes every host, the lab network and the lab's files; returns the hosts removed. */
  public List<String> down() {
    List<String> removed = hosts();
    for (String name : engine.containers(LabLayout.LABEL)) {
      engine.remove(name);
    }
    engine.removeNetwork(LabLayout.NETWORK);
    deleteTree(layout.dir());
    return removed;
  }

  /** kill -9 of a host's orchestrator: its nodes, libvirt and container stay. */
  public void kill(String host) {
    requireRunning(host);
    engine.exec(host, "pkill", "-KILL", "-f", "unum.jar daemon");
  }

  /** {@code unum restart} in a host: its orchestrator stops and starts again, its nodes run on. */
  public String restart(String host) {
    requireRunning(host);
    return engine.exec(host, "unum", "restart").strip();
  }

  /** Stops the whole container (the orchestrator first leaves the control plane cleanly). */
  public void stop(String host) {
    requireHost(host);
    engine.stop(host, 30);
  }

  /** Pulls a host's plug: its container is killed at once, orchestrator, libvirt and guests with it, without a word. */
  public void powerOff(String host) {
    requireHost(host);
    engine.stop(host, 0);
  }

  /** Makes a host a slice of this machine: at most {@code cpus} cores (0: all of them again). */
  public void limitCpus(String host, double cpus) {
    requireHost(host);
    engine.limitCpus(host, cpus);
  }

  /**
   * Makes a host run again: starts its container, or, when only its orchestrator is gone
   * (after {@link #kill}), the orchestrator. Returns what it did.
   */
  public String start(String host) {
    requireHost(host);
    if (!state(host).equals("running")) {
      engine.start(host);
      return "container started";
    }
    if (orchestratorRuns(host)) {
      return "already running";
    }
    engine.exec(host, "unum", "daemon", "--config", LabLayout.CONFIG_IN_HOST, "--detach");
    return "orchestrator started";
  }

  /** Runs a command inside a lab host (e.g. a load generator); returns its output. */
  public String run(String host, String... command) {
    return engine.exec(host, command);
  }

  public boolean orchestratorRuns(String host) {
    try {
      engine.exec(host, "pgrep", "-f", "unum.jar daemon");
      return true;
    } catch (IllegalStateException e) {
      return false;
    }
  }

  /**
   * Cuts {@code group} off from the other hosts (both ways, all traffic: control plane, host mesh
   * and interconnect alike), with netfilter rules inside the hosts. Not routes: wireguard-go sends
   * with the output device pinned (IP_PKTINFO), which a blackhole route does not stop.
   */
  public void partition(List<String> group) {
    Set<String> inside = new TreeSet<>(group);
    List<String> all = hosts();
    for (String host : inside) {
      requireRunning(host);
    }
    if (inside.size() == all.size()) {
      throw new IllegalArgumentException("a partition needs hosts on both sides; " + inside
          + " is every host");
    }
    for (String a : inside) {
      for (String b : all) {
        if (!inside.contains(b)) {
          cut(a, b);
          cut(b, a);
        }
      }
    }
  }

  /** Removes every partition. */
  public void heal() {
    for (String host : hosts()) {
      if (state(host).equals("running")) {
        // A fixed script: no name or address of ours goes into it. Blackhole routes: labs of older versions.
        engine.exec(host, "sh", "-c", "nft delete table inet " + PARTITION_TABLE
            + " 2>/dev/null; ip route flush type blackhole; true");
      }
    }
  }

  /** Drops every packet between host {@code on} and host {@code to}, on {@code on}. */
  private void cut(String on, String to) {
    if (!state(on).equals("running")) {
      return;
    }
    String address = LabLayout.address(LabLayout.number(to));
    engine.exec(on, "nft", "add", "table", "inet", PARTITION_TABLE);
    engine.exec(on, "nft", "add", "chain", "inet", PARTITION_TABLE, "out",
        "{", "type", "filter", "hook", "output", "priority", "0", ";", "}");
    engine.exec(on, "nft", "add", "chain", "inet", PARTITION_TABLE, "in",
        "{", "type", "filter", "hook", "input", "priority", "0", ";", "}");
    engine.exec(on, "nft", "add", "rule", "inet", PARTITION_TABLE, "out", "ip", "daddr", address, "drop");
    engine.exec(on, "nft", "add", "rule", "inet", PARTITION_TABLE, "in", "ip", "saddr", address, "drop");
  }

  private HostContainer container(int host, String image, Path kernel, Path baseImage) {
    Map<String, String> mounts = new LinkedHashMap<>();
    Map<String, Boolean> readOnly = new LinkedHashMap<>();
    mount(mounts, readOnly, home, LabLayout.HOME_IN_HOST, true);
    mount(mounts, readOnly, kernel.getParent(), kernel.getParent().toString(), true);
    mount(mounts, readOnly, baseImage.getParent(), baseImage.getParent().toString(), true);
    mount(mounts, readOnly, layout.shared(), LabLayout.SHARED_IN_HOST, false);
    // Writable: the orchestrator writes its admin credential there, where the lab's user reads it.
    mount(mounts, readOnly, layout.configDir(host), "/etc/unum", false);
    mount(mounts, readOnly, layout.logDir(host), "/var/log/unum", false);
    Path ca = layout.caDir().toAbsolutePath().normalize();
    for (String source : mounts.keySet()) {
      if (ca.startsWith(Path.of(source).normalize())) {
        throw new IllegalStateException("the lab's CA (" + ca + ") would be seen in the hosts through their mount"
            + " of " + source + "; keep the lab elsewhere (UNUM_LAB_DIR)");
      }
    }
    List<String> devices = new ArrayList<>(List.of("/dev/net/tun"));
    if (Files.exists(Path.of("/dev/kvm"))) {
      devices.add("/dev/kvm");
    }
    return new HostContainer(LabLayout.name(host), image, LabLayout.NETWORK, LabLayout.address(host),
        "127.0.0.1:" + LabLayout.apiPort(host), LabLayout.API_PORT, mounts, readOnly, devices,
        Map.of(LabLayout.LABEL, "1"), List.of(HOST_INIT));
  }

  private static void mount(Map<String, String> mounts, Map<String, Boolean> readOnly, Path source,
      String target, boolean ro) {
    mounts.put(source.toAbsolutePath().toString(), target);
    readOnly.put(target, ro);
  }

  /** Refuses to grow a lab with another fencing setting than its hosts run with. */
  public void checkFencing(boolean fencing) {
    if (!hosts().isEmpty() && fences() != fencing) {
      throw new IllegalArgumentException("the lab's hosts run with fencing " + (fencing ? "off" : "lease")
          + "; --fencing " + (fencing ? "lease" : "off") + " would mix the two (run 'unum lab down' first)");
    }
  }

  /** Whether this lab's hosts run with leases and self-fencing, as host 1's config says. */
  public boolean fences() {
    try {
      Path config = layout.configDir(1).resolve(LabLayout.CONFIG_FILE);
      return Files.exists(config) && Files.readAllLines(config).contains(LabLayout.FENCING_ON);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the config of " + LabLayout.name(1), e);
    }
  }

  private void writeConfig(int host, int count, Path kernel, Path baseImage, boolean fencing) {
    try {
      Files.createDirectories(layout.configDir(host));
      Files.createDirectories(layout.logDir(host));
      Files.createDirectories(layout.shared());
      Files.writeString(layout.configDir(host).resolve(LabLayout.CONFIG_FILE),
          LabLayout.config(host, count, kernel, baseImage, fencing));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the config of " + LabLayout.name(host), e);
    }
  }

  private void requireHost(String host) {
    List<String> all = hosts();
    if (!all.contains(host)) {
      throw new IllegalArgumentException("no lab host '" + host + "'; the lab has "
          + (all.isEmpty() ? "no hosts (start it with 'unum lab up')" : String.join(", ", all)));
    }
  }

  private void requireRunning(String host) {
    requireHost(host);
    if (!state(host).equals("running")) {
      throw new IllegalArgumentException("lab host " + host + " is " + state(host)
          + "; start it with 'unum lab start " + host + "'");
    }
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }
}
