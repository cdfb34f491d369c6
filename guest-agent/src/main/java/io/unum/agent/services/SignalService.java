package io.unum.agent.services;

import io.unum.agent.protocol.ErrorCode;
import io.unum.agent.protocol.Messages;
import io.unum.agent.protocol.Messages.Signal;

/** Answers {@code signal}: sends a signal to a process of the node. */
public final class SignalService {
  private final KillCommand kill;

  public SignalService(KillCommand kill) {
    this.kill = kill;
  }

  /** Replies {@code ok} or {@code error failed}; runs beside the link so reading never waits. */
  public void send(Signal request, Replies replies) {
    Thread worker = new Thread(() -> {
      String failure = kill.send(request.pid(), Integer.toString(request.signal()));
      replies.send(failure == null
          ? new Messages.Ok(request.id())
          : new Messages.Error(request.id(), ErrorCode.FAILED, failure));
    }, "unum-signal-" + request.id());
    worker.setDaemon(true);
    worker.start();
  }
}
