package io.unum.orchestrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DaemonProcessTest {

  @Test
  void aRestartKeepsTheArgumentsTheDaemonRanWith() {
    List<String> commandLine = List.of("/usr/bin/java", "-XX:+UseSerialGC", "--add-modules", "java.se",
        "-Dunum.home=/opt/unum", "-jar", "/opt/unum/unum.jar", "daemon", "--config", "/etc/unum/unum.yaml");
    assertThat(DaemonProcess.daemonArguments(commandLine)).containsExactly("--config", "/etc/unum/unum.yaml");
  }

  @Test
  void aCommandLineThatIsNoDaemonsHasNone() {
    assertThat(DaemonProcess.daemonArguments(List.of("/usr/bin/java", "-jar", "/opt/unum/unum.jar", "status"))).isNull();
    assertThat(DaemonProcess.daemonArguments(List.of())).isNull();
  }
}
