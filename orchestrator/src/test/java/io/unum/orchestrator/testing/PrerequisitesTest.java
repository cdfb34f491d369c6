package io.unum.orchestrator.testing;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

class PrerequisitesTest {
  private final String before = System.getProperty(Prerequisites.FULL_RUN);

  @AfterEach
  void restore() {
    if (before == null) {
      System.clearProperty(Prerequisites.FULL_RUN);
    } else {
      System.setProperty(Prerequisites.FULL_RUN, before);
    }
  }

  @Test
  void aMissingPrerequisiteSkipsTheTestOutsideTheFullRunAndFailsItInside() {
    System.clearProperty(Prerequisites.FULL_RUN);
    assertThatThrownBy(() -> Prerequisites.need(false, "no libvirtd")).isInstanceOf(TestAbortedException.class)
        .hasMessageContaining("no libvirtd");
    System.setProperty(Prerequisites.FULL_RUN, "true");
    assertThatThrownBy(() -> Prerequisites.need(false, "no libvirtd")).isInstanceOf(AssertionError.class)
        .hasMessageContaining("no libvirtd").hasMessageContaining("must not skip");
    Prerequisites.need(true, "libvirtd");
  }
}
