package io.unum.orchestrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UptimeCommandTest {
  @Test
  void durationsReadAsUptimeWritesThem() {
    assertThat(UptimeCommand.duration(59)).isEqualTo("0 min");
    assertThat(UptimeCommand.duration(180)).isEqualTo("3 min");
    assertThat(UptimeCommand.duration(2 * 3600 + 5 * 60)).isEqualTo("2:05");
    assertThat(UptimeCommand.duration(86_400 + 4 * 3600 + 600)).isEqualTo("1 day, 4:10");
    assertThat(UptimeCommand.duration(3 * 86_400 + 60)).isEqualTo("3 days, 1 min");
  }
}
