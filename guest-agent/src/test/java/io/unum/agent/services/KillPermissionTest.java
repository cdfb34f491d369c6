package io.unum.agent.services;

import static org.assertj.core.api.Assertions.assertThat;

import io.unum.agent.proc.ProcessUids;
import io.unum.agent.protocol.Messages.Sender;
import org.junit.jupiter.api.Test;

/** The kernel's kill_ok_by_cred, made on the target's node. */
class KillPermissionTest {
  private final ProcessUids bobs = new ProcessUids(1000, 1000);
  private final ProcessUids setuidByBob = new ProcessUids(1000, 0);

  @Test
  void theOwnerAndCapKillMaySignalOthersMayNot() {
    assertThat(KillPermission.allows(new Sender(1000, 1000, false), bobs)).isTrue();
    assertThat(KillPermission.allows(new Sender(1001, 1001, false), bobs)).isFalse();
    assertThat(KillPermission.allows(new Sender(1001, 1001, true), bobs)).isTrue();
    assertThat(KillPermission.allows(new Sender(0, 0, false), bobs)).as("uid 0 without CAP_KILL").isFalse();
  }

  @Test
  void realOrEffectiveSenderIdAgainstRealOrSavedTargetId() {
    assertThat(KillPermission.allows(new Sender(5, 1000, false), bobs)).as("effective = real").isTrue();
    assertThat(KillPermission.allows(new Sender(0, 5, false), setuidByBob)).as("real = saved").isTrue();
  }
}
