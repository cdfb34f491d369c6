package io.unum.agent.services;

import io.unum.agent.Log;
import io.unum.agent.protocol.Messages.Poweroff;
import io.unum.agent.protocol.Messages;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Answers {@code poweroff}: replies first, then asks the node's init to power off (SIGUSR1) or
 * reboot (SIGUSR2), the signals the Unum init handles.
 */
public final class PowerService {
  /** How long to wait for the reply to reach the host before powering off anyway. */
  private static final long REPLY_WAIT_MILLIS = 2000;

  private final SignalSender kill;
  private final long initPid;

  public PowerService(SignalSender kill, long initPid) {
    this.kill = kill;
    this.initPid = initPid;
  }

  public void poweroff(Poweroff request, Replies replies) {
    CountDownLatch replied = new CountDownLatch(1);
    replies.send(new Messages.Ok(request.id()), replied::countDown);
    String signal = request.reboot() ? "USR2" : "USR1";
    Thread worker = new Thread(() -> {
      try {
        replied.await(REPLY_WAIT_MILLIS, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      Log.line((request.reboot() ? "reboot" : "power off") + " requested: SIG" + signal
          + " to pid " + initPid);
      String failure = kill.send(initPid, signal);
      if (failure != null) {
        Log.line("cannot signal init: " + failure);
      }
    }, "unum-poweroff");
    worker.setDaemon(true);
    worker.start();
  }
}
