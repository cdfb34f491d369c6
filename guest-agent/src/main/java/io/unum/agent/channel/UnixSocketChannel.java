package io.unum.agent.channel;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * A Unix domain socket the agent connects to as a client, standing in for the virtio port in
 * tests and on hosts without one. When the peer goes away the agent connects again, at most
 * every {@value #RETRY_MILLIS} ms, and carries on as the port would.
 */
public final class UnixSocketChannel implements Channel {
  static final long RETRY_MILLIS = 100;

  private final Path path;
  private final Object lock = new Object();
  private final InputStream input = new Input();
  private final OutputStream output = new Output();
  private SocketChannel current;
  private long lastAttempt;
  private boolean closed;

  public UnixSocketChannel(Path path) {
    this.path = path;
  }

  @Override
  public InputStream input() {
    return input;
  }

  @Override
  public OutputStream output() {
    return output;
  }

  @Override
  public String name() {
    return path.toString();
  }

  @Override
  public void close() throws IOException {
    synchronized (lock) {
      closed = true;
      lock.notifyAll();
      if (current != null) {
        current.close();
      }
    }
  }

  /** The connection both streams use, connecting first when there is none. */
  private SocketChannel connection() throws IOException {
    synchronized (lock) {
      while (current == null) {
        if (closed) {
          throw new ClosedChannelException();
        }
        long wait = lastAttempt + RETRY_MILLIS * 1_000_000 - System.nanoTime();
        if (wait > 0) {
          pause(wait);
          continue;
        }
        lastAttempt = System.nanoTime();
        try {
          SocketChannel socket = SocketChannel.open(StandardProtocolFamily.UNIX);
          try {
            socket.connect(UnixDomainSocketAddress.of(path));
          } catch (IOException e) {
            socket.close();
            throw e;
          }
          current = socket;
        } catch (IOException e) {
          // Nobody listening yet: try again after the retry interval.
        }
      }
      return current;
    }
  }

  private void pause(long nanos) throws IOException {
    try {
      lock.wait(nanos / 1_000_000, (int) (nanos % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while connecting to " + path);
    }
  }

  /** Forgets {@code socket} unless the other stream already replaced it. */
  private void drop(SocketChannel socket) {
    synchronized (lock) {
      if (current == socket) {
        current = null;
      }
    }
    try {
      socket.close();
    } catch (IOException e) {
      // Already broken; nothing left to release.
    }
  }

  private boolean isClosed() {
    synchronized (lock) {
      return closed;
    }
  }

  private final class Input extends InputStream {
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
      SocketChannel socket = connection();
      int n;
      try {
        n = socket.read(ByteBuffer.wrap(b, off, len));
      } catch (IOException e) {
        if (isClosed()) {
          throw e;
        }
        n = -1;
      }
      if (n < 0) {
        drop(socket);
      }
      return n;
    }
  }

  private final class Output extends OutputStream {
    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    /** Writes all of {@code b} to one connection; if it breaks, all of it again to the next. */
    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      while (true) {
        SocketChannel socket = connection();
        ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
        try {
          while (buffer.hasRemaining()) {
            socket.write(buffer);
          }
          return;
        } catch (IOException e) {
          if (isClosed()) {
            throw e;
          }
          drop(socket);
        }
      }
    }
  }
}
