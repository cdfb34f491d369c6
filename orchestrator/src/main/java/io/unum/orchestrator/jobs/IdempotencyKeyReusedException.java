package io.unum.orchestrator.jobs;

/** An {@code Idempotency-Key} sent again with a different request than the first time. */
public final class IdempotencyKeyReusedException extends RuntimeException {
  public IdempotencyKeyReusedException(String key, String first, String now) {
    super("Idempotency-Key '" + key + "' was first used for " + first + " and cannot be reused for "
        + now + "; send a new key for a new request");
  }
}
