package io.unum.orchestrator.it;

import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A node's root posing as its agent, to flood the host: it kills the real agent, takes the
 * channel, answers the host's handshake, then for a while sends what a hostile guest would
 * (service-log lines for services it does not run, process reports beyond the cap, lines that
 * make no sense or are too long, remote signals it never lets finish). Run inside a lab guest by
 * {@link GuestFloodLabIT} on the guest's own JRE, so it uses the JDK alone and is one class file.
 *
 * <p>Arguments: node number, the cluster's PIDs per node, seconds to flood. Prints what it sent
 * when it ends.
 */
public final class RogueAgent {
  private static final String PORT_NAME = "io.unum.agent.0";
  private static final Pattern ID = Pattern.compile("\"id\":(\\d+)");
  private static final Pattern NONCE = Pattern.compile("\"nonce\":\"([^\"]+)\"");

  private final OutputStream out;
  private final AtomicLong linesSent = new AtomicLong();
  private final AtomicLong handshakes = new AtomicLong();

  private RogueAgent(OutputStream out) {
    this.out = out;
  }

  public static void main(String[] args) throws Exception {
    int node = Integer.parseInt(args[0]);
    int pidRange = Integer.parseInt(args[1]);
    long seconds = Long.parseLong(args[2]);
    Path port = port();
    ProcessHandle.allProcesses()
        .filter(p -> p.info().commandLine().orElse("").contains("/opt/unum/agent.jar"))
        .forEach(ProcessHandle::destroyForcibly);
    // unum-init starts the agent again 0.5 s after it died: take the channel before it does.
    RandomAccessFile channel = open(port, System.nanoTime() + 5_000_000_000L);
    RogueAgent rogue = new RogueAgent(new FileOutputStream(channel.getFD()));
    Thread reader = new Thread(() -> rogue.answer(new FileInputStream(silently(channel)), node), "reader");
    reader.setDaemon(true);
    reader.start();
    rogue.takeOver();
    rogue.flood(node, pidRange, System.nanoTime() + seconds * 1_000_000_000L);
    System.out.println("sent " + rogue.linesSent.get() + " lines, answered " + rogue.handshakes.get()
        + " handshakes");
    channel.close();
    System.exit(0);
  }

  private static java.io.FileDescriptor silently(RandomAccessFile channel) {
    try {
      return channel.getFD();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The agent's port, found by its name as the agent finds it. */
  private static Path port() throws IOException {
    try (Stream<Path> ports = Files.list(Path.of("/sys/class/virtio-ports"))) {
      for (Path dir : ports.toList()) {
        if (Files.readString(dir.resolve("name")).strip().equals(PORT_NAME)) {
          return Path.of("/dev", dir.getFileName().toString());
        }
      }
    }
    throw new IllegalStateException("no virtio port named " + PORT_NAME);
  }

  /** Opens the port once the killed agent has let go of it (a port has one opener at a time). */
  private static RandomAccessFile open(Path port, long deadline) throws InterruptedException, IOException {
    while (true) {
      try {
        return new RandomAccessFile(port.toFile(), "rw");
      } catch (IOException busy) {
        if (System.nanoTime() > deadline) {
          throw busy;
        }
        Thread.sleep(5);
      }
    }
  }

  /**
   * Has the host take this for a new agent: a heartbeat that counts from the start again makes
   * it start a new session (sync, hello), which {@link #answer} answers.
   */
  private void takeOver() throws InterruptedException {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (handshakes.get() == 0) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the host never said hello in 60 s");
      }
      send(heartbeat(0));
      Thread.sleep(1000);
    }
  }

  private static String heartbeat(long seq) {
    return "{\"type\":\"heartbeat\",\"seq\":" + seq + ",\"uptimeSeconds\":1,\"load1\":0,\"load5\":0,"
        + "\"load15\":0,\"cpuPercent\":0,\"memTotalKiB\":1,\"memAvailableKiB\":1,\"processes\":1}\n";
  }

  /** Answers every sync and hello as the agent would, and reads (and drops) everything else. */
  private void answer(FileInputStream in, int node) {
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        Matcher id = ID.matcher(line);
        if (!id.find()) {
          continue;
        }
        if (line.contains("\"type\":\"sync\"")) {
          Matcher nonce = NONCE.matcher(line);
          if (nonce.find()) {
            send("{\"type\":\"synced\",\"id\":" + id.group(1) + ",\"nonce\":\"" + nonce.group(1) + "\"}\n");
          }
        } else if (line.contains("\"type\":\"hello\"")) {
          send("{\"type\":\"hello-reply\",\"id\":" + id.group(1) + ",\"node\":" + node + ",\"hostname\":\"rogue\","
              + "\"kernel\":\"rogue\",\"agentVersion\":\"rogue\",\"protocol\":1,\"pid\":"
              + ProcessHandle.current().pid() + "}\n");
          handshakes.incrementAndGet();
        }
      }
    } catch (IOException e) {
      // The channel closed: the flood is over.
    }
  }

  private void flood(int node, int pidRange, long deadline) throws IOException {
    long round = 0;
    // Every PID of the node's own range (a report naming another node's PID is refused whole).
    long firstPid = (long) node * pidRange;
    long beat = 1_000_000_000_000L; // above any real agent's count: the real one, back, is seen as new
    while (System.nanoTime() < deadline) {
      StringBuilder batch = new StringBuilder(64 * 1024);
      for (int i = 0; i < 100; i++) {
        // Each name a new one: the host once made a ring buffer for every name it was sent.
        batch.append("{\"type\":\"service-log\",\"name\":\"flood-").append(round).append('-').append(i)
            .append("\",\"stream\":\"stdout\",\"lines\":[\"").append("x".repeat(200)).append("\"]}\n");
      }
      batch.append("this is not json\n{\"type\":\"no-such-type\",\"id\":1}\n{\"type\":\"procs\",\"seq\":\"x\"}\n")
          .append("{\"type\":\"heartbeat\",\"seq\":\"x\"}\n{\n[]\n{\"type\":\"service-log\"}\n{\"id\":\"7\",\"type\":\"ok\"}\n");
      batch.append(heartbeat(beat++));
      for (int i = 0; i < 8; i++) {
        // Signals to its own node, which never answers them: each would hold a host thread 5 s.
        batch.append("{\"type\":\"remote-signal\",\"id\":").append(round * 8 + i + 1).append(",\"pid\":")
            .append(firstPid + 1).append(",\"signal\":0,\"uid\":0,\"euid\":0,\"capKill\":true}\n");
      }
      if (round % 20 == 0) {
        batch.append(processes(round + 1, firstPid, Math.min(pidRange, 4096)));
      }
      if (round % 50 == 49) {
        batch.append("y".repeat(1_500_000)).append('\n'); // over the protocol's 1 MiB a line
      }
      send(batch.toString());
      round++;
    }
  }

  /** A full process report of {@code rows} processes from {@code firstPid}, a few with overlong commands. */
  private static String processes(long seq, long firstPid, int rows) {
    StringBuilder report = new StringBuilder(rows * 120 + 50_000);
    report.append("{\"type\":\"procs\",\"seq\":").append(seq).append(",\"full\":true,\"upsert\":[");
    for (int i = 0; i < rows; i++) {
      String cmd = i < 5 ? "z".repeat(8000) : "sleep " + i;
      report.append(i == 0 ? "" : ",").append("{\"pid\":").append(firstPid + i).append(",\"ppid\":1,\"uid\":0,")
          .append("\"user\":\"root\",\"state\":\"S\",\"cpuPercent\":0,\"rssKiB\":1,\"startMillis\":0,\"cmd\":\"")
          .append(cmd).append("\"}");
    }
    return report.append("],\"gone\":[]}\n").toString();
  }

  private synchronized void send(String lines) {
    try {
      out.write(lines.getBytes(StandardCharsets.UTF_8));
      out.flush();
      linesSent.addAndGet(lines.chars().filter(c -> c == '\n').count());
    } catch (IOException e) {
      throw new IllegalStateException("the channel failed: " + e.getMessage(), e);
    }
  }
}
