package io.unum.orchestrator.services;

/** No service of that name is declared. */
public final class NoSuchServiceException extends RuntimeException {
  public NoSuchServiceException(String name) {
    super("no service '" + name + "' (see 'unum services')");
  }
}
