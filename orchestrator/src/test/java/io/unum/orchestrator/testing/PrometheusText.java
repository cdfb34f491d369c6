package io.unum.orchestrator.testing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A scrape in the Prometheus text format 0.0.4, parsed into samples and types, for assertions. */
public final class PrometheusText {
  /** One sample line: metric name, labels and value. */
  public record Sample(String name, Map<String, String> labels, double value) {}

  private final List<Sample> samples = new ArrayList<>();
  private final Map<String, String> types = new HashMap<>();

  private PrometheusText() {}

  /** Parses {@code text}; fails on a line that is neither a comment nor a sample. */
  public static PrometheusText parse(String text) {
    PrometheusText parsed = new PrometheusText();
    for (String line : text.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      if (line.startsWith("# TYPE ")) {
        String[] words = line.split(" ");
        parsed.types.put(words[2], words[3]);
      } else if (!line.startsWith("#")) {
        parsed.samples.add(sample(line));
      }
    }
    return parsed;
  }

  private static Sample sample(String line) {
    int brace = line.indexOf('{');
    int space = line.lastIndexOf(' ');
    if (space < 0) {
      throw new IllegalArgumentException("not a sample line: " + line);
    }
    Map<String, String> labels = new TreeMap<>();
    String name;
    if (brace >= 0 && brace < space) {
      name = line.substring(0, brace);
      int i = brace + 1;
      while (line.charAt(i) != '}') {
        int eq = line.indexOf('=', i);
        String key = line.substring(i, eq);
        StringBuilder value = new StringBuilder();
        int j = eq + 2; // past ="
        while (line.charAt(j) != '"') {
          char c = line.charAt(j);
          if (c == '\\') {
            char next = line.charAt(++j);
            value.append(next == 'n' ? '\n' : next);
          } else {
            value.append(c);
          }
          j++;
        }
        labels.put(key, value.toString());
        i = j + 1;
        if (line.charAt(i) == ',') {
          i++;
        }
      }
      space = line.indexOf(' ', i);
    } else {
      name = line.substring(0, space);
    }
    return new Sample(name, labels, Double.parseDouble(line.substring(space + 1).trim().split(" ")[0]));
  }

  /** Every sample of metric {@code name}. */
  public List<Sample> samples(String name) {
    return samples.stream().filter(s -> s.name().equals(name)).toList();
  }

  /**
   * The value of the one sample of {@code name} whose labels include {@code labels} (given as
   * key, value, key, value...); fails when there is none or more than one.
   */
  public double value(String name, String... labels) {
    List<Sample> matches = matching(name, labels);
    if (matches.size() != 1) {
      throw new AssertionError("expected one sample " + name + " with " + List.of(labels) + ", found "
          + matches + " among " + samples(name));
    }
    return matches.get(0).value();
  }

  /** Whether some sample of {@code name} has these labels. */
  public boolean has(String name, String... labels) {
    return !matching(name, labels).isEmpty();
  }

  /** The declared type of metric family {@code name} (counter, gauge, histogram...), or null. */
  public String type(String name) {
    return types.get(name);
  }

  private List<Sample> matching(String name, String... labels) {
    return samples(name).stream().filter(s -> {
      for (int k = 0; k < labels.length; k += 2) {
        if (!labels[k + 1].equals(s.labels().get(labels[k]))) {
          return false;
        }
      }
      return true;
    }).toList();
  }
}
