package io.unum.agent.channel;

import java.io.Closeable;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The agent's byte pipe to its host. The streams outlive host connections: {@link #input()}
 * returns -1 once when a host goes away and then blocks until the next host sends bytes, and
 * {@link #output()} writes to whichever host is there, blocking while none is.
 */
public interface Channel extends Closeable {

  /** Bytes from the host; read by one thread only. */
  InputStream input();

  /** Bytes to the host; written by one thread only, one whole line per write call. */
  OutputStream output();

  /** Where the channel is, for log lines: "/dev/vport1p1". */
  String name();
}
