package io.unum.orchestrator.fencing;

import io.unum.orchestrator.hypervisor.DomainStatus;
import io.unum.orchestrator.hypervisor.Hypervisor;
import java.util.ArrayList;
import java.util.List;

/** Destroys every Unum guest running on this host: what a host without its lease must do. */
final class SelfFence {
  private final Hypervisor hypervisor;
  private final String domainPrefix;

  SelfFence(Hypervisor hypervisor, String domainPrefix) {
    this.hypervisor = hypervisor;
    this.domainPrefix = domainPrefix;
  }

  /** Destroys them; returns the domains it destroyed. A hung libvirt throws: the watchdog covers that. */
  List<String> run() {
    List<String> destroyed = new ArrayList<>();
    for (DomainStatus domain : hypervisor.list(domainPrefix)) {
      if (domain.state().isActive()) {
        hypervisor.destroy(domain.name());
        destroyed.add(domain.name());
      }
    }
    return destroyed;
  }
}
