package io.unum.orchestrator.hypervisor;

import org.libvirt.Connect;
import org.libvirt.LibvirtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection to libvirtd, opened again after libvirtd restarted: libvirt's client never
 * reconnects by itself, and a closed connection fails every call made on it. Guests run on
 * through a libvirtd restart (QEMU is not its child), so the orchestrator must simply reconnect.
 */
final class LibvirtConnection implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LibvirtConnection.class);
  /** A libvirtd that is down is asked again at most this often. */
  private static final long REOPEN_INTERVAL_NANOS = 1_000_000_000L;

  private final String uri;
  private Connect connect;
  private long lastOpenNanos;
  private String lastFailure = "";
  private boolean closed;

  private LibvirtConnection(String uri, Connect connect) {
    this.uri = uri;
    this.connect = connect;
    this.lastOpenNanos = System.nanoTime();
  }

  /** Opens the first connection; unlike later ones, it must succeed. */
  static LibvirtConnection open(String uri) throws LibvirtException {
    return new LibvirtConnection(uri, new Connect(uri));
  }

  /** The open connection: a new one when the last was found closed. */
  synchronized Connect get() {
    if (closed) {
      throw new HypervisorException("the connection to libvirt at " + uri + " was closed", null);
    }
    if (connect == null) {
      long now = System.nanoTime();
      if (now - lastOpenNanos < REOPEN_INTERVAL_NANOS) {
        throw new HypervisorException("libvirt at " + uri + " is not connected (" + lastFailure
            + "); reconnecting", null);
      }
      lastOpenNanos = now;
      try {
        connect = new Connect(uri);
        LOG.info("connected to libvirt at {} again", uri);
      } catch (LibvirtException e) {
        lastFailure = e.getMessage();
        throw new HypervisorException("cannot reconnect to libvirt at " + uri + ": " + e.getMessage()
            + " (is libvirtd running?)", e);
      }
    }
    return connect;
  }

  /**
   * After a call on {@code used} failed: when that connection is closed (libvirtd restarted or
   * died), drops it so that the next call opens a new one. Returns whether it was closed.
   */
  synchronized boolean dropIfClosed(Connect used) {
    if (used != connect) {
      return true; // dropped already, by another call that failed on it
    }
    boolean alive;
    try {
      alive = used.isAlive();
    } catch (LibvirtException e) {
      alive = false;
    }
    if (!alive) {
      LOG.warn("the connection to libvirt at {} is closed (libvirtd restarted or stopped); reconnecting", uri);
      lastFailure = "the last connection closed";
      quietlyClose(used);
      connect = null;
    }
    return !alive;
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (connect != null) {
      quietlyClose(connect);
      connect = null;
    }
  }

  private static void quietlyClose(Connect connect) {
    try {
      connect.close();
    } catch (LibvirtException e) {
      // Closing a dead connection has nothing left to do.
    }
  }
}
