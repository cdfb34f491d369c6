package io.unum.orchestrator.api;

import java.util.List;

/** An error the API answers with, as RFC 9457 problem details. */
public final class ApiProblem extends RuntimeException {
  private final int status;
  private final String title;
  private final List<InvalidInput> errors;

  /** One offending input: a body field (its JSON path) or a parameter, and why. */
  public record InvalidInput(String in, String name, String reason) {}

  public ApiProblem(int status, String title, String detail) {
    this(status, title, detail, List.of());
  }

  public ApiProblem(int status, String title, String detail, List<InvalidInput> errors) {
    super(detail);
    this.status = status;
    this.title = title;
    this.errors = List.copyOf(errors);
  }

  public List<InvalidInput> errors() {
    return errors;
  }

  public static ApiProblem badRequest(String detail) {
    return new ApiProblem(400, "Bad request", detail);
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }
}
