package io.unum.orchestrator.client;

import java.util.LinkedHashMap;
import java.util.Map;

/** The node {@link NodesClient#create} asks for; a null field takes the API's default. */
public record NewNode(Integer node, Integer cpus, Integer memoryMiB, String host, String kernelArgs,
    Map<String, String> labels, boolean start) {
  /** A node with every default, started at once. */
  public static NewNode defaults() {
    return new NewNode(null, null, null, null, null, null, true);
  }

  public NewNode numbered(Integer number) {
    return new NewNode(number, cpus, memoryMiB, host, kernelArgs, labels, start);
  }

  public NewNode sized(Integer cpus, Integer memoryMiB) {
    return new NewNode(node, cpus, memoryMiB, host, kernelArgs, labels, start);
  }

  /** Pinned to {@code host}: the only host it may run on. */
  public NewNode pinnedTo(String host) {
    return new NewNode(node, cpus, memoryMiB, host, kernelArgs, labels, start);
  }

  public NewNode withKernelArgs(String kernelArgs) {
    return new NewNode(node, cpus, memoryMiB, host, kernelArgs, labels, start);
  }

  public NewNode labelled(Map<String, String> labels) {
    return new NewNode(node, cpus, memoryMiB, host, kernelArgs, labels, start);
  }

  /** Defined but not booted. */
  public NewNode stopped() {
    return new NewNode(node, cpus, memoryMiB, host, kernelArgs, labels, false);
  }

  /** The request body, without the fields left to the API. */
  Map<String, Object> body() {
    Map<String, Object> body = new LinkedHashMap<>();
    Requests.putIfSet(body, "node", node);
    Requests.putIfSet(body, "cpus", cpus);
    Requests.putIfSet(body, "memoryMiB", memoryMiB);
    Requests.putIfSet(body, "host", host);
    Requests.putIfSet(body, "kernelArgs", kernelArgs);
    Requests.putIfSet(body, "labels", labels);
    body.put("start", start);
    return body;
  }
}
