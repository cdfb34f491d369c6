package io.unum.orchestrator.api;

import io.unum.orchestrator.access.AccessConflictException;
import io.unum.orchestrator.access.ForbiddenException;
import io.unum.orchestrator.access.NoSuchCredentialException;
import io.unum.orchestrator.access.NotAuthenticatedException;
import io.unum.orchestrator.access.TooManyAttemptsException;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatorException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.unum.orchestrator.agentlink.AgentRequestException;
import io.unum.orchestrator.agentlink.AgentUnavailableException;
import io.unum.orchestrator.bench.NoReportException;
import io.unum.orchestrator.boot.NoSuchNodeException;
import io.unum.orchestrator.processes.NoNodeToRunOnException;
import io.unum.orchestrator.processes.NoSuchProcessException;
import io.unum.orchestrator.processes.SignalNotPermittedException;
import io.unum.orchestrator.boot.NodeConflictException;
import io.unum.orchestrator.cluster.NoQuorumException;
import io.unum.orchestrator.cluster.NoSuchHostException;
import io.unum.orchestrator.hypervisor.HypervisorException;
import io.unum.orchestrator.jobs.IdempotencyKeyReusedException;
import io.unum.orchestrator.jobs.JobConflictException;
import io.unum.orchestrator.jobs.NoSuchJobException;
import io.unum.orchestrator.services.InvalidServiceException;
import io.unum.orchestrator.services.NoSuchServiceException;
import io.unum.orchestrator.services.ServiceConflictException;
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
    if (e instanceof HttpException http && http.getCause() instanceof ValidatorException invalid) {
      return invalid(invalid);
    }
    if (e instanceof ValidatorException invalid) {
      return invalid(invalid);
    }
    if (e instanceof HttpException http) {
      String detail = http.getPayload() != null ? http.getPayload()
          : http.getCause() != null ? http.getCause().getMessage() : http.getMessage();
      return new ApiProblem(http.getStatusCode(), http.getMessage(), detail);
    }
    if (e instanceof NotAuthenticatedException) {
      return new ApiProblem(401, "Not authenticated", e.getMessage());
    }
    if (e instanceof TooManyAttemptsException) {
      return new ApiProblem(429, "Too many attempts", e.getMessage());
    }
    if (e instanceof ForbiddenException) {
      return new ApiProblem(403, "Forbidden", e.getMessage());
    }
    if (e instanceof NoSuchCredentialException) {
      return new ApiProblem(404, "No such user or token", e.getMessage());
    }
    if (e instanceof AccessConflictException) {
      return new ApiProblem(409, "Conflict with the users and tokens", e.getMessage());
    }
    if (e instanceof NoSuchNodeException) {
      return new ApiProblem(404, "No such node", e.getMessage());
    }
    if (e instanceof NodeConflictException) {
      return new ApiProblem(409, "Conflict with the node's state", e.getMessage());
    }
    if (e instanceof NoSuchHostException) {
      return new ApiProblem(404, "No such host", e.getMessage());
    }
    if (e instanceof NoSuchJobException) {
      return new ApiProblem(404, "No such job", e.getMessage());
    }
    if (e instanceof JobConflictException) {
      return new ApiProblem(409, "Conflict with the node's jobs", e.getMessage());
    }
    if (e instanceof IdempotencyKeyReusedException) {
      return new ApiProblem(422, "Idempotency-Key reused", e.getMessage());
    }
    if (e instanceof NoReportException) {
      return new ApiProblem(404, "No benchmark report", e.getMessage());
    }
    if (e instanceof NoSuchServiceException) {
      return new ApiProblem(404, "No such service", e.getMessage());
    }
    if (e instanceof ServiceConflictException) {
      return new ApiProblem(409, "Conflict with the services", e.getMessage());
    }
    if (e instanceof InvalidServiceException invalid) {
      return new ApiProblem(422, "Invalid service", e.getMessage(),
          List.of(new ApiProblem.InvalidInput("field", invalid.field(), e.getMessage().substring(invalid.field().length() + 2))));
    }
    if (e instanceof NoSuchProcessException) {
      return new ApiProblem(404, "No such process", e.getMessage());
    }
    if (e instanceof SignalNotPermittedException) {
      return new ApiProblem(403, "Operation not permitted", e.getMessage());
    }
    if (e instanceof NoNodeToRunOnException) {
      return new ApiProblem(503, "No node to run on", e.getMessage());
    }
    if (e instanceof NoQuorumException) {
      return new ApiProblem(503, "No quorum", e.getMessage());
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

  private static final Pattern PARAMETER = Pattern.compile("The value of (\\w+) parameter (\\S+) is invalid\\. Reason: (.*)");
  private static final Pattern UNKNOWN = Pattern.compile("Property \"(.+)\" does not match additional properties schema");
  /** The validator's enum refusal, with the allowed values as a JSON array. */
  private static final Pattern NOT_IN_ENUM = Pattern.compile("Instance does not match any of \\[(.*)]");

  /** What the contract's validation found: a 400 naming each offending field or parameter and why. */
  static ApiProblem invalid(ValidatorException invalid) {
    List<ApiProblem.InvalidInput> errors = inputs(invalid);
    String detail = errors.isEmpty() ? invalid.getMessage() : String.join("; ", errors.stream()
        .map(i -> i.in() + " '" + i.name() + "': " + i.reason()).toList());
    return new ApiProblem(400, "Invalid request", detail, errors);
  }

  private static List<ApiProblem.InvalidInput> inputs(ValidatorException invalid) {
    Matcher parameter = PARAMETER.matcher(invalid.getMessage());
    if (parameter.matches()) {
      String reason = parameter.group(3);
      int repeat = reason.indexOf(": ");
      if (repeat > 0 && reason.substring(repeat + 2).equals(reason.substring(0, repeat))) {
        reason = reason.substring(0, repeat);
      }
      return List.of(new ApiProblem.InvalidInput(parameter.group(1) + " parameter", parameter.group(2), reason(reason)));
    }
    if (!(invalid instanceof SchemaValidationException schema) || schema.getOutputUnit() == null) {
      return List.of();
    }
    Map<String, List<String>> byField = new LinkedHashMap<>();
    collect(schema.getOutputUnit(), byField);
    List<ApiProblem.InvalidInput> inputs = new ArrayList<>();
    byField.forEach((field, errors) -> {
      // "does not match (additional properties) schema" only wraps the real reason, unless the
      // field is not in the schema at all.
      List<String> specific = errors.stream().filter(e -> !e.contains("does not match")).toList();
      List<String> reasons = !specific.isEmpty() ? specific
          : errors.stream().anyMatch(e -> UNKNOWN.matcher(e).matches()) ? List.of("unknown field") : errors;
      String name = field.isEmpty() ? "(body)" : field;
      reasons.forEach(reason -> inputs.add(new ApiProblem.InvalidInput("field", name, reason)));
    });
    return inputs;
  }

  private static void collect(OutputUnit unit, Map<String, List<String>> into) {
    if (unit.getErrors() != null && !unit.getErrors().isEmpty()) {
      unit.getErrors().forEach(child -> collect(child, into));
    } else if (unit.getError() != null) {
      String location = unit.getInstanceLocation() == null ? "" : unit.getInstanceLocation();
      String field = location.replaceFirst("^#?/?", "").replace('/', '.');
      List<String> errors = into.computeIfAbsent(field, f -> new ArrayList<>());
      String error = reason(unit.getError());
      if (!errors.contains(error)) {
        errors.add(error);
      }
    }
  }

  /** A validator's error in the API's words: the values an enum allows, plainly (it is the real reason, no wrapper). */
  static String reason(String error) {
    Matcher notInEnum = NOT_IN_ENUM.matcher(error);
    return notInEnum.matches() ? "must be one of: " + notInEnum.group(1).replace("\"", "").replace(",", ", ") : error;
  }

  static String body(ObjectMapper json, ApiProblem problem, String instance) {
    ObjectNode node = json.createObjectNode()
        .put("type", "about:blank")
        .put("title", problem.title())
        .put("status", problem.status())
        .put("detail", problem.getMessage())
        .put("instance", instance);
    if (!problem.errors().isEmpty()) {
      node.set("errors", json.valueToTree(problem.errors()));
    }
    return node.toString();
  }
}
