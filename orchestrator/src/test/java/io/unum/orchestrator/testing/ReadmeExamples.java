package io.unum.orchestrator.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The README's {@code ./unum} examples: the lines of its {@code ```sh} blocks, and a shell's words of each. */
public final class ReadmeExamples {
  /** The section whose examples {@code it.ReadmeExamplesLabIT} runs as written, one after the other. */
  public static final String RUN_IN_ORDER = "## Using it";
  /**
   * Examples that ReadmeExamplesLabIT does not run (outside {@link #RUN_IN_ORDER}, or what a shared
   * lab cannot take), by their first words, and the test that runs each.
   */
  private static final Map<String, String> RUN_ELSEWHERE = Map.ofEntries(
      Map.entry("up", "ClusterIT"),
      Map.entry("test", "the CI run itself (.ci/run)"),
      Map.entry("restart", "LabIT (HostLab.restartOrchestrators runs it in every host)"),
      Map.entry("down", "DownIT"),
      Map.entry("guest-exec", "MigrationSoakLabIT (the plain copy's programs run through it)"),
      Map.entry("lab up", "HostLab (every lab test's lab; a fourth host for HostAddedLabIT)"),
      Map.entry("lab status", "ReadmeExamplesLabIT"),
      Map.entry("lab kill", "LabIT, ApiLabIT, RunLevelLabIT"),
      Map.entry("lab restart", "ReadmeExamplesLabIT"),
      Map.entry("lab start", "HostFailureLabIT (HostLab.startAgain)"),
      Map.entry("lab stop", "HostFailureLabIT"),
      Map.entry("lab partition", "HostFailureLabIT, HostAddedLabIT"),
      Map.entry("lab down", "HostLab (at the end of every run)"),
      Map.entry("tls setup", "MigrationTlsScriptTest (the script it runs) and the lab's host-init"),
      Map.entry("tls issue", "MigrationTlsScriptTest (the script it runs) and 'unum lab up'"));

  private ReadmeExamples() {}

  /** The test that runs {@code example} when ReadmeExamplesLabIT's run of {@link #RUN_IN_ORDER} does not. */
  public static Optional<String> runElsewhere(String example) {
    List<String> args = words(example);
    String two = args.size() > 2 ? args.get(1) + " " + args.get(2) : "";
    return Optional.ofNullable(RUN_ELSEWHERE.containsKey(two) ? RUN_ELSEWHERE.get(two) : RUN_ELSEWHERE.get(args.get(1)));
  }

  /** The README of this checkout, found from the working directory up. */
  public static Path readme() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path readme = dir.resolve("README.md");
      if (Files.exists(readme) && Files.exists(dir.resolve("orchestrator"))) {
        return readme;
      }
    }
    throw new IllegalStateException("no README.md above " + Path.of("").toAbsolutePath());
  }

  /** Every {@code ./unum} line of the README's sh blocks. */
  public static List<String> all() {
    return within(null);
  }

  /** The {@code ./unum} lines of the sh blocks under the heading {@code heading} (up to the next heading of any level). */
  public static List<String> under(String heading) {
    return within(heading);
  }

  private static List<String> within(String heading) {
    List<String> examples = new ArrayList<>();
    boolean inShell = false;
    boolean inSection = heading == null;
    try {
      for (String line : Files.readAllLines(readme())) {
        if (line.startsWith("```")) {
          inShell = line.equals("```sh");
        } else if (!inShell && line.startsWith("#") && heading != null) {
          inSection = line.equals(heading);
        } else if (inShell && inSection && line.startsWith("./unum ")) {
          examples.add(line);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return examples;
  }

  /** A shell's words of {@code line}: quotes kept together, a comment and bracketed optional parts left out. */
  public static List<String> words(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder word = null;
    char quote = 0;
    int optional = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          word.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        word = word == null ? new StringBuilder() : word;
      } else if (Character.isWhitespace(c)) {
        if (word != null && optional == 0) {
          words.add(word.toString());
        }
        word = null;
      } else if (c == '#' && word == null) {
        break;
      } else if (c == '[' && word == null) {
        optional++;
      } else if (c == ']' && optional > 0) {
        optional--;
        word = null;
      } else if (optional == 0) {
        word = word == null ? new StringBuilder() : word;
        word.append(c);
      }
    }
    if (word != null && optional == 0) {
      words.add(word.toString());
    }
    return words;
  }
}
