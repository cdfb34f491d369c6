package io.unum.orchestrator.bench;

import java.util.List;

/**
 * What one benchmark measured.
 *
 * @param kind    the benchmark's name, as {@code unum bench KIND} takes it
 * @param title   what ran, on what (the heading of its table)
 * @param figures its figures, in the order of its table
 * @param notes   lines that explain the figures or say what was not measured, and why
 */
public record BenchResult(String kind, String title, List<Figure> figures, List<String> notes) {
  public BenchResult {
    figures = List.copyOf(figures);
    notes = List.copyOf(notes);
  }

  public BenchResult(String kind, String title, List<Figure> figures) {
    this(kind, title, figures, List.of());
  }
}
