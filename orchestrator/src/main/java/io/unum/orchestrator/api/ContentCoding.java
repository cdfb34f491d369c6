package io.unum.orchestrator.api;

import java.util.Locale;

/** What an {@code Accept-Encoding} request header (RFC 9110 12.5.3) allows. Pure. */
final class ContentCoding {
  private ContentCoding() {}

  /** Whether {@code acceptEncoding} accepts gzip: named (or {@code *}) with a quality above 0. */
  static boolean acceptsGzip(String acceptEncoding) {
    if (acceptEncoding == null) {
      return false;
    }
    boolean star = false;
    for (String element : acceptEncoding.split(",")) {
      String[] parts = element.split(";");
      String coding = parts[0].strip().toLowerCase(Locale.ROOT);
      boolean wanted = quality(parts) > 0;
      if (coding.equals("gzip") || coding.equals("x-gzip")) {
        return wanted; // named: its own quality decides, whatever * says
      }
      if (coding.equals("*")) {
        star = wanted;
      }
    }
    return star;
  }

  /** The {@code q} parameter of an element's parameters; 1 when absent, 0 when unreadable. */
  private static double quality(String[] parts) {
    for (int i = 1; i < parts.length; i++) {
      String parameter = parts[i].strip();
      if (parameter.regionMatches(true, 0, "q=", 0, 2)) {
        try {
          return Double.parseDouble(parameter.substring(2).strip());
        } catch (NumberFormatException e) {
          return 0;
        }
      }
    }
    return 1;
  }
}
