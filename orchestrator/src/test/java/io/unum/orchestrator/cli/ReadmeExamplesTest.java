package io.unum.orchestrator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every {@code ./unum} command of the README's shell examples is one the CLI takes: its verb, its
 * flags and their values exist as written (a synopsis's {@code [optional]} parts left out).
 * Parsed, not run: what the examples do is the lab tests' part.
 */
class ReadmeExamplesTest {
  /** The launcher runs the tests itself: 'unum test' is no verb of the CLI. */
  private static final String LAUNCHER_ONLY = "test";

  @Test
  void everyExampleParsesAsTheCliTakesIt() throws IOException {
    List<String> examples = examples();
    assertThat(examples).as("./unum lines in the README's sh blocks").hasSizeGreaterThan(50);
    for (String example : examples) {
      List<String> args = words(example);
      assertThat(args.get(0)).isEqualTo("./unum");
      if (args.get(1).equals(LAUNCHER_ONLY)) {
        continue;
      }
      assertThatCode(() -> UnumCli.withEveryVerb().parseArgs(args.subList(1, args.size()).toArray(String[]::new)))
          .as("README example: %s", example).doesNotThrowAnyException();
    }
  }

  @Test
  void wordsAreSplitAsAShellSplitsThemAndCommentsAndOptionalPartsGo() {
    assertThat(words("./unum service create t -- sh -c 'while :; do date; done'   # a comment"))
        .containsExactly("./unum", "service", "create", "t", "--", "sh", "-c", "while :; do date; done");
    assertThat(words("./unum host maintenance s2 on --reason \"disk swap\"")).endsWith("--reason", "disk swap");
    assertThat(words("./unum bench ha [--rounds N]       # N times")).containsExactly("./unum", "bench", "ha");
  }

  /** The lines of the README's ```sh blocks that run ./unum. */
  private static List<String> examples() throws IOException {
    List<String> examples = new ArrayList<>();
    boolean inShell = false;
    for (String line : Files.readAllLines(ConfigDocsTest.readme())) {
      if (line.startsWith("```")) {
        inShell = line.equals("```sh");
      } else if (inShell && line.startsWith("./unum ")) {
        examples.add(line);
      }
    }
    return examples;
  }

  /** A shell's words of {@code line}: quotes kept together, a comment and bracketed optional parts left out. */
  static List<String> words(String line) {
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
