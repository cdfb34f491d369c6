package io.unum.agent.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import io.unum.agent.protocol.Protocol;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineSplitterTest {
  private final List<String> lines = new ArrayList<>();
  private final LineSplitter splitter = new LineSplitter(lines::add);

  private void feed(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    splitter.feed(bytes, 0, bytes.length);
  }

  @Test
  void linesEndAtNewlinesAcrossReadsAndTheLastOneAtTheEnd() {
    feed("one\ntw");
    feed("o\r\n\nthr");
    assertThat(lines).containsExactly("one", "two", "");
    splitter.finish();
    assertThat(lines).containsExactly("one", "two", "", "thr");
  }

  @Test
  void invalidUtf8IsReplaced() {
    byte[] bytes = {'a', (byte) 0xff, 'b', (byte) 0xc3, '\n'};
    splitter.feed(bytes, 0, bytes.length);
    assertThat(lines).containsExactly("a\uFFFDb\uFFFD");
  }

  @Test
  void aLongLineIsCutAndTheRestOfItSkipped() {
    feed("x".repeat(100_000));
    feed("y".repeat(100_000) + "\nnext\n");
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).hasSize(Protocol.MAX_SERVICE_LINE_CHARS).matches("x+");
    assertThat(lines.get(1)).isEqualTo("next");
  }

  @Test
  void aCutNeverSplitsASurrogatePair() {
    String emoji = "\uD83D\uDE00";
    String cut = LineSplitter.cut("a" + emoji.repeat(Protocol.MAX_SERVICE_LINE_CHARS));
    assertThat(cut).hasSize(Protocol.MAX_SERVICE_LINE_CHARS - 1);
    assertThat(Character.isHighSurrogate(cut.charAt(cut.length() - 1))).isFalse();
  }
}
