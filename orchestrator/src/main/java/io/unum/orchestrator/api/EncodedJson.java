package io.unum.orchestrator.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.GZIPOutputStream;

/**
 * An answer's JSON, encoded once, with its entity tag and its gzip form, each made on the first
 * request that needs it and kept: a large listing that did not change is hashed and compressed
 * once, not per request.
 */
final class EncodedJson {
  /** Below this, gzip saves less than it costs to make and to undo. */
  static final int GZIP_FROM_BYTES = 8 * 1024;

  private final byte[] json;
  private volatile String tag;
  private volatile byte[] gzip;

  EncodedJson(byte[] json) {
    this.json = json;
  }

  byte[] json() {
    return json;
  }

  /** The JSON's strong entity tag (made once; two racing first requests may both make it, the same). */
  String tag() {
    String made = tag;
    if (made == null) {
      made = EntityTag.of(json);
      tag = made;
    }
    return made;
  }

  /** Whether the gzip form is worth sending. */
  boolean compressible() {
    return json.length >= GZIP_FROM_BYTES;
  }

  /** The JSON gzipped (made once; two racing first requests may both make it, to the same bytes). */
  byte[] gzip() {
    byte[] made = gzip;
    if (made == null) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(json.length / 8);
      try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
        zip.write(json);
      } catch (IOException e) {
        throw new UncheckedIOException("gzip into memory failed", e);
      }
      made = out.toByteArray();
      gzip = made;
    }
    return made;
  }
}
