package io.unum.agent.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LineReaderTest {

  private static LineReader reader(String text, int max) {
    return new LineReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), max);
  }

  @Test
  void splitsLinesAndStripsCarriageReturns() throws Exception {
    LineReader lines = reader("one\r\ntwo\nthree", 100);
    assertThat(lines.next().text()).isEqualTo("one");
    assertThat(lines.next().text()).isEqualTo("two");
    assertThat(lines.next().text()).isEqualTo("three");
    assertThat(lines.next()).isNull();
  }

  @Test
  void oversizedLineIsSkippedAndTheNextOneStillArrives() throws Exception {
    String big = "x".repeat(200_000);
    LineReader lines = reader(big + "\nok\n", 1000);
    LineReader.Line first = lines.next();
    assertThat(first.oversized()).isTrue();
    assertThat(first.length()).isEqualTo(200_000);
    assertThat(first.text()).isNull();
    assertThat(lines.next().text()).isEqualTo("ok");
  }

  @Test
  void multibyteCharactersSurvive() throws Exception {
    assertThat(reader("h\u00e9llo \u2603\n", 100).next().text()).isEqualTo("h\u00e9llo \u2603");
  }
}
