package io.unum.orchestrator.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReusedEncodingTest {
  record Row(int node, String state) {}

  private final ReusedEncoding encoding = new ReusedEncoding(new ObjectMapper());

  @Test
  void anEqualValueGetsTheSameBytesAndAChangedOneItsOwn() throws Exception {
    byte[] first = encoding.encode(List.of(new Row(1, "running")));
    assertThat(new String(first, StandardCharsets.UTF_8)).isEqualTo("[{\"node\":1,\"state\":\"running\"}]");
    assertThat(encoding.encode(List.of(new Row(1, "running")))).as("equal, not the same object")
        .isSameAs(first);
    byte[] changed = encoding.encode(List.of(new Row(1, "stopped")));
    assertThat(new String(changed, StandardCharsets.UTF_8)).isEqualTo("[{\"node\":1,\"state\":\"stopped\"}]");
  }
}
