package io.unum.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Busy guests moved at rate, as an operator measures it with {@code unum bench migrate --soak}: a
 * node burning CPU, rewriting memory and streaming TCP is moved round the lab's hosts, and a plain
 * virsh copy of its guest likewise; after every move its kernel has no oops, a data set kept in
 * memory has its first checksum, the stream runs, and it answers again (its link back within 30 s;
 * the time it took, against the 5 s target, is a figure the bench prints, as a timed assertion
 * would only measure the machine: 0.6 s p50 on one lab machine, 4.2 s on one three times slower).
 */
@UnumLab(hosts = 3, nodes = 3)
@Order(10)
class MigrationSoakLabIT {
  private static final int MOVES = 6;

  MigrationSoakLabIT(HostLab lab) {
    // The lab only needs to be up; the bench finds it.
  }

  @Test
  void busyGuestsArriveWholeAndAnswerAtOnce() {
    Launcher.Result soak = Launcher.unumWithin(900, "bench", "migrate", "--soak", String.valueOf(MOVES));
    System.out.println("[soak] unum bench migrate --soak " + MOVES + ": " + soak);
    assertThat(soak.exitCode()).as("the soak found faults\n%s", soak).isZero();
    assertThat(soak.stdout()).as(soak.toString())
        .containsPattern("node \\d+ +moves +" + MOVES + " +failed 0 +oopses 0 +corrupt 0 +lost links 0 +stream ok")
        .containsPattern("plain copy +moves +" + MOVES + " +failed 0 +oopses 0 +corrupt 0 +lost links 0 +stream ok")
        .contains("soak: every move clean");
  }
}
