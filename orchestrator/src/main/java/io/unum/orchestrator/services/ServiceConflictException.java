package io.unum.orchestrator.services;

/** A change that conflicts with the services as they are (a name taken, a dependency in use). */
public final class ServiceConflictException extends RuntimeException {
  public ServiceConflictException(String message) {
    super(message);
  }
}
