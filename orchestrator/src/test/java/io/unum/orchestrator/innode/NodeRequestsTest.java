package io.unum.orchestrator.innode;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeRequestsTest {
  @Test
  void anInNodeCommandLineIsBoundedBeforeItIsParsed() {
    assertThat(NodeRequests.refusal(List.of("ps", "-o", "json"))).isEmpty();
    assertThat(NodeRequests.refusal(Collections.nCopies(NodeRequests.MAX_ARGS + 1, "x")))
        .hasValueSatisfying(why -> assertThat(why).contains("too many arguments (257"));
    assertThat(NodeRequests.refusal(List.of("ps", "y".repeat(NodeRequests.MAX_ARG_CHARS + 1))))
        .hasValueSatisfying(why -> assertThat(why).startsWith("argument 2 is 4097 characters long"));
  }
}
