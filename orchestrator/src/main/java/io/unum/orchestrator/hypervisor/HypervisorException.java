package io.unum.orchestrator.hypervisor;

/** The hypervisor refused or failed an operation; the message says which and why. */
public class HypervisorException extends RuntimeException {
  public HypervisorException(String message, Throwable cause) {
    super(message, cause);
  }
}
