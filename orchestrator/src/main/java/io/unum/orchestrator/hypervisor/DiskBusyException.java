package io.unum.orchestrator.hypervisor;

/**
 * A domain did not start because another process holds its disk: QEMU's image lock or the lock
 * manager refused it. After a fence this is the old copy still exiting, which takes a moment.
 */
public final class DiskBusyException extends HypervisorException {
  public DiskBusyException(String message, Throwable cause) {
    super(message, cause);
  }
}
