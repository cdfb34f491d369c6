package io.unum.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentOptionsTest {
  private static final String CMDLINE = "console=ttyS0 unum.node=5";

  @Test
  void nodeFromTheCommandLineWinsOverEnvironmentAndKernel() {
    AgentOptions options = AgentOptions.parse(new String[] {"--port", "/tmp/s", "--node", "3"},
        Map.of("UNUM_NODE", "4"), () -> CMDLINE);
    assertThat(options).isEqualTo(new AgentOptions(Path.of("/tmp/s"), 3, null));
  }

  @Test
  void thenTheEnvironmentThenTheKernelThenZero() {
    assertThat(AgentOptions.parse(new String[0], Map.of("UNUM_NODE", "4"), () -> CMDLINE).node()).isEqualTo(4);
    assertThat(AgentOptions.parse(new String[0], Map.of(), () -> CMDLINE).node()).isEqualTo(5);
    assertThat(AgentOptions.parse(new String[0], Map.of(), () -> "quiet")).isEqualTo(new AgentOptions(null, 0, Path.of("/run/unum/agent.sock")));
  }

  @Test
  void badArgumentsAreNamed() {
    assertThatThrownBy(() -> AgentOptions.parse(new String[] {"--nod", "3"}, Map.of(), () -> ""))
        .hasMessageContaining("--nod");
    assertThatThrownBy(() -> AgentOptions.parse(new String[] {"--node"}, Map.of(), () -> ""))
        .hasMessageContaining("needs a value");
    assertThatThrownBy(() -> AgentOptions.parse(new String[] {"--node", "-1"}, Map.of(), () -> ""))
        .hasMessageContaining("'-1'");
  }
}
