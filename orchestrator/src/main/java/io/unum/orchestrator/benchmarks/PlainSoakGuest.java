package io.unum.orchestrator.benchmarks;

import io.unum.orchestrator.lab.Lab;
import java.util.function.UnaryOperator;

/**
 * A copy of a node's guest that no orchestrator manages, moved with plain {@code virsh migrate}
 * by {@code orchestrator/lab/plain-copy} on the lab host that runs it: QEMU and libvirt alone.
 */
final class PlainSoakGuest implements SoakGuest, AutoCloseable {
  private static final String SCRIPT = "/opt/unum/orchestrator/lab/plain-copy";
  private final Lab lab;
  /** A host's address as other hosts' libvirt reach it. */
  private final UnaryOperator<String> address;
  private String host;

  private PlainSoakGuest(Lab lab, UnaryOperator<String> address, String host) {
    this.lab = lab;
    this.address = address;
    this.host = host;
  }

  /** Boots a copy of {@code domain} on {@code host}, where that domain runs. */
  static PlainSoakGuest start(Lab lab, UnaryOperator<String> address, String host, String domain) {
    for (String each : lab.hosts()) {
      lab.run(each, "mkdir", "-p", "/var/lib/unum/bench-plain");
    }
    lab.run(host, SCRIPT, "start", domain);
    return new PlainSoakGuest(lab, address, host);
  }

  @Override
  public long answerTargetMillis() {
    return 2 * MigrationSoak.ANSWER_TARGET_MILLIS;
  }

  @Override
  public String name() {
    return "plain copy";
  }

  @Override
  public String host() {
    return host;
  }

  @Override
  public String shell(String script) {
    return lab.run(host, SCRIPT, "exec", "sh", "-c", script);
  }

  @Override
  public Move moveTo(String to) {
    long t0 = System.nanoTime();
    try {
      String printed = lab.run(host, SCRIPT, "migrate", address.apply(to)).strip();
      String[] out = printed.substring(printed.lastIndexOf('\n') + 1).split(" ", 3);
      host = to;
      long switched = System.currentTimeMillis();
      return new Move((System.nanoTime() - t0) / 1_000_000, switched, number(out[1]), 0,
          out.length > 2 ? out[2] : "?", null);
    } catch (RuntimeException e) {
      return new Move((System.nanoTime() - t0) / 1_000_000, 0, -1, 0, "?", e.getMessage());
    }
  }

  @Override
  public String consoleTail() {
    String console = lab.run(host, SCRIPT, "console");
    int from = console.length();
    for (int lines = 0; from > 0 && lines < 40; lines++) {
      from = console.lastIndexOf('\n', from - 2) + 1;
    }
    return console.substring(Math.max(0, from));
  }

  @Override
  public void close() {
    lab.run(host, SCRIPT, "remove");
  }

  private static long number(String text) {
    return text.matches("[0-9]+") ? Long.parseLong(text) : -1;
  }
}
