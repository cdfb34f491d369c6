package io.unum.agent.services;

import io.unum.agent.protocol.Messages.Hello;
import io.unum.agent.protocol.Messages.HelloReply;
import io.unum.agent.protocol.Protocol;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Answers {@code hello}: who this agent is. */
public final class HelloService {
  private static final Path HOSTNAME = Path.of("/proc/sys/kernel/hostname");
  private static final Path OSRELEASE = Path.of("/proc/sys/kernel/osrelease");
  private static final Path SELF = Path.of("/proc/self");

  private final int node;
  private final String agentVersion;

  public HelloService(int node, String agentVersion) {
    this.node = node;
    this.agentVersion = agentVersion;
  }

  public HelloReply answer(Hello hello) {
    // Read on every hello: the hostname may be set after the agent started.
    return new HelloReply(hello.id(), node, read(HOSTNAME), read(OSRELEASE), agentVersion,
        Protocol.VERSION, ownPid());
  }

  /**
   * This JVM's pid, from /proc/self: the first hello is on the path of every boot, and
   * ProcessHandle's set-up there costs ~0.15 s on an emulated CPU.
   */
  static long ownPid() {
    try {
      return Long.parseLong(Files.readSymbolicLink(SELF).toString());
    } catch (IOException | NumberFormatException | UnsupportedOperationException e) {
      return ProcessHandle.current().pid();
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file).strip();
    } catch (IOException e) {
      return "unknown";
    }
  }
}
