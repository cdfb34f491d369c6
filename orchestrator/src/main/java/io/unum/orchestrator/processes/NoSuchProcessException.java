package io.unum.orchestrator.processes;

/** No process has that cluster PID (kill(2)'s ESRCH). */
public final class NoSuchProcessException extends RuntimeException {
  public NoSuchProcessException(String message) {
    super(message);
  }
}
