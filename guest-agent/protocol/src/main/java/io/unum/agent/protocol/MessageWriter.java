package io.unum.agent.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Writes the fields of one message object. Null values are left out, as the protocol's optional
 * fields are absent rather than null on the wire.
 */
final class MessageWriter {
  private final JsonGenerator out;

  MessageWriter(JsonGenerator out) {
    this.out = out;
  }

  /** Opens the object: {@code type} first, then {@code id} when there is one. */
  void start(String type, Long id) throws IOException {
    out.writeStartObject();
    out.writeStringField("type", type);
    optionalInteger("id", id);
  }

  void end() throws IOException {
    out.writeEndObject();
  }

  void startArray(String name) throws IOException {
    out.writeArrayFieldStart(name);
  }

  /** An object inside an array; closed with {@link #end}. */
  void startItem() throws IOException {
    out.writeStartObject();
  }

  void endArray() throws IOException {
    out.writeEndArray();
  }

  void longs(String name, List<Long> values) throws IOException {
    out.writeArrayFieldStart(name);
    for (Long value : values) {
      out.writeNumber(value);
    }
    out.writeEndArray();
  }

  void string(String name, String value) throws IOException {
    if (value != null) {
      out.writeStringField(name, value);
    }
  }

  void integer(String name, long value) throws IOException {
    out.writeNumberField(name, value);
  }

  /** A Long or Integer that may be null. */
  void optionalInteger(String name, Number value) throws IOException {
    if (value != null) {
      out.writeNumberField(name, value.longValue());
    }
  }

  void number(String name, double value) throws IOException {
    out.writeNumberField(name, value);
  }

  void bool(String name, boolean value) throws IOException {
    out.writeBooleanField(name, value);
  }

  void wireName(String name, WireName value) throws IOException {
    if (value != null) {
      out.writeStringField(name, value.wireName());
    }
  }

  void strings(String name, List<String> values) throws IOException {
    if (values != null) {
      out.writeArrayFieldStart(name);
      for (String value : values) {
        out.writeString(value);
      }
      out.writeEndArray();
    }
  }

  void stringMap(String name, Map<String, String> values) throws IOException {
    if (values != null) {
      out.writeObjectFieldStart(name);
      for (Map.Entry<String, String> entry : values.entrySet()) {
        out.writeStringField(entry.getKey(), entry.getValue());
      }
      out.writeEndObject();
    }
  }

  /** Standard padded base64, no line breaks: Jackson's default variant. */
  void base64(String name, byte[] value) throws IOException {
    if (value != null) {
      out.writeFieldName(name);
      out.writeBinary(value);
    }
  }
}
