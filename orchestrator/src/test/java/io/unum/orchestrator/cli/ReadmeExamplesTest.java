package io.unum.orchestrator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.unum.orchestrator.testing.ReadmeExamples;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every {@code ./unum} command of the README's shell examples is one the CLI takes: its verb, its
 * flags and their values exist as written (a synopsis's {@code [optional]} parts left out). And
 * every one of them is run by a test: those of "Using it" by {@code it.ReadmeExamplesLabIT}, in
 * order, the others by the test {@link ReadmeExamples} names.
 */
class ReadmeExamplesTest {
  /** The launcher runs the tests itself: 'unum test' is no verb of the CLI. */
  private static final String LAUNCHER_ONLY = "test";

  @Test
  void everyExampleParsesAsTheCliTakesIt() {
    List<String> examples = ReadmeExamples.all();
    assertThat(examples).as("./unum lines in the README's sh blocks").hasSizeGreaterThan(40);
    for (String example : examples) {
      List<String> args = ReadmeExamples.words(example);
      assertThat(args.get(0)).isEqualTo("./unum");
      if (args.get(1).equals(LAUNCHER_ONLY)) {
        continue;
      }
      assertThatCode(() -> UnumCli.withEveryVerb().parseArgs(args.subList(1, args.size()).toArray(String[]::new)))
          .as("README example: %s", example).doesNotThrowAnyException();
    }
  }

  @Test
  void everyExampleIsRunByATest() {
    List<String> inOrder = ReadmeExamples.under(ReadmeExamples.RUN_IN_ORDER);
    assertThat(inOrder).as("the examples of " + ReadmeExamples.RUN_IN_ORDER).hasSizeGreaterThan(30);
    for (String example : ReadmeExamples.all()) {
      if (!inOrder.contains(example)) {
        assertThat(ReadmeExamples.runElsewhere(example)).as("README example %s: run by no test; run it in one and"
            + " name it in ReadmeExamples.RUN_ELSEWHERE, or take it out of the README", example).isPresent();
      }
    }
  }

  @Test
  void wordsAreSplitAsAShellSplitsThemAndCommentsAndOptionalPartsGo() {
    assertThat(ReadmeExamples.words("./unum service create t -- sh -c 'while :; do date; done'   # a comment"))
        .containsExactly("./unum", "service", "create", "t", "--", "sh", "-c", "while :; do date; done");
    assertThat(ReadmeExamples.words("./unum host maintenance s2 on --reason \"disk swap\"")).endsWith("--reason", "disk swap");
    assertThat(ReadmeExamples.words("./unum bench ha [--rounds N]       # N times")).containsExactly("./unum", "bench", "ha");
  }
}
