package io.unum.agent.services;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KillCommandTest {

  @Test
  void procpsAndBusyboxWordingsMapToOneMessage() {
    assertThat(KillCommand.failure(1234, "/bin/kill: (1234): No such process\n"))
        .isEqualTo("no such process 1234");
    assertThat(KillCommand.failure(1234, "kill: can't kill pid 1234: No such process\n"))
        .isEqualTo("no such process 1234");
    assertThat(KillCommand.failure(1, "/bin/kill: (1): Operation not permitted\n"))
        .isEqualTo("operation not permitted");
    assertThat(KillCommand.failure(1, "kill: bad signal\n")).isEqualTo("kill: bad signal");
  }
}
