package io.unum.orchestrator.api;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The strong entity tag of an answer's bytes (RFC 9110 8.8.3) and the If-None-Match test, so a
 * client that polls gets {@code 304 Not Modified} instead of the same listing again. Pure.
 */
final class EntityTag {
  private EntityTag() {}

  /** {@code "<128 bits of SHA-256 in hex>"}, quotes included. */
  static String of(byte[] json) {
    return "\"" + HexFormat.of().formatHex(sha256(json), 0, 16) + "\"";
  }

  /**
   * The tag of the gzip form of the answer {@code tag} names: a strong tag names one sequence of
   * bytes, and the gzip form is another.
   */
  static String gzipped(String tag) {
    return tag.substring(0, tag.length() - 1) + "-gzip\"";
  }

  /**
   * Whether an If-None-Match header value names {@code tag}: {@code *}, or a comma-separated list
   * of tags, weak ones ({@code W/"..."}) compared weakly as the RFC says for this header.
   */
  static boolean matches(String ifNoneMatch, String tag) {
    if (ifNoneMatch == null || ifNoneMatch.isBlank()) {
      return false;
    }
    for (String candidate : ifNoneMatch.split(",")) {
      String t = candidate.strip();
      if (t.equals("*") || (t.startsWith("W/") ? t.substring(2) : t).equals(tag)) {
        return true;
      }
    }
    return false;
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JRE has SHA-256", e);
    }
  }
}
