package io.unum.orchestrator.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** An answer's entity tag, and the If-None-Match test against it. */
class EntityTagTest {
  private static byte[] json(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void theSameBytesGetTheSameQuotedTagAndOtherBytesAnother() {
    String tag = EntityTag.of(json("[{\"node\":1}]"));

    assertThat(tag).matches("\"[0-9a-f]{32}\"");
    assertThat(EntityTag.of(json("[{\"node\":1}]"))).isEqualTo(tag);
    assertThat(EntityTag.of(json("[{\"node\":2}]"))).isNotEqualTo(tag);
  }

  @Test
  void theGzipFormHasATagOfItsOwn() {
    String tag = EntityTag.of(json("[{\"node\":1}]"));
    String gzipped = EntityTag.gzipped(tag);

    assertThat(gzipped).isEqualTo(tag.substring(0, tag.length() - 1) + "-gzip\"");
    assertThat(EntityTag.matches(gzipped, tag)).isFalse();
    assertThat(EntityTag.matches(gzipped, gzipped)).isTrue();
  }

  @Test
  void ifNoneMatchNamesTheTagAloneInAListWeaklyOrByStar() {
    String tag = "\"0123456789abcdef0123456789abcdef\"";

    assertThat(EntityTag.matches(tag, tag)).isTrue();
    assertThat(EntityTag.matches("\"other\", " + tag, tag)).isTrue();
    assertThat(EntityTag.matches("W/" + tag, tag)).isTrue();
    assertThat(EntityTag.matches("*", tag)).isTrue();
    assertThat(EntityTag.matches("\"other\"", tag)).isFalse();
    assertThat(EntityTag.matches(tag.replace("\"", ""), tag)).as("unquoted").isFalse();
    assertThat(EntityTag.matches(null, tag)).isFalse();
    assertThat(EntityTag.matches(" ", tag)).isFalse();
  }
}
