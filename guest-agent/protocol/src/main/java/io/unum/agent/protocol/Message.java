package io.unum.agent.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * One line of the agent protocol. The {@code type} field names the record; see PROTOCOL.md.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Messages.Sync.class, name = "sync"),
    @JsonSubTypes.Type(value = Messages.Synced.class, name = "synced"),
    @JsonSubTypes.Type(value = Messages.Hello.class, name = "hello"),
    @JsonSubTypes.Type(value = Messages.HelloReply.class, name = "hello-reply"),
    @JsonSubTypes.Type(value = Messages.Exec.class, name = "exec"),
    @JsonSubTypes.Type(value = Messages.Started.class, name = "started"),
    @JsonSubTypes.Type(value = Messages.Output.class, name = "output"),
    @JsonSubTypes.Type(value = Messages.Ack.class, name = "ack"),
    @JsonSubTypes.Type(value = Messages.Exit.class, name = "exit"),
    @JsonSubTypes.Type(value = Messages.Signal.class, name = "signal"),
    @JsonSubTypes.Type(value = Messages.Poweroff.class, name = "poweroff"),
    @JsonSubTypes.Type(value = Messages.Ok.class, name = "ok"),
    @JsonSubTypes.Type(value = Messages.Error.class, name = "error"),
    @JsonSubTypes.Type(value = Messages.Heartbeat.class, name = "heartbeat"),
})
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface Message permits Messages.Sync, Messages.Synced, Messages.Hello,
    Messages.HelloReply, Messages.Exec, Messages.Started, Messages.Output, Messages.Ack,
    Messages.Exit, Messages.Signal, Messages.Poweroff, Messages.Ok, Messages.Error,
    Messages.Heartbeat {

  /** Request id this message carries or answers; null for unsolicited messages (heartbeats). */
  Long id();
}
