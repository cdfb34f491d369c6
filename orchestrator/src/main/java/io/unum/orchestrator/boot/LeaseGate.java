package io.unum.orchestrator.boot;

import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * What this host's lease (see {@code fencing.LeaseKeeper}) tells its node controller.
 *
 * @param mayStart whether this host may start nodes now: it holds its lease (always, without leases)
 * @param leases   whether this host runs under a lease at all; only then does it destroy a node's second copy
 * @param lapses   how many times the lease may have run out, or the host fenced itself, in this
 *                 orchestrator's life: a guest gone while it changed may have been fenced, not failed
 */
public record LeaseGate(BooleanSupplier mayStart, boolean leases, LongSupplier lapses) {
}
