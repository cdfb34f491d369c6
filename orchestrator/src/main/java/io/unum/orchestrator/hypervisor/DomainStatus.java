package io.unum.orchestrator.hypervisor;

/** A domain as the hypervisor reports it. */
public record DomainStatus(String name, PowerState state) {
}
