package io.unum.orchestrator.api;

/** An error the API answers with, as RFC 9457 problem details. */
public final class ApiProblem extends RuntimeException {
  private final int status;
  private final String title;

  public ApiProblem(int status, String title, String detail) {
    super(detail);
    this.status = status;
    this.title = title;
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
