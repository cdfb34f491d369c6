package io.unum.agent.channel;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;

/**
 * Turns a device that answers end-of-file while nobody is on the other side into a stream that
 * reports that end once and then waits, polling, for the next bytes.
 */
final class PollingInput extends InputStream {
  private final InputStream in;
  private final long pollMillis;
  private boolean endReported;

  PollingInput(InputStream in, long pollMillis) {
    this.in = in;
    this.pollMillis = pollMillis;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (true) {
      int n = in.read(b, off, len);
      if (n > 0) {
        endReported = false;
        return n;
      }
      if (!endReported) {
        endReported = true;
        return -1;
      }
      try {
        Thread.sleep(pollMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while waiting for the host");
      }
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
