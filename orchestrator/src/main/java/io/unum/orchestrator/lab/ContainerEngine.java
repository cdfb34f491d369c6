package io.unum.orchestrator.lab;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The few container operations the host lab needs; {@link DockerCli} is the real one. */
public interface ContainerEngine {

  /** A container to create and start. */
  record HostContainer(String name, String image, String network, String ip, String publishedPort,
      int containerPort, Map<String, String> mounts, Map<String, Boolean> readOnly,
      List<String> devices, Map<String, String> labels, List<String> command) {}

  void ensureNetwork(String name, String subnet, Map<String, String> labels);

  void removeNetwork(String name);

  void run(HostContainer container);

  /** Names of containers carrying {@code label}, running or not. */
  List<String> containers(String label);

  /** "running", "exited", ...; empty when no such container. */
  Optional<String> state(String name);

  void start(String name);

  void stop(String name, int timeoutSeconds);

  void remove(String name);

  /** Limits a running container to {@code cpus} cores (0: no limit). */
  void limitCpus(String name, double cpus);

  /** Runs a command in a running container; returns its output, fails on a non-zero exit. */
  String exec(String container, String... command);
}
