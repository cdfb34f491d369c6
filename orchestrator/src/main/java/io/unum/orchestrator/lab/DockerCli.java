package io.unum.orchestrator.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** {@link ContainerEngine} on the {@code docker} command. */
public final class DockerCli implements ContainerEngine {
  private static final long TIMEOUT_SECONDS = 120;

  @Override
  public void ensureNetwork(String name, String subnet, Map<String, String> labels) {
    if (run(false, "docker", "network", "inspect", name).exit == 0) {
      return;
    }
    List<String> command = new ArrayList<>(List.of("docker", "network", "create", "--subnet", subnet));
    labels.forEach((k, v) -> command.addAll(List.of("--label", k + "=" + v)));
    command.add(name);
    run(true, command.toArray(String[]::new));
  }

  @Override
  public void removeNetwork(String name) {
    if (run(false, "docker", "network", "inspect", name).exit == 0) {
      run(true, "docker", "network", "rm", name);
    }
  }

  /**
   * The only capabilities a lab host keeps (all others dropped), each found necessary by taking it
   * away from a host that booted, leased and live-migrated a node: without it, the step named fails.
   * Docker's default seccomp profile stays on: nothing a host does needs a syscall it blocks. Taken
   * away with no effect: SYS_ADMIN, SYS_PTRACE, IPC_LOCK, MKNOD, FOWNER, FSETID, NET_BIND_SERVICE,
   * SYS_CHROOT, AUDIT_WRITE, SETFCAP, and KILL (tcpdump stays root with -Z root, so pkill may stop it).
   */
  static final List<String> CAPABILITIES = List.of(
      // ip link add bridge/vxlan, bridge fdb, nft (partitions), libvirt's tap devices (TUNSETIFF),
      // wireguard-go's TUN device: "RTNETLINK answers: Operation not permitted"
      "NET_ADMIN",
      // tcpdump (MigrationLabIT): "socket: Operation not permitted"
      "NET_RAW",
      // nice -n -10 for the daemon: "nice: cannot set niceness: Permission denied"
      "SYS_NICE",
      // libvirtd chowns /var/lib/libvirt/qemu to root: "unable to set ownership ... Operation not permitted"
      "CHOWN",
      // libvirtd writes in /var/lib/libvirt/qemu (libvirt-qemu's, mode 750): "Failed to create save dir"
      "DAC_OVERRIDE",
      // libvirt sets ids and clears the capabilities of every QEMU it starts, the probe included:
      // "cannot apply process capabilities -5"; tcpdump switches user (-Z) with SETUID/SETGID too
      "SETUID", "SETGID", "SETPCAP");

  @Override
  public void run(HostContainer c) {
    run(true, runCommand(c).toArray(String[]::new));
  }

  static List<String> runCommand(HostContainer c) {
    List<String> command = new ArrayList<>(List.of("docker", "run", "-d", "--name", c.name(),
        "--hostname", c.name(), "--init", "--cap-drop", "ALL"));
    CAPABILITIES.forEach(cap -> command.addAll(List.of("--cap-add", cap)));
    command.addAll(List.of("--network", c.network(), "--ip", c.ip(), "-p", c.publishedPort() + ":" + c.containerPort()));
    c.devices().forEach(d -> command.addAll(List.of("--device", d)));
    c.labels().forEach((k, v) -> command.addAll(List.of("--label", k + "=" + v)));
    c.mounts().forEach((source, target) -> command.addAll(List.of("-v",
        source + ":" + target + (c.readOnly().getOrDefault(target, false) ? ":ro" : ""))));
    command.add(c.image());
    command.addAll(c.command());
    return command;
  }

  @Override
  public List<String> containers(String label) {
    String out = run(true, "docker", "ps", "-a", "--filter", "label=" + label, "--format", "{{.Names}}").output;
    return out.lines().map(String::strip).filter(s -> !s.isEmpty()).sorted().toList();
  }

  @Override
  public Optional<String> state(String name) {
    Result result = run(false, "docker", "inspect", "--format", "{{.State.Status}}", name);
    return result.exit == 0 ? Optional.of(result.output.strip()) : Optional.empty();
  }

  @Override
  public void start(String name) {
    run(true, "docker", "start", name);
  }

  @Override
  public void stop(String name, int timeoutSeconds) {
    run(true, "docker", "stop", "-t", String.valueOf(timeoutSeconds), name);
  }

  @Override
  public void limitCpus(String name, double cpus) {
    run(true, "docker", "update", "--cpus", String.valueOf(cpus), name);
  }

  @Override
  public void remove(String name) {
    run(true, "docker", "rm", "-f", "-v", name);
  }

  @Override
  public String exec(String container, String... command) {
    List<String> full = new ArrayList<>(List.of("docker", "exec", container));
    full.addAll(Arrays.asList(command));
    return run(true, full.toArray(String[]::new)).output;
  }

  private record Result(int exit, String output) {}

  private static Result run(boolean check, String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " took over " + TIMEOUT_SECONDS + " s");
      }
      if (check && process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed: " + output.strip());
      }
      return new Result(process.exitValue(), output);
    } catch (IOException e) {
      throw new IllegalStateException("cannot run docker (apt-get install docker.io): " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running docker", e);
    }
  }
}
