package io.unum.agent.services;

import io.unum.agent.protocol.Message;

/** Where a service sends what it has to say about one request; blocks while the link is full. */
public interface Replies {

  void send(Message message);

  /** Sends {@code message} and runs {@code then} once it is on the wire (or was dropped). */
  void send(Message message, Runnable then);
}
