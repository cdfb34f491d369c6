package io.unum.orchestrator.loadlevel;

import io.unum.orchestrator.hypervisor.MigrationTransport;

/** A change to the balancer's settings: the fields given replace the current ones, null ones stay. */
public record BalancerChange(BalancerMode mode, Integer thresholdPercent, Integer minBenefitPercent,
    Integer overloadPercent, Integer cpuWeightPercent, Integer holdSeconds, Integer cooldownSeconds,
    Integer maxMigrations, Long maxDowntimeMillis, Long bandwidthMiBps, MigrationTransport transport) {

  /** {@code current} with this change applied, as its next revision; fails naming a field out of range. */
  public BalancerSettings applyTo(BalancerSettings current) {
    return new BalancerSettings(mode == null ? current.mode() : mode,
        or(thresholdPercent, current.thresholdPercent()), or(minBenefitPercent, current.minBenefitPercent()),
        or(overloadPercent, current.overloadPercent()), or(cpuWeightPercent, current.cpuWeightPercent()),
        or(holdSeconds, current.holdSeconds()), or(cooldownSeconds, current.cooldownSeconds()),
        or(maxMigrations, current.maxMigrations()),
        maxDowntimeMillis == null ? current.maxDowntimeMillis() : maxDowntimeMillis,
        bandwidthMiBps == null ? current.bandwidthMiBps() : bandwidthMiBps,
        transport == null ? current.transport() : transport, current.revision() + 1);
  }

  private static int or(Integer given, int current) {
    return given == null ? current : given;
  }
}
