package io.unum.orchestrator.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One figure as an SVG bar chart: Unum's bar, the plain tool's bar below it, and the target as a
 * dashed line. Plain text in, no script, no external reference: safe to open from anywhere.
 */
public final class FigureChart {
  private static final int WIDTH = 640;
  private static final int LABEL = 190;
  private static final int BAR = 22;
  private static final int GAP = 10;
  private static final int TOP = 34;

  private record Bar(String label, double value, String colour) {}

  private FigureChart() {
  }

  /** The chart of {@code figure}. */
  public static String svg(Figure figure) {
    List<Bar> bars = new ArrayList<>();
    bars.add(new Bar("Unum", figure.value(), "#2f6fb5"));
    if (figure.baseline() != null) {
      bars.add(new Bar(shorten(figure.baseline().what(), 28), figure.baseline().value(), "#9a9a9a"));
    }
    // A figure and its baseline are finite numbers (Figure refuses others); the target may be absent.
    Optional<Double> limit = figure.limit();
    double max = Math.max(figure.value(), figure.baseline() == null ? 0 : figure.baseline().value());
    max = Math.max(max, limit.orElse(0.0));
    double scale = max <= 0 ? 0 : (WIDTH - LABEL - 90) / (max * 1.05);
    int height = TOP + bars.size() * (BAR + GAP) + 24;
    StringBuilder svg = new StringBuilder();
    svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
        + " viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, height, WIDTH, height));
    svg.append(String.format(Locale.ROOT, "  <rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>%n", WIDTH, height));
    svg.append(String.format(Locale.ROOT, "  <text x=\"8\" y=\"20\" font-weight=\"bold\">%s</text>%n",
        escape(shorten(figure.name(), 95))));
    int y = TOP;
    for (Bar bar : bars) {
      double value = bar.value();
      double width = Math.max(1, value * scale);
      svg.append(String.format(Locale.ROOT, "  <text x=\"8\" y=\"%d\">%s</text>%n", y + 15, escape(bar.label())));
      svg.append(String.format(Locale.ROOT, "  <rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>%n",
          LABEL, y, width, BAR, bar.colour()));
      svg.append(String.format(Locale.ROOT, "  <text x=\"%.1f\" y=\"%d\">%s</text>%n", LABEL + width + 6, y + 15,
          escape(figure.format(value))));
      y += BAR + GAP;
    }
    if (limit.isPresent()) {
      double x = LABEL + limit.get() * scale;
      svg.append(String.format(Locale.ROOT, "  <line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#c0392b\""
          + " stroke-width=\"2\" stroke-dasharray=\"5,4\"/>%n", x, TOP - 6, x, y - GAP + 4));
      svg.append(String.format(Locale.ROOT, "  <text x=\"%.1f\" y=\"%d\" fill=\"#c0392b\" text-anchor=\"middle\">"
          + "target %s</text>%n", x, y + 12, escape(figure.describeTarget())));
    }
    svg.append("</svg>\n");
    return svg.toString();
  }

  private static String shorten(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }

  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
