package io.unum.orchestrator.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Accept-Encoding as RFC 9110 reads it: named codings, their quality, and the wildcard. */
class ContentCodingTest {

  @Test
  void gzipIsAcceptedWhenNamedOrCoveredByTheWildcardWithAQualityAboveZero() {
    assertThat(ContentCoding.acceptsGzip("gzip")).isTrue();
    assertThat(ContentCoding.acceptsGzip("gzip, deflate, br")).isTrue();
    assertThat(ContentCoding.acceptsGzip("br;q=1.0, GZIP;q=0.5")).isTrue();
    assertThat(ContentCoding.acceptsGzip("x-gzip")).isTrue();
    assertThat(ContentCoding.acceptsGzip("*")).isTrue();
    assertThat(ContentCoding.acceptsGzip("deflate, *;q=0.1")).isTrue();
  }

  @Test
  void gzipIsRefusedWhenAbsentExcludedOrUnreadable() {
    assertThat(ContentCoding.acceptsGzip(null)).isFalse();
    assertThat(ContentCoding.acceptsGzip("")).isFalse();
    assertThat(ContentCoding.acceptsGzip("identity")).isFalse();
    assertThat(ContentCoding.acceptsGzip("deflate, br")).isFalse();
    assertThat(ContentCoding.acceptsGzip("gzip;q=0")).isFalse();
    assertThat(ContentCoding.acceptsGzip("*, gzip;q=0")).as("named beats the wildcard").isFalse();
    assertThat(ContentCoding.acceptsGzip("gzip;q=high")).isFalse();
  }
}
