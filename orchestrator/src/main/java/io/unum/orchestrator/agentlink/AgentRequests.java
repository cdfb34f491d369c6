package io.unum.orchestrator.agentlink;

import io.unum.agent.protocol.Message;
import java.util.function.Consumer;

/** Serves the requests a node's agent makes of its host: remote signals and the in-node unum. */
@FunctionalInterface
public interface AgentRequests {
  /**
   * Handles {@code request} from the agent of {@code node}, answering through {@code reply}
   * (from any thread, once or more: output then exit). Called on the link's reader: must not block.
   */
  void handle(int node, Message request, Consumer<Message> reply);
}
