package io.unum.agent.services;

import io.unum.agent.proc.ProcessUids;
import io.unum.agent.protocol.ErrorCode;
import io.unum.agent.protocol.Message;
import io.unum.agent.protocol.Messages.Signal;
import io.unum.agent.protocol.Messages;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Answers {@code signal}: sends a signal to a process of the node, checked for its sender. */
public final class SignalService {
  private final SignalSender kill;
  private final Path proc;
  /** Threads are kept a while: under TCG starting one per signal shows in kill's latency. */
  private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
    Thread thread = new Thread(r, "unum-signal");
    thread.setDaemon(true);
    return thread;
  });

  public SignalService(SignalSender kill, Path proc) {
    this.kill = kill;
    this.proc = proc;
  }

  /** Replies {@code ok} or an {@code error}; runs beside the link so reading never waits. */
  public void send(Signal request, Replies replies) {
    workers.execute(() -> replies.send(deliver(request)));
  }

  Message deliver(Signal request) {
    Optional<ProcessUids> target = ProcessUids.of(proc, request.pid());
    if (target.isEmpty()) {
      return new Messages.Error(request.id(), ErrorCode.NO_SUCH_PROCESS, "no such process " + request.pid());
    }
    if (request.sender() != null && !KillPermission.allows(request.sender(), target.get())) {
      return new Messages.Error(request.id(), ErrorCode.NOT_PERMITTED, "operation not permitted");
    }
    if (request.signal() == 0) {
      return new Messages.Ok(request.id());
    }
    String failure = kill.send(request.pid(), request.signal());
    if (failure == null) {
      return new Messages.Ok(request.id());
    }
    ErrorCode code = failure.startsWith("no such process") ? ErrorCode.NO_SUCH_PROCESS
        : failure.equals(SignalSender.NOT_PERMITTED) ? ErrorCode.NOT_PERMITTED : ErrorCode.FAILED;
    return new Messages.Error(request.id(), code, failure);
  }
}
