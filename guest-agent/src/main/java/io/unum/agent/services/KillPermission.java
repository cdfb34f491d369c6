package io.unum.agent.services;

import io.unum.agent.proc.ProcessUids;
import io.unum.agent.protocol.Messages.Sender;

/**
 * Whether a sender may signal a process: the rule of the kernel's {@code kill_ok_by_cred}, made
 * on the target's node for a sender on another node, so a remote kill is checked as a local one.
 */
public final class KillPermission {
  private KillPermission() {}

  /** CAP_KILL, or the sender's real or effective uid is the target's real or saved uid. */
  public static boolean allows(Sender sender, ProcessUids target) {
    return sender.capKill()
        || sender.euid() == target.saved() || sender.euid() == target.real()
        || sender.uid() == target.saved() || sender.uid() == target.real();
  }
}
