package io.unum.agent.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.nio.charset.StandardCharsets;

/**
 * Turns messages into single JSON lines and back. Thread-safe. Unknown fields are ignored (so a
 * newer peer can add some); unknown types, missing or invalid fields are refused with a
 * {@link ProtocolException} that names the problem.
 */
public final class MessageCodec {
  private final ObjectMapper mapper = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
      .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true)
      .configure(DeserializationFeature.FAIL_ON_MISSING_EXTERNAL_TYPE_ID_PROPERTY, true);

  /** One JSON object, no newline (JSON escapes every newline inside strings). */
  public String encode(Message message) {
    try {
      return mapper.writeValueAsString(message);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode " + message.getClass().getSimpleName(), e);
    }
  }

  /** Encodes to UTF-8 bytes with the terminating newline, ready for the wire. */
  public byte[] encodeLine(Message message) {
    return (encode(message) + "\n").getBytes(StandardCharsets.UTF_8);
  }

  /** Decodes one line (without its newline). */
  public Message decode(String line) throws ProtocolException {
    JsonNode tree;
    try {
      tree = mapper.readTree(line);
    } catch (JsonProcessingException e) {
      throw new ProtocolException(ErrorCode.MALFORMED, "not JSON: " + firstLine(e.getOriginalMessage()), null);
    }
    if (tree == null || !tree.isObject()) {
      throw new ProtocolException(ErrorCode.MALFORMED, "a message must be a JSON object", null);
    }
    Long id = tree.path("id").canConvertToLong() ? tree.path("id").asLong() : null;
    JsonNode type = tree.get("type");
    if (type == null || !type.isTextual()) {
      throw new ProtocolException(ErrorCode.MALFORMED, "field 'type' is missing or not a string", id);
    }
    try {
      return mapper.treeToValue(tree, Message.class);
    } catch (InvalidTypeIdException e) {
      throw new ProtocolException(ErrorCode.UNKNOWN_TYPE, "unknown message type '" + type.asText() + "'", id);
    } catch (ValueInstantiationException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new ProtocolException(ErrorCode.BAD_REQUEST,
          type.asText() + ": " + firstLine(cause.getMessage()), id);
    } catch (JsonProcessingException e) {
      throw new ProtocolException(ErrorCode.BAD_REQUEST,
          type.asText() + ": " + firstLine(e.getOriginalMessage()), id);
    }
  }

  private static String firstLine(String text) {
    if (text == null) {
      return "invalid";
    }
    int nl = text.indexOf('\n');
    return nl < 0 ? text : text.substring(0, nl);
  }
}
