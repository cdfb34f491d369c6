package io.unum.orchestrator.cli;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** A URL query string from name/value pairs, leaving out the values not given. */
final class Query {
  private Query() {}

  /** {@code ?a=1&b=x} from {@code "a", 1, "b", "x"}; "" when every value is null. */
  static String of(Object... namesAndValues) {
    StringBuilder query = new StringBuilder();
    for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
      Object value = namesAndValues[i + 1];
      if (value != null) {
        query.append(query.isEmpty() ? "?" : "&").append(namesAndValues[i]).append('=')
            .append(URLEncoder.encode(value.toString(), StandardCharsets.UTF_8));
      }
    }
    return query.toString();
  }
}
