package io.unum.orchestrator.jobs;

import java.io.Serializable;

/**
 * What an {@code Idempotency-Key} was first used for.
 *
 * @param request the request it came with (kind and node), to refuse the key's reuse for another
 */
public record IdempotencyClaim(String jobId, String request) implements Serializable {}
