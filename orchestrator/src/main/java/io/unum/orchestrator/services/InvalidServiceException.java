package io.unum.orchestrator.services;

/** A service declaration that cannot be accepted; names the field and says why. */
public final class InvalidServiceException extends RuntimeException {
  private final String field;

  public InvalidServiceException(String field, String why) {
    super(field + ": " + why);
    this.field = field;
  }

  /** The offending field's JSON path, such as {@code dependsOn[1]}. */
  public String field() {
    return field;
  }
}
