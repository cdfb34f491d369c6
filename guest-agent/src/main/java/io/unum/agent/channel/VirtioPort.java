package io.unum.agent.channel;

import io.unum.agent.Log;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A virtio-serial port device. virtio_console allows one open at a time (a second one fails
 * with EBUSY), so the port is opened once, read-write, and both streams share that descriptor.
 * While no host process has the socket open, reads return end-of-file at once and writes block.
 */
public final class VirtioPort implements Channel {
  /** How often to look again when no host is connected. */
  static final long POLL_MILLIS = 50;
  /** How often to look for a port that has not appeared yet. */
  private static final long APPEAR_POLL_MILLIS = 200;

  private final String name;
  private final RandomAccessFile file;
  private final InputStream input;
  private final OutputStream output;

  private VirtioPort(Path device, RandomAccessFile file) throws IOException {
    this.name = device.toString();
    this.file = file;
    FileDescriptor fd = file.getFD();
    this.input = new PollingInput(new FileInputStream(fd), POLL_MILLIS);
    this.output = new FileOutputStream(fd);
  }

  public static VirtioPort open(Path device) throws IOException {
    return new VirtioPort(device, new RandomAccessFile(device.toFile(), "rw"));
  }

  /**
   * Opens the port called {@code name}, waiting for it to appear: the agent may start before
   * the virtio_console driver has probed the device.
   */
  public static VirtioPort openWhenPresent(VirtioPorts ports, String name) throws IOException {
    boolean told = false;
    while (true) {
      Optional<Path> device = ports.find(name);
      if (device.isPresent()) {
        return open(device.get());
      }
      if (!told) {
        Log.line("waiting for a virtio-serial port named " + name);
        told = true;
      }
      try {
        Thread.sleep(APPEAR_POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while waiting for port " + name);
      }
    }
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
    return name;
  }

  @Override
  public void close() throws IOException {
    file.close();
  }
}
