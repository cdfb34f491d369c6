package io.unum.agent.protocol;

/** A message field that breaks the protocol's rules; names the field. */
public final class InvalidFieldException extends IllegalArgumentException {
  private final String field;

  public InvalidFieldException(String field, String why) {
    super("field '" + field + "' " + why);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
