package io.unum.orchestrator.bench;

import java.util.ArrayList;
import java.util.List;

/** A benchmark's figures as the lines of a plain-text table, for the terminal. */
public final class FigureTable {
  private FigureTable() {
  }

  /** The title, then one line per figure: name, value, the plain tool's figure, the target and whether it is met. */
  public static List<String> lines(BenchResult result) {
    int width = Math.max(20, result.figures().stream().mapToInt(f -> f.name().length()).max().orElse(0));
    List<String> lines = new ArrayList<>();
    lines.add("unum bench " + result.kind() + " (" + result.title() + ")");
    for (Figure figure : result.figures()) {
      StringBuilder line = new StringBuilder(String.format("  %-" + width + "s %12s", figure.name(),
          figure.format(figure.value())));
      if (figure.baseline() != null) {
        line.append("   beside ").append(figure.format(figure.baseline().value())).append(" (")
            .append(figure.baseline().what()).append(')');
      }
      if (figure.target() != null) {
        line.append("   target ").append(figure.describeTarget())
            .append(figure.met().map(met -> met ? ": met" : ": NOT met").orElse(""));
      }
      lines.add(line.toString());
    }
    result.notes().forEach(note -> lines.add("  " + note));
    return lines;
  }
}
