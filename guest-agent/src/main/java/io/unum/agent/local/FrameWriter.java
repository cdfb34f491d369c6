package io.unum.agent.local;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes the answer frames of the local socket: {@code out LEN\n}+bytes, {@code err LEN\n}+bytes,
 * and last {@code exit CODE\n}. A client that went away only stops the frames, not the agent.
 */
final class FrameWriter {
  private final OutputStream out;
  private boolean broken;

  FrameWriter(OutputStream out) {
    this.out = out;
  }

  synchronized void data(boolean stderr, byte[] bytes) {
    write(((stderr ? "err " : "out ") + bytes.length + "\n").getBytes(StandardCharsets.US_ASCII), bytes);
  }

  /** The last frame. */
  synchronized void exit(int code) {
    write(("exit " + code + "\n").getBytes(StandardCharsets.US_ASCII), new byte[0]);
  }

  /** A message for the user on stderr, then the exit code. */
  synchronized void fail(String message, int code) {
    data(true, ("unum: " + message + "\n").getBytes(StandardCharsets.UTF_8));
    exit(code);
  }

  private void write(byte[] header, byte[] body) {
    if (broken) {
      return;
    }
    try {
      out.write(header);
      out.write(body);
      out.flush();
    } catch (IOException e) {
      broken = true;
    }
  }
}
