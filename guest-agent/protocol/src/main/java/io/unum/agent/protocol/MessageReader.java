package io.unum.agent.protocol;

import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.JsonTokenId;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The fields of one JSON object, read in full before the message is built: {@code type} and
 * {@code id} may come last, and the id must still be reported when another field is bad. The
 * typed accessors refuse a missing or wrongly-typed field with an {@link InvalidFieldException}
 * that names it. Values are plain Java: String, Long (BigInteger beyond 64 bits), Double,
 * Boolean, List, Map; JSON null is stored as null, which every accessor treats as absent.
 */
final class MessageReader {
  private final Map<String, Object> fields = new HashMap<>();

  /**
   * Reads the members of the object whose START_OBJECT the parser is on. On a syntax error the
   * members read so far stay, so {@link #readableId()} can still answer.
   */
  void readMembers(JsonParser parser) throws IOException {
    String name;
    while ((name = parser.nextFieldName()) != null) {
      parser.nextToken();
      fields.put(name, value(parser));
    }
  }

  private static Object value(JsonParser parser) throws IOException {
    switch (parser.currentTokenId()) {
      case JsonTokenId.ID_STRING:
        return parser.getText();
      case JsonTokenId.ID_NUMBER_INT:
        // Kept exact: a value beyond 64 bits must be refused, not wrapped or rounded.
        return parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
            ? parser.getBigIntegerValue() : (Object) parser.getLongValue();
      case JsonTokenId.ID_NUMBER_FLOAT:
        return parser.getDoubleValue();
      case JsonTokenId.ID_TRUE:
        return Boolean.TRUE;
      case JsonTokenId.ID_FALSE:
        return Boolean.FALSE;
      case JsonTokenId.ID_START_ARRAY:
        List<Object> items = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          items.add(value(parser));
        }
        return items;
      case JsonTokenId.ID_START_OBJECT:
        MessageReader object = new MessageReader();
        object.readMembers(parser);
        return object.fields;
      default:
        return null; // JSON null; text input has no other value tokens
    }
  }

  /** The raw value of a field, or null when absent or null. */
  Object get(String name) {
    return fields.get(name);
  }

  /** The id when it is a valid one, else null; never throws, for error replies. */
  Long readableId() {
    return fields.get("id") instanceof Long id && id > 0 ? id : null;
  }

  /** The required request id: a JSON integer > 0 ({@code "7"} and {@code 7.0} are refused). */
  Long id() {
    return required("id", optionalId());
  }

  /** The id of a message that may have none (an error about an unreadable line, a heartbeat). */
  Long optionalId() {
    Object value = fields.get("id");
    if (value == null || value instanceof Long id && id > 0) {
      return (Long) value;
    }
    throw new InvalidFieldException("id", "must be a positive integer");
  }

  String string(String name) {
    return required(name, optionalString(name));
  }

  String optionalString(String name) {
    Object value = fields.get(name);
    if (value == null || value instanceof String) {
      return (String) value;
    }
    throw new InvalidFieldException(name, "must be a string");
  }

  long longValue(String name) {
    return required(name, optionalLong(name));
  }

  Long optionalLong(String name) {
    Object value = fields.get(name);
    if (value == null || value instanceof Long) {
      return (Long) value;
    }
    throw new InvalidFieldException(name, value instanceof BigInteger
        ? "is out of range" : "must be an integer");
  }

  /** An optional integer, {@code absent} when missing or null. */
  long optionalLongOr(String name, long absent) {
    Long value = optionalLong(name);
    return value == null ? absent : value;
  }

  int intValue(String name) {
    return required(name, optionalInt(name));
  }

  Integer optionalInt(String name) {
    Long value = optionalLong(name);
    if (value == null) {
      return null;
    }
    if (value != value.intValue()) {
      throw new InvalidFieldException(name, "is out of range");
    }
    return value.intValue();
  }

  double doubleValue(String name) {
    Object value = required(name, fields.get(name));
    if (value instanceof Number number) {
      return number.doubleValue();
    }
    // Jackson's generator writes NaN and the infinities as these strings; read back what we write.
    if ("NaN".equals(value)) {
      return Double.NaN;
    } else if ("Infinity".equals(value)) {
      return Double.POSITIVE_INFINITY;
    } else if ("-Infinity".equals(value)) {
      return Double.NEGATIVE_INFINITY;
    }
    throw new InvalidFieldException(name, "must be a number");
  }

  /** An optional boolean: {@code absent} when the field is missing or null. */
  boolean bool(String name, boolean absent) {
    Object value = fields.get(name);
    if (value == null) {
      return absent;
    }
    if (value instanceof Boolean b) {
      return b;
    }
    throw new InvalidFieldException(name, "must be true or false");
  }

  /** A required, non-empty array of strings; the list is the reader's own, not copied. */
  @SuppressWarnings("unchecked")
  List<String> strings(String name) {
    Object value = required(name, fields.get(name));
    if (value instanceof List<?> list && !list.isEmpty() && allStrings(list)) {
      return (List<String>) list;
    }
    throw new InvalidFieldException(name, "must be a non-empty array of strings");
  }

  /** An optional array of strings (absent = empty; empty allowed). */
  @SuppressWarnings("unchecked")
  List<String> optionalStrings(String name) {
    Object value = fields.get(name);
    if (value == null) {
      return List.of();
    }
    if (value instanceof List<?> list && allStrings(list)) {
      return (List<String>) list;
    }
    throw new InvalidFieldException(name, "must be an array of strings");
  }

  /** An optional array of objects (absent = empty), each read with the same typed accessors. */
  @SuppressWarnings("unchecked")
  List<MessageReader> objects(String name) {
    Object value = fields.get(name);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> list)) {
      throw new InvalidFieldException(name, "must be an array of objects");
    }
    List<MessageReader> readers = new ArrayList<>(list.size());
    for (Object item : list) {
      if (!(item instanceof Map<?, ?> map)) {
        throw new InvalidFieldException(name, "must be an array of objects");
      }
      MessageReader reader = new MessageReader();
      reader.fields.putAll((Map<String, Object>) map);
      readers.add(reader);
    }
    return readers;
  }

  /** An optional array of integers (absent = empty). */
  List<Long> longs(String name) {
    Object value = fields.get(name);
    if (value == null) {
      return List.of();
    }
    if (value instanceof List<?> list) {
      List<Long> longs = new ArrayList<>(list.size());
      for (Object item : list) {
        if (!(item instanceof Long number)) {
          throw new InvalidFieldException(name, "must be an array of integers");
        }
        longs.add(number);
      }
      return longs;
    }
    throw new InvalidFieldException(name, "must be an array of integers");
  }

  /** An optional object whose values are all strings. */
  @SuppressWarnings("unchecked")
  Map<String, String> optionalStringMap(String name) {
    Object value = fields.get(name);
    if (value == null) {
      return null;
    }
    if (!(value instanceof Map<?, ?> map)) {
      throw new InvalidFieldException(name, "must be an object");
    }
    if (!allStrings(map.values())) {
      throw new InvalidFieldException(name, "values must be strings");
    }
    return (Map<String, String>) map;
  }

  /** A required enum value, given by its wire name. */
  <E extends Enum<E> & WireName> E oneOf(String name, E[] values) {
    String wire = string(name);
    for (E value : values) {
      if (value.wireName().equals(wire)) {
        return value;
      }
    }
    StringBuilder names = new StringBuilder();
    for (E value : values) {
      names.append(names.length() == 0 ? "" : ", ").append(value.wireName());
    }
    throw new InvalidFieldException(name, "must be one of " + names);
  }

  /** Required bytes, as standard padded base64 (what Jackson and the old codec wrote and read). */
  byte[] base64(String name) {
    String text = string(name);
    try {
      return Base64Variants.MIME_NO_LINEFEEDS.decode(text);
    } catch (IllegalArgumentException e) {
      throw new InvalidFieldException(name, "must be base64: " + e.getMessage());
    }
  }

  private static <T> T required(String name, T value) {
    if (value == null) {
      throw new InvalidFieldException(name, "is required");
    }
    return value;
  }

  private static boolean allStrings(Iterable<?> values) {
    for (Object value : values) {
      if (!(value instanceof String)) {
        return false;
      }
    }
    return true;
  }
}
