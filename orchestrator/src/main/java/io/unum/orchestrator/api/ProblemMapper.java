package io.unum.orchestrator.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.unum.orchestrator.agentlink.AgentRequestException;
import io.unum.orchestrator.agentlink.AgentUnavailableException;
import io.unum.orchestrator.boot.NoSuchNodeException;
import io.unum.orchestrator.boot.NodeConflictException;
import io.unum.orchestrator.hypervisor.HypervisorException;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one mapping from domain errors to HTTP status and problem+json bodies. */
final class ProblemMapper {
  private static final Logger LOG = LoggerFactory.getLogger(ProblemMapper.class);
  static final String CONTENT_TYPE = "application/problem+json";

  private ProblemMapper() {}

  static ApiProblem map(Throwable error) {
    Throwable e = error instanceof CompletionException && error.getCause() != null
        ? error.getCause() : error;
    if (e instanceof ApiProblem problem) {
      return problem;
    }
    if (e instanceof NoSuchNodeException) {
      return new ApiProblem(404, "No such node", e.getMessage());
    }
    if (e instanceof NodeConflictException) {
      return new ApiProblem(409, "Conflict with the node's state", e.getMessage());
    }
    if (e instanceof AgentUnavailableException) {
      return new ApiProblem(503, "Agent unavailable", e.getMessage());
    }
    if (e instanceof AgentRequestException) {
      return new ApiProblem(422, "The node refused the request", e.getMessage());
    }
    if (e instanceof IllegalArgumentException) {
      return new ApiProblem(422, "Invalid value", e.getMessage());
    }
    if (e instanceof HypervisorException) {
      return new ApiProblem(502, "Hypervisor error", e.getMessage());
    }
    LOG.error("unexpected error in the API", e);
    return new ApiProblem(500, "Internal error", "unexpected " + e.getClass().getSimpleName()
        + ": " + e.getMessage() + " (see the orchestrator log)");
  }

  static String body(ObjectMapper json, ApiProblem problem, String instance) {
    ObjectNode node = json.createObjectNode()
        .put("type", "about:blank")
        .put("title", problem.title())
        .put("status", problem.status())
        .put("detail", problem.getMessage())
        .put("instance", instance);
    return node.toString();
  }
}
