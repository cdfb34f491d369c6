package io.unum.orchestrator.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** A listing encoded once while it does not change, and its gzip form made once. */
class ReusedEncodingTest {
  record Row(int node, String state) {}

  private final ReusedEncoding encoding = new ReusedEncoding(new ObjectMapper());

  @Test
  void anEqualValueGetsTheSameBytesAndAChangedOneItsOwn() throws Exception {
    EncodedJson first = encoding.encode(List.of(new Row(1, "running")));
    assertThat(new String(first.json(), StandardCharsets.UTF_8)).isEqualTo("[{\"node\":1,\"state\":\"running\"}]");
    assertThat(encoding.encode(List.of(new Row(1, "running")))).as("equal, not the same object")
        .isSameAs(first);
    EncodedJson changed = encoding.encode(List.of(new Row(1, "stopped")));
    assertThat(new String(changed.json(), StandardCharsets.UTF_8)).isEqualTo("[{\"node\":1,\"state\":\"stopped\"}]");
  }

  @Test
  void theTagAndTheGzipFormAreMadeOnceAndTheGzipUnzipsToTheJson() throws Exception {
    List<Row> rows = IntStream.rangeClosed(1, 500).mapToObj(n -> new Row(n, "running")).toList();
    EncodedJson listing = encoding.encode(rows);
    assertThat(listing.tag()).isSameAs(listing.tag()).isEqualTo(EntityTag.of(listing.json()));
    assertThat(listing.compressible()).isTrue();
    byte[] gzip = listing.gzip();
    assertThat(listing.gzip()).isSameAs(gzip);
    assertThat(gzip.length).isLessThan(listing.json().length / 5);
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
      assertThat(in.readAllBytes()).isEqualTo(listing.json());
    }
    assertThat(encoding.encode(List.of(new Row(1, "running"))).compressible()).as("a small answer").isFalse();
  }
}
