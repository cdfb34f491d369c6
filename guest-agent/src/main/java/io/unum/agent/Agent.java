package io.unum.agent;

import io.unum.agent.channel.Channel;
import io.unum.agent.link.Dispatcher;
import io.unum.agent.link.HostCalls;
import io.unum.agent.link.LinkReader;
import io.unum.agent.link.LinkWriter;
import io.unum.agent.local.LocalServer;
import io.unum.agent.local.SignalHelper;
import io.unum.agent.proc.ProcessScanner;
import io.unum.agent.protocol.MessageCodec;
import io.unum.agent.protocol.Protocol;
import io.unum.agent.services.ExecService;
import io.unum.agent.services.Heartbeats;
import io.unum.agent.services.HelloService;
import io.unum.agent.services.NodeLoadReader;
import io.unum.agent.services.PowerService;
import io.unum.agent.services.ProcessReporter;
import io.unum.agent.services.SignalSender;
import io.unum.agent.services.SignalService;
import io.unum.agent.supervise.ServiceSupervisor;
import io.unum.agent.supervise.SupervisorConfig;
import java.io.IOException;
import java.nio.file.Path;

/** A running agent on one channel: the reader, the writer, the services and the heartbeats. */
public final class Agent implements AutoCloseable {
  /** Version reported in hello when the jar's manifest does not say (classes run from a build). */
  static final String FALLBACK_VERSION = "0.1.0";

  /** The node's run directory: the init role file and the services' pid files live in it. */
  public static final Path RUN_DIR = Path.of("/run/unum");

  /**
   * What the agent says about itself, whom it asks to power off, its local socket (null for
   * none) and its run directory (tests give one of their own).
   */
  public record Config(int node, long initPid, Path local, Path run) {
    public Config(int node, long initPid, Path local) {
      this(node, initPid, local, RUN_DIR);
    }
  }

  private final Channel channel;
  private final LinkWriter writer;
  private final LinkReader reader;
  private final Heartbeats heartbeats;
  private final ProcessReporter processes;
  private final LocalServer local;
  private final ServiceSupervisor services;

  private Agent(Channel channel, LinkWriter writer, LinkReader reader, Heartbeats heartbeats,
      ProcessReporter processes, LocalServer local, ServiceSupervisor services) {
    this.processes = processes;
    this.services = services;
    this.local = local;
    this.channel = channel;
    this.writer = writer;
    this.reader = reader;
    this.heartbeats = heartbeats;
  }

  /** Starts serving on {@code channel}. */
  public static Agent start(Channel channel, Config config) {
    MessageCodec codec = new MessageCodec();
    LinkWriter writer = new LinkWriter(channel.output(), codec);
    SignalSender kill = new SignalSender();
    ProcessReporter processes = new ProcessReporter(
        new ProcessScanner(Path.of("/proc"), Path.of("/etc/passwd")), writer::offerProcs,
        Protocol.PROCESS_SCAN_MILLIS, Protocol.PROCESS_LIST_MILLIS);
    HostCalls calls = new HostCalls(writer);
    ServiceSupervisor services = new ServiceSupervisor(SupervisorConfig.of(config.node(), config.run()),
        kill, writer::send);
    Dispatcher dispatcher = new Dispatcher(codec, writer, new HelloService(config.node(), version()),
        new ExecService(), new SignalService(kill, Path.of("/proc")), new PowerService(kill, config.initPid()),
        calls, services, processes::resync);
    LinkReader reader = new LinkReader(channel.input(), dispatcher);
    // Before the reader: what an earlier agent left running dies before any order can start it again.
    services.start();
    // Read first: a host that is already waiting gets its sync answered as soon as possible.
    writer.start();
    reader.start();
    Heartbeats heartbeats = new Heartbeats(new NodeLoadReader(Path.of("/proc")), writer::offerBeat,
        Protocol.HEARTBEAT_MILLIS);
    heartbeats.start();
    processes.start();
    return new Agent(channel, writer, reader, heartbeats, processes, startLocal(config.local(), calls),
        services);
  }

  /** The local socket, if one is asked for and can be made; the agent serves the host without. */
  private static LocalServer startLocal(Path path, HostCalls calls) {
    if (path == null) {
      return null;
    }
    LocalServer server = new LocalServer(path, calls);
    try {
      server.start();
    } catch (IOException | RuntimeException e) {
      Log.line("cannot listen on " + path + ": " + e.getMessage() + "; no in-node unum, no remote signals");
      return null;
    }
    if (path.equals(LocalServer.DEFAULT_PATH)) {
      SignalHelper.register();
    }
    return server;
  }

  /** The jar's Implementation-Version. */
  public static String version() {
    String version = Agent.class.getPackage().getImplementationVersion();
    return version != null ? version : FALLBACK_VERSION;
  }

  /** Waits until the agent is closed. */
  public void awaitStop() throws InterruptedException {
    reader.join();
  }

  @Override
  public void close() {
    heartbeats.stop();
    processes.stop();
    // Its threads only: the services run on until the node's init ends them at power-off.
    services.close();
    if (local != null) {
      local.close();
    }
    reader.stop();
    writer.stop();
    try {
      channel.close();
    } catch (IOException e) {
      Log.line("closing " + channel.name() + ": " + e.getMessage());
    }
  }
}
