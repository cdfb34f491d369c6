package io.unum.orchestrator.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The folder that holds benchmark reports, one sub-folder per run named by its start time
 * (UTC, so that names sort as times do); the console shows the newest.
 */
public final class ReportShelf {
  /** Larger than any report: a results file beyond this is not read. */
  static final long MAX_RESULTS_BYTES = 4L << 20;
  private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
  private static final Pattern RUN = Pattern.compile("\\d{8}-\\d{6}");

  private final Path root;

  public ReportShelf(Path root) {
    this.root = root;
  }

  /** The shelf under a state directory: {@code STATE_DIR/bench}. */
  public static ReportShelf under(Path stateDir) {
    return new ReportShelf(stateDir.resolve("bench"));
  }

  public Path root() {
    return root;
  }

  /** Where a run that starts at {@code started} writes its report. */
  public Path folderFor(Instant started) {
    return root.resolve(NAME.format(started));
  }

  /** The newest finished report's results (JSON); fails with {@link NoReportException} when there is none. */
  public String latest() throws IOException {
    return latestResults().orElseThrow(() -> new NoReportException("no benchmark report under " + root
        + " yet: 'unum bench all' on this host writes one"));
  }

  /** The newest finished report's results (JSON), if any. */
  public Optional<String> latestResults() throws IOException {
    if (!Files.isDirectory(root)) {
      return Optional.empty();
    }
    try (Stream<Path> runs = Files.list(root)) {
      Optional<Path> results = runs.filter(p -> RUN.matcher(p.getFileName().toString()).matches())
          .sorted(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed())
          .map(p -> p.resolve(ReportWriter.RESULTS))
          .filter(Files::isRegularFile)
          .findFirst();
      if (results.isEmpty()) {
        return Optional.empty();
      }
      if (Files.size(results.get()) > MAX_RESULTS_BYTES) {
        throw new IOException(results.get() + " is larger than " + (MAX_RESULTS_BYTES >> 20) + " MiB: not a report");
      }
      return Optional.of(Files.readString(results.get()));
    }
  }
}
