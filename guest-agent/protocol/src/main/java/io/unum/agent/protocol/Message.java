package io.unum.agent.protocol;

/**
 * One line of the agent protocol. The {@code type} field names the record; see PROTOCOL.md.
 * {@link MessageCodec} knows every permitted record: a new one needs a case there too.
 */
public sealed interface Message permits Messages.Sync, Messages.Synced, Messages.Hello,
    Messages.HelloReply, Messages.Exec, Messages.Started, Messages.Output, Messages.Ack,
    Messages.Exit, Messages.Signal, Messages.Poweroff, Messages.Ok, Messages.Error,
    Messages.Heartbeat, Messages.Procs, Messages.RemoteSignal, Messages.Cli, Messages.Services,
    Messages.ServiceStates, Messages.ServiceLog {

  /** Request id this message carries or answers; null for unsolicited messages (heartbeats). */
  Long id();
}
