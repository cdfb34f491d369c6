package io.unum.agent.proc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ProcessUidsTest {

  @Test
  void realAndSavedComeFromTheUidLine() {
    assertThat(ProcessUids.parse("Name:\tsleep\nUid:\t1000\t0\t1001\t0\nGid:\t0\t0\t0\t0\n"))
        .isEqualTo(new ProcessUids(1000, 1001));
    assertThatThrownBy(() -> ProcessUids.parse("Name:\tx\n")).hasMessageContaining("Uid");
  }

  @Test
  void aMissingProcessHasNoIds() {
    assertThat(ProcessUids.of(Path.of("/proc"), Long.MAX_VALUE)).isEmpty();
    assertThat(ProcessUids.of(Path.of("/proc"), ProcessHandle.current().pid())).isPresent();
  }
}
