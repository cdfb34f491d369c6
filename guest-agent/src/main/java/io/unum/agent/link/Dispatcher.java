package io.unum.agent.link;

import io.unum.agent.Log;
import io.unum.agent.proc.OwnAge;
import io.unum.agent.protocol.ErrorCode;
import io.unum.agent.protocol.InvalidFieldException;
import io.unum.agent.protocol.Message;
import io.unum.agent.protocol.MessageCodec;
import io.unum.agent.protocol.Messages;
import io.unum.agent.protocol.Protocol;
import io.unum.agent.protocol.ProtocolException;
import io.unum.agent.services.ExecService;
import io.unum.agent.services.HelloService;
import io.unum.agent.services.PowerService;
import io.unum.agent.services.Replies;
import io.unum.agent.services.SignalService;
import io.unum.agent.supervise.ServiceSupervisor;

/**
 * Turns each line from the host into a call on a service, and every problem into an error
 * reply: nothing the host sends can stop the agent. Called by the reader thread only.
 */
public final class Dispatcher {
  private final Runnable onHello;
  private final MessageCodec codec;
  private final LinkWriter writer;
  private final HelloService hello;
  private final ExecService exec;
  private final SignalService signals;
  private final PowerService power;
  private final HostCalls calls;
  private final ServiceSupervisor services;
  private SyncSession session = new SyncSession();
  private boolean helloAnswered;

  /** @param onHello run once each hello is answered (the reply queued): a host session begins */
  public Dispatcher(MessageCodec codec, LinkWriter writer, HelloService hello, ExecService exec,
      SignalService signals, PowerService power, HostCalls calls, ServiceSupervisor services,
      Runnable onHello) {
    this.onHello = onHello;
    this.services = services;
    this.codec = codec;
    this.writer = writer;
    this.hello = hello;
    this.exec = exec;
    this.signals = signals;
    this.power = power;
    this.calls = calls;
  }

  public void onLine(String line) {
    Message message;
    try {
      message = codec.decode(line);
    } catch (ProtocolException e) {
      refuse(e.toReply());
      return;
    }
    try {
      route(message);
    } catch (InvalidFieldException e) {
      refuse(new Messages.Error(message.id(), ErrorCode.BAD_REQUEST,
          typeOf(message) + ": " + e.getMessage()));
    } catch (RuntimeException e) {
      refuse(new Messages.Error(message.id(), ErrorCode.FAILED,
          typeOf(message) + ": internal error: " + e));
    }
  }

  public void onOversizedLine(long length) {
    refuse(new Messages.Error(null, ErrorCode.TOO_LARGE,
        "line of " + length + " bytes exceeds the limit of " + Protocol.MAX_LINE_BYTES));
  }

  private void route(Message message) {
    if (message instanceof Messages.Sync sync) {
      // Whatever the earlier host asked is nobody's business now.
      session.end();
      session = new SyncSession();
      exec.orphanAll();
      calls.failAll("the host connection was reset");
      writer.send(new Messages.Synced(sync.id(), sync.nonce()));
    } else if (message instanceof Messages.Hello request) {
      writer.send(hello.answer(request));
      if (!helloAnswered) {
        // With "ready in N ms" this says how much of a boot the first handshake takes.
        helloAnswered = true;
        Log.line("first hello answered " + OwnAge.millis().orElse(-1) + " ms after the JVM started");
      }
      // After the reply is queued: the host starts its session on the reply and drops what came
      // before it, so a full process report the hook asks for must not overtake the reply.
      onHello.run();
      // Queued after the reply, so the host has its hello-reply before the services it replaces.
      services.resend();
    } else if (message instanceof Messages.Exec request) {
      exec.start(request, replies());
    } else if (message instanceof Messages.Ack ack) {
      exec.ack(ack);
    } else if (message instanceof Messages.Signal request) {
      signals.send(request, replies());
    } else if (message instanceof Messages.Services orders) {
      // Returns at once; the instances start and stop on their own threads and report.
      services.apply(orders);
      replies().send(new Messages.Ok(orders.id()));
    } else if (message instanceof Messages.Poweroff request) {
      power.poweroff(request, replies());
    } else if (calls.deliver(message)) {
      // An answer to a request of ours.
    } else if (message instanceof Messages.Error error) {
      // Never answer an error with an error: two peers doing so would bounce it forever.
      Log.line("the host reported an error" + (error.id() == null ? "" : " about id " + error.id())
          + ": " + error.message());
    } else {
      refuse(new Messages.Error(message.id(), ErrorCode.UNSUPPORTED,
          "'" + typeOf(message) + "' is sent by the agent, not to it"));
    }
  }

  private void refuse(Messages.Error error) {
    Log.line("refused a line: " + error.code().name().toLowerCase().replace('_', '-')
        + (error.id() == null ? "" : " (id " + error.id() + ")") + ": " + error.message());
    writer.send(error);
  }

  /** Replies that are dropped once the session they belong to has ended. */
  private Replies replies() {
    SyncSession current = session;
    return new Replies() {
      @Override
      public void send(Message message) {
        writer.send(message, current, null);
      }

      @Override
      public void send(Message message, Runnable then) {
        writer.send(message, current, then);
      }
    };
  }

  /** The wire name of a message type: HelloReply is "hello-reply". */
  static String typeOf(Message message) {
    String name = message.getClass().getSimpleName();
    StringBuilder wire = new StringBuilder();
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isUpperCase(c) && i > 0) {
        wire.append('-');
      }
      wire.append(Character.toLowerCase(c));
    }
    return wire.toString();
  }
}
