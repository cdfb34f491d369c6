package io.unum.orchestrator.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Writes a {@link BenchReport} into a folder: {@code report.md} (a table per benchmark and a
 * chart per figure), {@code figures/*.svg}, and {@code results.json}, which the console reads.
 */
public final class ReportWriter {
  /** The report's data, in the folder; the console shows the newest. */
  public static final String RESULTS = "results.json";
  public static final String MARKDOWN = "report.md";
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
      .withZone(ZoneOffset.UTC);
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ReportWriter() {
  }

  /** Writes {@code report} into {@code dir} (made if missing); returns the Markdown file. */
  public static Path write(BenchReport report, Path dir) throws IOException {
    Path figures = Files.createDirectories(dir.resolve("figures"));
    StringBuilder md = new StringBuilder();
    md.append("# Unum benchmarks, ").append(WHEN.format(Instant.ofEpochMilli(report.startedAtMillis()))).append("\n\n");
    md.append("- Machine: ").append(report.machine().describe()).append('\n');
    md.append("- Unum: ").append(report.version()).append('\n');
    md.append("- Command: `").append(report.command()).append("`, ").append(String.format(Locale.ROOT, "took %d min %d s", report.tookSeconds() / 60, report.tookSeconds() % 60))
        .append('\n');
    md.append("- ").append(report.targetsMet()).append("; ")
        .append(report.failures().isEmpty() ? "every benchmark finished" : report.failures().size()
            + " benchmark(s) failed or did not run (below)").append("\n\n");
    md.append("Each figure stands beside the plain tool's figure from the same run, where a plain tool does the same"
        + " job, and the target its issue set, where there is one. Bars: Unum blue, the plain tool grey, the target"
        + " a dashed red line.\n\n");
    int number = 0;
    for (BenchResult result : report.results()) {
      md.append("## ").append(result.kind()).append(": ").append(cell(result.title())).append("\n\n");
      md.append("| figure | Unum | baseline, same run | Unum / baseline | target | met |\n");
      md.append("|---|---:|---|---:|---|---|\n");
      for (Figure figure : result.figures()) {
        md.append("| ").append(cell(figure.name()))
            .append(" | ").append(figure.format(figure.value()))
            .append(" | ").append(figure.baseline() == null ? ""
                : figure.format(figure.baseline().value()) + " (" + cell(figure.baseline().what()) + ")")
            .append(" | ").append(figure.ratio().map(r -> String.format(Locale.ROOT, "%.2fx", r)).orElse(""))
            .append(" | ").append(figure.describeTarget())
            .append(" | ").append(figure.met().map(met -> met ? "yes" : "**no**").orElse(""))
            .append(" |\n");
      }
      md.append('\n');
      result.notes().forEach(note -> md.append("> ").append(note).append('\n'));
      if (!result.notes().isEmpty()) {
        md.append('\n');
      }
      for (Figure figure : result.figures()) {
        number++;
        String file = String.format(Locale.ROOT, "%02d-%s.svg", number, slug(result.kind() + " " + figure.name()));
        Files.writeString(figures.resolve(file), FigureChart.svg(figure));
        md.append("![").append(figure.name().replace("]", ")")).append("](figures/").append(file).append(")\n");
      }
      md.append('\n');
    }
    if (!report.failures().isEmpty()) {
      md.append("## Failed or not run\n\n");
      report.failures().forEach(failure -> md.append("- ").append(failure).append('\n'));
      md.append('\n');
    }
    Path markdown = dir.resolve(MARKDOWN);
    Files.writeString(markdown, md.toString());
    // Last, and whole or not at all: its presence says the report is finished (ReportShelf).
    Path partial = dir.resolve(RESULTS + ".partial");
    Files.writeString(partial, JSON.writeValueAsString(report));
    Files.move(partial, dir.resolve(RESULTS), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    return markdown;
  }

  /** Reads a report {@link #write} wrote. */
  public static BenchReport read(Path dir) throws IOException {
    return JSON.readValue(dir.resolve(RESULTS).toFile(), BenchReport.class);
  }

  /** A table cell: a pipe would end it. */
  private static String cell(String text) {
    return text.replace("|", "\\|").replace("\n", " ");
  }

  static String slug(String text) {
    String slug = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    return slug.length() > 60 ? slug.substring(0, 60).replaceAll("-$", "") : slug;
  }
}
