package io.unum.orchestrator.lab;

import io.unum.orchestrator.cluster.PidSpace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Names, addresses and files of a host lab: host {@code i} is container {@code unum-host-i} at
 * {@code 172.31.213.(10+i)} on the Docker network {@code unum-lab}, with its API published on
 * 127.0.0.1:(7070+i). Pure: what the lab looks like, not how it is made.
 */
public final class LabLayout {
  public static final int MAX_HOSTS = 8;
  public static final String NETWORK = "unum-lab";
  public static final String SUBNET = "172.31.213.0/24";
  public static final String CLUSTER = "unum-lab";
  public static final String LABEL = "io.unum.lab";
  public static final String HOST_PREFIX = "unum-host-";
  static final int CONTROL_PLANE_PORT = 5701;
  public static final int API_PORT = 7070;
  /**
   * The lab's PID space is not the default: 4096 PIDs per node allow 1023 nodes (room for the
   * API bench's 1,000 specs), and the tests then cover a cluster that chose its range.
   */
  public static final PidSpace PIDS = new PidSpace(4096);
  /** The interconnect, with room for 1023 nodes. */
  public static final String CIDR = "10.213.0.0/21";
  /** Inside a host: where the checkout, the shared folder and the host's config are mounted. */
  static final String HOME_IN_HOST = "/opt/unum";
  static final String SHARED_IN_HOST = "/var/lib/unum/shared";
  /** A host's config file, in the host's config dir, mounted at /etc/unum. */
  static final String CONFIG_FILE = "unum.yaml";
  public static final String CONFIG_IN_HOST = "/etc/unum/" + CONFIG_FILE;
  /** A host's certificate bundle for migration over TLS, in its config dir: host-init installs /etc/unum/pki. */
  static final String PKI = "pki";

  /** Where the lab keeps its files unless {@code UNUM_LAB_DIR} says otherwise. */
  public static final Path DIR = Path.of(System.getenv().getOrDefault("UNUM_LAB_DIR", "/var/lib/unum-lab"));

  private final Path dir;

  /** @param dir where the lab keeps its files on this machine (shared folder, configs, logs) */
  public LabLayout(Path dir) {
    this.dir = dir;
  }

  public static void checkHostCount(int hosts) {
    if (hosts < 1 || hosts > MAX_HOSTS) {
      throw new IllegalArgumentException("--hosts must be 1.." + MAX_HOSTS + ", got " + hosts);
    }
  }

  public static String name(int host) {
    return HOST_PREFIX + host;
  }

  /** The host number of a lab host name, or -1. */
  public static int number(String name) {
    if (!name.startsWith(HOST_PREFIX)) {
      return -1;
    }
    try {
      int host = Integer.parseInt(name.substring(HOST_PREFIX.length()));
      return host >= 1 && host <= MAX_HOSTS ? host : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  public static String address(int host) {
    return "172.31.213." + (10 + host);
  }

  public static int apiPort(int host) {
    return API_PORT + host;
  }

  public static String apiUrl(int host) {
    return "http://127.0.0.1:" + apiPort(host);
  }

  public Path dir() {
    return dir;
  }

  public Path shared() {
    return dir.resolve("shared");
  }

  public Path hostDir(int host) {
    return dir.resolve("hosts").resolve(name(host));
  }

  public Path configDir(int host) {
    return hostDir(host).resolve("etc");
  }

  /** Host {@code host}'s own admin credential, written there by its orchestrator (mode 0600). */
  public Path adminToken(int host) {
    return configDir(host).resolve("admin-token");
  }

  public Path logDir(int host) {
    return hostDir(host).resolve("log");
  }

  /**
   * The lab's CA for migration over TLS (key and certificate): on this machine only, mounted into
   * no host, so no host (nor a node that broke out of one) can issue itself a certificate.
   */
  public Path caDir() {
    return dir.resolve("ca");
  }

  /** Host {@code host}'s certificate, key and the CA's certificate: its own config dir, seen by it alone. */
  public Path pkiDir(int host) {
    return configDir(host).resolve(PKI);
  }

  /** Where versions before the CA left the shared folder kept it, key included. */
  public Path formerSharedCaDir() {
    return shared().resolve("pki");
  }

  /** The control-plane addresses of hosts 1..count: every host's static host list. */
  public static List<String> hostList(int count) {
    return IntStream.rangeClosed(1, count).mapToObj(h -> address(h) + ":" + CONTROL_PLANE_PORT).toList();
  }

  /** The line of a host's config that says its lab fences (see {@link #config}). */
  static final String FENCING_ON = "fencing: 'lease'";

  /**
   * {@code /etc/unum/unum.yaml} of host {@code host} in a lab of {@code count} hosts, with
   * leases and self-fencing on when {@code fencing} (the daemon's {@code --fencing lease}). Text values
   * are single-quoted so a path or name can never be read as another YAML type or structure.
   */
  public static String config(int host, int count, Path kernel, Path baseImage, boolean fencing) {
    List<String> lines = new ArrayList<>(List.of(
        "# Written by 'unum lab up' for " + name(host) + "; keys are 'unum daemon' options.",
        "cluster: " + quoted(CLUSTER),
        "host-name: " + quoted(name(host)),
        "hosts:"));
    hostList(count).forEach(address -> lines.add("  - " + quoted(address)));
    lines.addAll(List.of(
        "control-plane-address: " + quoted(address(host)),
        "control-plane-port: " + CONTROL_PLANE_PORT,
        "api-host: " + quoted("0.0.0.0"),
        "api-port: " + API_PORT,
        "shared-dir: " + quoted(SHARED_IN_HOST),
        "pid-range: " + PIDS.range(),
        "cidr: " + quoted(CIDR),
        "fencing: " + quoted(fencing ? "lease" : "off"),
        // Privileged containers see the machine's /dev: a lab host must never arm the machine's watchdog.
        "watchdog-device: " + quoted("none"),
        "kernel: " + quoted(kernel.toString()),
        "base-image: " + quoted(baseImage.toString()),
        ""));
    return String.join("\n", lines);
  }

  private static String quoted(String text) {
    return "'" + text.replace("'", "''") + "'";
  }
}
