package io.unum.orchestrator.agentlink;

import io.unum.agent.protocol.Message;
import io.unum.agent.protocol.Messages;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import io.unum.agent.protocol.Protocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Requests sent to one agent and waiting for answers: plain replies, or running programs. */
final class PendingRequests {
  private static final Logger LOG = LoggerFactory.getLogger(PendingRequests.class);

  /** Makes the callback that acknowledges {@code bytes} of output of exec {@code id}. */
  interface Acks {
    Runnable ackFor(long id, int bytes);
  }

  private sealed interface Pending permits Reply, Exec {}

  private record Reply(CompletableFuture<Message> future) implements Pending {}

  /** A running program, and how much of its output the host has not yet acknowledged. */
  private record Exec(ExecListener listener, AtomicLong unacked) implements Pending {}

  private final Map<Long, Pending> pending = new ConcurrentHashMap<>();

  void expectReply(long id, CompletableFuture<Message> future) {
    pending.put(id, new Reply(future));
  }

  void expectExec(long id, ExecListener listener) {
    pending.put(id, new Exec(listener, new AtomicLong()));
  }

  void forget(long id) {
    pending.remove(id);
  }

  /** Hands an answer to whoever waits for its id; answers nobody waits for are dropped. */
  void deliver(Message message, Acks acks) {
    Long id = message.id();
    Pending waiting = id == null ? null : pending.get(id);
    if (waiting instanceof Reply reply) {
      pending.remove(id);
      if (message instanceof Messages.Error error) {
        reply.future().completeExceptionally(new AgentRequestException(error.code(), error.message()));
      } else {
        reply.future().complete(message);
      }
    } else if (waiting instanceof Exec exec) {
      deliverToExec(id, exec, message, acks);
    }
  }

  private void deliverToExec(long id, Exec pendingExec, Message message, Acks acks) {
    ExecListener exec = pendingExec.listener();
    if (message instanceof Messages.Started started) {
      exec.onStarted(started.pid());
    } else if (message instanceof Messages.Output output) {
      int bytes = output.data().length;
      // The agent may send only what fits the window the host gave it; more is not held for it.
      if (pendingExec.unacked().addAndGet(bytes) > Protocol.DEFAULT_WINDOW_BYTES) {
        pending.remove(id);
        exec.onError("the node's agent sent more output than the " + Protocol.DEFAULT_WINDOW_BYTES
            + " bytes it may have unacknowledged; the program's output is cut off");
        return;
      }
      Runnable ack = acks.ackFor(id, bytes);
      exec.onOutput(output.stream(), output.data(), () -> {
        pendingExec.unacked().addAndGet(-bytes);
        ack.run();
      });
    } else if (message instanceof Messages.Exit exit) {
      pending.remove(id);
      exec.onExit(exit.code());
    } else if (message instanceof Messages.Error error) {
      pending.remove(id);
      exec.onError(error.message());
    } else {
      LOG.warn("unexpected {} for exec {}", message.getClass().getSimpleName(), id);
    }
  }

  /** Ends every waiting request with {@code why}: the agent that would answer is gone. */
  void failAll(String why) {
    for (Long id : List.copyOf(pending.keySet())) {
      Pending waiting = pending.remove(id);
      if (waiting instanceof Reply reply) {
        reply.future().completeExceptionally(new AgentUnavailableException(why));
      } else if (waiting instanceof Exec exec) {
        exec.listener().onError(why);
      }
    }
  }
}
