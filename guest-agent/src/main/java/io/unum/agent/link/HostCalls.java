package io.unum.agent.link;

import io.unum.agent.protocol.ErrorCode;
import io.unum.agent.protocol.Message;
import io.unum.agent.protocol.Messages;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * The requests the agent makes of the host (remote signals, the in-node {@code unum}) and the
 * answers that come back for them. The agent picks their ids; the host's answers carry them.
 */
public final class HostCalls {
  /** What a call hears back; each call ends with exactly one {@link #onEnd} or {@link #onError}. */
  public interface Listener {
    /** Output of a {@code cli} call, in order. */
    default void onOutput(Messages.Stream stream, byte[] data) {}

    /** The call is done: 0 for {@code ok}, else the exit code of a {@code cli} call. */
    void onEnd(int code);

    /** The host refused the call, or the link was reset before it answered. */
    void onError(ErrorCode code, String message);
  }

  private final AtomicLong ids = new AtomicLong();
  private final Map<Long, Listener> pending = new ConcurrentHashMap<>();
  private final LinkWriter writer;

  public HostCalls(LinkWriter writer) {
    this.writer = writer;
  }

  /** Sends the request {@code make} builds with a fresh id; returns the id (to {@link #cancel}). */
  public long call(LongFunction<Message> make, Listener listener) {
    long id = ids.incrementAndGet();
    pending.put(id, listener);
    writer.send(make.apply(id));
    return id;
  }

  /** Forgets a call whose answer nobody waits for any more. */
  public void cancel(long id) {
    pending.remove(id);
  }

  /** Delivers a host message that answers a call; false when it answers none. */
  boolean deliver(Message message) {
    Long id = message.id();
    Listener listener = id == null ? null : pending.get(id);
    if (listener == null) {
      return false;
    }
    if (message instanceof Messages.Output output) {
      listener.onOutput(output.stream(), output.data());
    } else if (message instanceof Messages.Exit exit) {
      pending.remove(id);
      listener.onEnd(exit.code());
    } else if (message instanceof Messages.Ok) {
      pending.remove(id);
      listener.onEnd(0);
    } else if (message instanceof Messages.Error error) {
      pending.remove(id);
      listener.onError(error.code(), error.message());
    } else {
      return false;
    }
    return true;
  }

  /** The host connection was reset: no answer will come for what is pending. */
  void failAll(String why) {
    for (Long id : pending.keySet()) {
      Listener listener = pending.remove(id);
      if (listener != null) {
        listener.onError(ErrorCode.FAILED, why);
      }
    }
  }
}
