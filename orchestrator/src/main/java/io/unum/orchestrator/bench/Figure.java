package io.unum.orchestrator.bench;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Optional;

/**
 * One number a benchmark measured, with what a plain tool did in the same run and the target an
 * issue set, where there are.
 *
 * @param name     what was measured, as a row of the benchmark's table says it
 * @param value    the measurement, in {@code unit}
 * @param unit     s, ms, Mbit/s, req/s, x (a ratio), or empty for a count
 * @param better   which way is better: it says whether a target is an upper or a lower bound
 * @param baseline the plain tool's figure from the same run, or null
 * @param target   the figure to reach, or null
 */
public record Figure(String name, double value, String unit, Better better, Baseline baseline, Target target) {

  /** Which way a figure improves. */
  public enum Better { LOWER, HIGHER }

  /** The plain tool's figure: what the same job costs without Unum, measured in the same run. */
  public record Baseline(String what, double value) {
    public Baseline {
      if (!Double.isFinite(value)) {
        throw new IllegalArgumentException("baseline '" + what + "' is not a number: " + value);
      }
    }
  }

  /**
   * The figure to reach: {@code bound} itself, or {@code bound} times the baseline when
   * {@code timesBaseline} (e.g. at most 1.2x plain virsh).
   */
  public record Target(double bound, boolean timesBaseline) {}

  public Figure {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a figure needs a name");
    }
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("figure '" + name + "' is not a number: " + value + "; leave it out instead");
    }
    if (unit == null || better == null) {
      throw new IllegalArgumentException("figure '" + name + "' needs a unit and a direction");
    }
    if (target != null && target.timesBaseline() && baseline == null) {
      throw new IllegalArgumentException("figure '" + name + "' has a target relative to a baseline it lacks");
    }
  }

  /** A figure where less is better (a time, a count of faults). */
  public static Figure lower(String name, double value, String unit) {
    return new Figure(name, value, unit, Better.LOWER, null, null);
  }

  /** A figure where more is better (a throughput, a speed-up). */
  public static Figure higher(String name, double value, String unit) {
    return new Figure(name, value, unit, Better.HIGHER, null, null);
  }

  /** This figure beside what {@code what} measured in the same run. */
  public Figure beside(String what, double plain) {
    return new Figure(name, value, unit, better, new Baseline(what, plain), target);
  }

  /** This figure with a target of {@code bound} (an upper bound when lower is better, else a lower one). */
  public Figure aiming(double bound) {
    return new Figure(name, value, unit, better, baseline, new Target(bound, false));
  }

  /** This figure with a target of {@code factor} times its baseline. */
  public Figure aimingTimesBaseline(double factor) {
    return new Figure(name, value, unit, better, baseline, new Target(factor, true));
  }

  /** The target in this figure's unit, if there is one. */
  public Optional<Double> limit() {
    if (target == null) {
      return Optional.empty();
    }
    return Optional.of(target.timesBaseline() ? target.bound() * baseline.value() : target.bound());
  }

  /** Whether the target is met; empty when there is none. */
  public Optional<Boolean> met() {
    return limit().map(limit -> better == Better.LOWER ? value <= limit : value >= limit);
  }

  /** Value over baseline, if there is a baseline that is not zero. */
  public Optional<Double> ratio() {
    return baseline == null || baseline.value() == 0 ? Optional.empty() : Optional.of(value / baseline.value());
  }

  /** {@code value} with this figure's unit, as few digits as it needs. */
  public String format(double number) {
    String digits = Math.abs(number) >= 100 || number == Math.rint(number)
        ? String.format(Locale.ROOT, "%.0f", number)
        : Math.abs(number) >= 10 ? String.format(Locale.ROOT, "%.1f", number)
        : String.format(Locale.ROOT, "%.2f", number);
    return unit.isEmpty() ? digits : unit.equals("x") ? digits + "x" : digits + " " + unit;
  }

  /** How the target reads: "<= 20 ms", ">= 1.5x", "<= 1.2x the plain tool". */
  public String describeTarget() {
    if (target == null) {
      return "";
    }
    String bound = better == Better.LOWER ? "<= " : ">= ";
    return target.timesBaseline()
        ? bound + BigDecimal.valueOf(target.bound()).stripTrailingZeros().toPlainString() + "x the plain tool"
        : bound + format(target.bound());
  }
}
