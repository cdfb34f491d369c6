package io.unum.orchestrator.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.unum.orchestrator.lab.ContainerEngine.HostContainer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code docker run} of a lab host: only the capabilities it needs, seccomp left on. */
class DockerCliTest {
  @Test
  void aHostDropsEveryCapabilityButItsOwnAndKeepsSeccomp() {
    List<String> command = DockerCli.runCommand(new HostContainer("unum-host-1", "unum-lab-host:x", "unum-lab",
        "172.31.213.11", "127.0.0.1:7071", 7070, Map.of("/a", "/b"), Map.of("/b", true), List.of("/dev/net/tun"),
        Map.of("unum.lab", "1"), List.of("/opt/unum/orchestrator/lab/host-init")));

    String joined = String.join(" ", command);
    assertThat(joined).contains("--init --cap-drop ALL --cap-add NET_ADMIN --cap-add NET_RAW")
        .contains("--device /dev/net/tun", "-v /a:/b:ro", "-p 127.0.0.1:7071:7070")
        .doesNotContain("--cap-add ALL", "seccomp", "--privileged", "SYS_ADMIN");
    assertThat(command.stream().filter("--cap-add"::equals)).hasSize(DockerCli.CAPABILITIES.size());
    assertThat(command.subList(command.size() - 2, command.size()))
        .containsExactly("unum-lab-host:x", "/opt/unum/orchestrator/lab/host-init");
  }
}
