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

  private final int node;
  private final String agentVersion;

  public HelloService(int node, String agentVersion) {
    this.node = node;
    this.agentVersion = agentVersion;
  }

  public HelloReply answer(Hello hello) {
    // Read on every hello: the hostname may be set after the agent started. The pid is asked
    // here, not at start-up, because ProcessHandle's set-up costs ~0.15 s on an emulated CPU.
    return new HelloReply(hello.id(), node, read(HOSTNAME), read(OSRELEASE), agentVersion,
        Protocol.VERSION, ProcessHandle.current().pid());
  }

  private static String read(Path file) {
    try {
      return Files.readString(file).strip();
    } catch (IOException e) {
      return "unknown";
    }
  }
}
