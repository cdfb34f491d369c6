package io.unum.agent;

import io.unum.agent.channel.Channel;
import io.unum.agent.channel.UnixSocketChannel;
import io.unum.agent.channel.VirtioPort;
import io.unum.agent.channel.VirtioPorts;
import io.unum.agent.proc.OwnAge;
import io.unum.agent.protocol.Protocol;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

/** Starts the guest agent: unum-agent [--port UNIX_SOCKET] [--node N]. */
public final class AgentMain {
  /** The node's init: it powers off on SIGUSR1 and reboots on SIGUSR2. */
  private static final long INIT_PID = 1;

  private AgentMain() {}

  public static void main(String[] args) throws InterruptedException {
    long mainStarted = System.nanoTime();
    long jvmMillis = millisSinceStart(mainStarted);
    AgentOptions options;
    try {
      options = AgentOptions.parse(args, System.getenv(), AgentMain::kernelCmdline);
    } catch (IllegalArgumentException e) {
      System.err.println("unum-agent: " + e.getMessage());
      System.err.println(AgentOptions.USAGE);
      System.exit(2);
      return;
    }
    Channel channel;
    try {
      channel = options.port() != null
          ? new UnixSocketChannel(options.port())
          : VirtioPort.openWhenPresent(new VirtioPorts(VirtioPorts.SYSFS, Path.of("/dev")),
              Protocol.CHANNEL_NAME);
    } catch (IOException e) {
      // EBUSY here usually means another agent already has the port.
      Log.line("cannot open the channel: " + e.getMessage());
      System.exit(1);
      return;
    }
    long channelMillis = (System.nanoTime() - mainStarted) / 1_000_000;
    // Registered before the agent starts: a host may answer, and SIGTERM come, at once.
    AtomicReference<Agent> running = new AtomicReference<>();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      Log.line("stopping");
      Agent started = running.get();
      if (started != null) {
        started.close();
      }
    }, "unum-shutdown"));
    Agent agent = Agent.start(channel, new Agent.Config(options.node(), INIT_PID, options.local()));
    running.set(agent);
    Log.line("node " + options.node() + ", agent " + Agent.version() + ", protocol " + Protocol.VERSION);
    // Boot time is mostly this line's figure under TCG: its parts say where to look.
    Log.line("ready on " + channel.name() + " in " + millisSinceStart(mainStarted) + " ms (JVM to main "
        + jvmMillis + " ms, channel " + channelMillis + " ms, agent " + ((System.nanoTime() - mainStarted) / 1_000_000
        - channelMillis) + " ms)");
    agent.awaitStop();
  }

  /** Time since the JVM process started (to 10 ms); since main if /proc does not say. */
  private static long millisSinceStart(long mainStarted) {
    return OwnAge.millis().orElse((System.nanoTime() - mainStarted) / 1_000_000);
  }

  private static String kernelCmdline() {
    try {
      return Files.readString(Path.of("/proc/cmdline"));
    } catch (IOException e) {
      return "";
    }
  }
}
