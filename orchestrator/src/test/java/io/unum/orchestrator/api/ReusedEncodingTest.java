package io.unum.orchestrator.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReusedEncodingTest {
  private final ReusedEncoding encoding = new ReusedEncoding(new ObjectMapper());

  @Test
  void anEqualValueGetsTheSameBytesAndAChangedOneItsOwn() throws Exception {
    byte[] first = encoding.encode(List.of(Map.of("node", 1, "state", "running")));
    assertThat(new String(first, StandardCharsets.UTF_8)).isEqualTo("[{\"node\":1,\"state\":\"running\"}]");
    assertThat(encoding.encode(List.of(Map.of("node", 1, "state", "running")))).as("equal, not the same object")
        .isSameAs(first);
    byte[] changed = encoding.encode(List.of(Map.of("node", 1, "state", "stopped")));
    assertThat(new String(changed, StandardCharsets.UTF_8)).isEqualTo("[{\"node\":1,\"state\":\"stopped\"}]");
  }
}
