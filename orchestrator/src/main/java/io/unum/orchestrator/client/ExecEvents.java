package io.unum.orchestrator.client;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;

/**
 * The NDJSON events of a program's run ({@code POST /processes}, {@code /nodes/{n}/exec}), one
 * line each: started, output (base64), then exit or error. One place writes them, whoever serves.
 */
public final class ExecEvents {
  private ExecEvents() {}

  public static String started(long pid, int node) {
    return event("started").put("pid", pid).put("node", node).toString();
  }

  public static String output(boolean stderr, byte[] data) {
    return event("output").put("stream", stderr ? "stderr" : "stdout")
        .put("data", Base64.getEncoder().encodeToString(data)).toString();
  }

  public static String exit(int code) {
    return event("exit").put("code", code).toString();
  }

  public static String error(String message) {
    return event("error").put("message", message).toString();
  }

  private static ObjectNode event(String name) {
    return JsonNodeFactory.instance.objectNode().put("event", name);
  }
}
