package io.unum.agent.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SignalSenderTest {

  @Test
  void procpsAndBusyboxWordingsMapToOneMessage() {
    assertThat(SignalSender.failure(1234, "/bin/kill: (1234): No such process\n"))
        .isEqualTo("no such process 1234");
    assertThat(SignalSender.failure(1234, "kill: can't kill pid 1234: No such process\n"))
        .isEqualTo("no such process 1234");
    assertThat(SignalSender.failure(1, "/bin/kill: (1): Operation not permitted\n"))
        .isEqualTo("operation not permitted");
    assertThat(SignalSender.failure(1, "kill: bad signal\n")).isEqualTo("kill: bad signal");
  }

  @Test
  void aGroupSignalNeverGoesToEveryProcessOrTheAgentsOwnGroup() {
    SignalSender kill = new SignalSender();
    assertThatThrownBy(() -> kill.sendToGroup(1, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> kill.sendToGroup(0, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> kill.sendToGroup(-5, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aGroupSignalReachesEveryMember() throws Exception {
    Process leader = new ProcessBuilder("setsid", "sh", "-c", "sleep 30 & exec sleep 31").start();
    try {
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (leader.toHandle().children().count() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      ProcessHandle child = leader.toHandle().children().findFirst().orElseThrow();
      assertThat(new SignalSender().sendToGroup(leader.pid(), 15)).isNull();
      assertThat(leader.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      assertThat(leader.exitValue()).isEqualTo(143);
      while (runs(child.pid()) && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(runs(child.pid())).as("the leader's child, in its group").isFalse();
    } finally {
      leader.destroyForcibly();
    }
  }

  /** Whether a process runs: gone, or a zombie nobody reaped yet, it does not. */
  private static boolean runs(long pid) {
    try {
      String text = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
      return !text.substring(text.lastIndexOf(')') + 2).startsWith("Z");
    } catch (java.io.IOException e) {
      return false;
    }
  }
}
