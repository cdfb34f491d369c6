package io.unum.orchestrator.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * The daemon's YAML config file ({@code /etc/unum/unum.yaml}): a mapping whose keys are the long
 * option names of {@code unum daemon}. It is read as YAML nodes rather than objects because
 * only nodes know their line, and every problem must name the file, the line and the key.
 */
final class ConfigFile {
  private ConfigFile() {}

  /**
   * The file's entries in file order, each value checked against its key's kind; a problem is a
   * {@link CliFailure} that names the file and line (and the key, when there is one).
   */
  static List<ConfigEntry> read(Path file, Map<String, ValueKind> kinds) {
    Node root = compose(file);
    if (root == null) {
      return List.of(); // empty, or only comments: it sets nothing
    }
    if (!(root instanceof MappingNode mapping)) {
      throw new CliFailure(file + ":" + line(root) + ": the file must be a mapping of 'unum daemon'"
          + " option names to values (key: value), got " + describe(root));
    }
    Map<String, ConfigEntry> entries = new LinkedHashMap<>();
    for (NodeTuple tuple : mapping.getValue()) {
      Node keyNode = tuple.getKeyNode();
      String key = key(file, keyNode);
      ValueKind kind = kinds.get(key);
      if (kind == null) {
        throw unknownKey(file, line(keyNode), key, kinds.keySet());
      }
      ConfigEntry first = entries.get(key);
      if (first != null) {
        // SnakeYAML would let the last one win silently; one of the two is a mistake.
        throw ConfigEntry.failure(file, line(keyNode), key, "given twice (first on line " + first.line() + ")");
      }
      entries.put(key, new ConfigEntry(file, line(keyNode), key, values(file, key, kind, tuple.getValueNode())));
    }
    return List.copyOf(entries.values());
  }

  private static Node compose(Path file) {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return new Yaml().compose(reader);
    } catch (NoSuchFileException e) {
      throw new CliFailure("config file " + file + " does not exist");
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      String where = mark != null ? file + ":" + (mark.getLine() + 1) : file.toString();
      String context = e.getContext() != null ? e.getContext() + ", " : "";
      throw new CliFailure(where + ": not valid YAML: " + context + e.getProblem());
    } catch (YAMLException e) {
      throw new CliFailure(file + ": not valid YAML: " + e.getMessage());
    } catch (IOException e) {
      throw new CliFailure("cannot read config file " + file + ": " + e.getMessage());
    }
  }

  private static String key(Path file, Node node) {
    if (node instanceof ScalarNode scalar && !scalar.getValue().isBlank()) {
      return scalar.getValue();
    }
    throw new CliFailure(file + ":" + line(node) + ": a key must be an option name, got " + describe(node));
  }

  private static CliFailure unknownKey(Path file, int line, String key, Iterable<String> known) {
    TreeSet<String> sorted = new TreeSet<>();
    known.forEach(sorted::add);
    String guess = ClosestName.to(key, sorted).map(name -> "did you mean '" + name + "'? ").orElse("");
    return new CliFailure(file + ":" + line + ": unknown key '" + key + "' (" + guess + "known: "
        + String.join(", ", sorted) + ")");
  }

  private static List<String> values(Path file, String key, ValueKind kind, Node node) {
    if (kind == ValueKind.LIST && node instanceof SequenceNode list) {
      List<String> items = new ArrayList<>();
      for (Node item : list.getValue()) {
        items.add(scalar(file, key, item, "each item must be a single value"));
      }
      return items;
    }
    String expected = kind == ValueKind.LIST ? "must be a list or a comma-separated string"
        : "must be a single value";
    String text = scalar(file, key, node, expected);
    if (kind == ValueKind.NUMBER && !isWholeNumber(text)) {
      throw ConfigEntry.failure(file, line(node), key, "must be a whole number, got '" + text + "'");
    }
    return List.of(text);
  }

  private static String scalar(Path file, String key, Node node, String expected) {
    if (!(node instanceof ScalarNode scalar)) {
      throw ConfigEntry.failure(file, line(node), key, expected + ", got " + describe(node));
    }
    // 'key:' alone, '~' and 'null' are YAML's null: most likely a value that was forgotten.
    if (scalar.getTag().equals(Tag.NULL) || scalar.getValue().isBlank()) {
      throw ConfigEntry.failure(file, line(node), key, "has no value");
    }
    // The text as written: 'host-name: no' is the name "no", not YAML 1.1's false.
    return scalar.getValue().strip();
  }

  private static boolean isWholeNumber(String text) {
    try {
      Integer.parseInt(text);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static String describe(Node node) {
    if (node instanceof ScalarNode scalar) {
      return "'" + scalar.getValue() + "'";
    }
    return node instanceof SequenceNode ? "a list" : "a mapping";
  }

  /** The node's line, 1-based as editors count (SnakeYAML counts from 0). */
  private static int line(Node node) {
    return node.getStartMark().getLine() + 1;
  }
}
