package io.unum.agent.local;

import io.unum.agent.Log;
import io.unum.agent.link.HostCalls;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

/**
 * The node's local socket: the door of the in-node {@code unum} and of the kernel's signal
 * helper to the cluster. Every user may connect (0666); the agent acts with the caller's ids.
 */
public final class LocalServer implements AutoCloseable {
  /** Where the in-node unum and the signal helper find the agent. */
  public static final Path DEFAULT_PATH = Path.of("/run/unum/agent.sock");
  /** Connections served at once; more are told to try again. */
  static final int MAX_SESSIONS = 64;

  private final Path path;
  private final LocalSession session;
  private final Semaphore slots = new Semaphore(MAX_SESSIONS);
  /** Threads are kept a while: under TCG starting one per request shows in kill's latency. */
  private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
    Thread thread = new Thread(r, "unum-local-session");
    thread.setDaemon(true);
    return thread;
  });
  private ServerSocketChannel server;
  private volatile boolean closed;

  public LocalServer(Path path, HostCalls calls) {
    this.path = path;
    this.session = new LocalSession(calls);
  }

  /** Listens (replacing a socket file a previous agent left) and accepts on its own thread. */
  public void start() throws IOException {
    Files.createDirectories(path.getParent());
    Files.deleteIfExists(path);
    server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(path));
    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-rw-rw-"));
    Thread acceptor = new Thread(this::acceptLoop, "unum-local");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public Path path() {
    return path;
  }

  private void acceptLoop() {
    while (!closed) {
      SocketChannel channel;
      try {
        channel = server.accept();
      } catch (IOException e) {
        if (!closed) {
          Log.line("local socket: " + e.getMessage());
        }
        return;
      }
      if (!slots.tryAcquire()) {
        close(channel, "too many local connections (" + MAX_SESSIONS + ")");
        continue;
      }
      workers.execute(() -> {
        try (channel) {
          session.serve(channel);
        } catch (IOException | RuntimeException e) {
          Log.line("local socket: a request failed: " + e);
        } finally {
          slots.release();
        }
      });
    }
  }

  private static void close(SocketChannel channel, String why) {
    Log.line("local socket: refused a connection: " + why);
    try {
      channel.close();
    } catch (IOException e) {
      // Gone anyway.
    }
  }

  @Override
  public void close() {
    closed = true;
    workers.shutdownNow();
    try {
      if (server != null) {
        server.close();
      }
      Files.deleteIfExists(path);
    } catch (IOException e) {
      Log.line("local socket: closing: " + e.getMessage());
    }
  }
}
