package io.unum.orchestrator.loadlevel;

import io.unum.orchestrator.hypervisor.MigrationTransport;
import io.unum.orchestrator.hypervisor.MigrationTuning;
import java.io.Serializable;

/**
 * How the cluster levels its load, one value for the whole cluster (changed by compare-and-set,
 * kept on every host's disk). Loads are percents of a host's capacity, CPU and memory weighed.
 *
 * @param thresholdPercent  imbalance (standard deviation of the hosts' loads) from which the balancer acts
 * @param minBenefitPercent what a move must take off the imbalance to be worth its cost
 * @param overloadPercent   CPU load no move may push a host above
 * @param cpuWeightPercent  CPU's share in a host's load; memory allocation has the rest
 * @param holdSeconds       how long an imbalance must last before anything moves (a burst does not)
 * @param cooldownSeconds   how long a node that moved stays where it is (no ping-pong)
 * @param maxMigrations     migrations running at once in the whole cluster, whoever asked for them
 * @param maxDowntimeMillis the pause a migrating node may see, unless its request says otherwise
 * @param bandwidthMiBps    what a migration may send per second (0: no limit), unless its request says otherwise
 * @param transport         how migrations reach their destination, unless their request says otherwise
 */
public record BalancerSettings(BalancerMode mode, int thresholdPercent, int minBenefitPercent, int overloadPercent,
    int cpuWeightPercent, int holdSeconds, int cooldownSeconds, int maxMigrations, long maxDowntimeMillis,
    long bandwidthMiBps, MigrationTransport transport, long revision) implements Serializable {

  public static final BalancerSettings DEFAULT = new BalancerSettings(BalancerMode.AUTOMATIC, 15, 10, 100, 80, 3, 120,
      4, MigrationTuning.DEFAULT.maxDowntimeMillis(), MigrationTuning.DEFAULT.bandwidthMiBps(),
      MigrationTuning.DEFAULT.transport(), 0);

  public BalancerSettings {
    if (mode == null) {
      throw new IllegalArgumentException("mode: is required (off, recommend or automatic)");
    }
    range("thresholdPercent", thresholdPercent, 1, 400);
    range("minBenefitPercent", minBenefitPercent, 1, 400);
    range("overloadPercent", overloadPercent, 10, 1000);
    range("cpuWeightPercent", cpuWeightPercent, 0, 100);
    range("holdSeconds", holdSeconds, 0, 3600);
    range("cooldownSeconds", cooldownSeconds, 0, 86_400);
    range("maxMigrations", maxMigrations, 1, 256);
    transport = new MigrationTuning(maxDowntimeMillis, bandwidthMiBps, transport).transport(); // checks them
  }

  /** How migrations run when their request does not say. */
  public MigrationTuning tuning() {
    return new MigrationTuning(maxDowntimeMillis, bandwidthMiBps, transport);
  }

  private static void range(String field, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(field + ": " + value + " is not in " + min + ".." + max);
    }
  }

}
