package io.unum.orchestrator.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.unum.orchestrator.cluster.PidSpace;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleLogTest {
  @TempDir
  Path dir;

  @Test
  void tailReturnsTheLastLines() throws Exception {
    Path log = dir.resolve("console.log");
    StringBuilder text = new StringBuilder();
    for (int i = 1; i <= 1000; i++) {
      text.append("line ").append(i).append("\r\n");
    }
    Files.writeString(log, text);
    assertThat(ConsoleLog.tail(log, 3)).containsExactly("line 998", "line 999", "line 1000");
  }

  @Test
  void missingLogHasNoTail() {
    assertThat(ConsoleLog.tail(dir.resolve("none"), 5)).isEmpty();
  }

  @Test
  void kernelCommandLineCarriesNodeAndAddress() {
    String cmdline = KernelCommandLine.of(new io.unum.orchestrator.cluster.NodeSpec(2, 1, 512, "init=/bin/sh", true),
        "10.213.0.2/24", new PidSpace(4096));
    assertThat(cmdline).contains("unum.node=2").contains("unum.pid_range=4096").contains("unum.ip=10.213.0.2/24")
        .contains("panic=-1").endsWith("init=/bin/sh");
    assertThat(NodePaths.nodeOf("unum-node12")).isEqualTo(12);
    assertThat(NodePaths.nodeOf("other")).isEqualTo(-1);
  }
}
