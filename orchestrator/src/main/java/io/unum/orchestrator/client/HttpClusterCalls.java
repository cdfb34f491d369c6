package io.unum.orchestrator.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.function.Consumer;

/** The everyday calls as requests to an orchestrator's API. */
public final class HttpClusterCalls implements ClusterCalls {
  private final UnumClient client;

  public HttpClusterCalls(UnumClient client) {
    this.client = client;
  }

  @Override
  public JsonNode processes(Integer node, boolean kernel) {
    return client.processes().list(node, kernel);
  }

  @Override
  public void signal(long pid, int signal, ProcessesClient.Sender sender) {
    client.processes().signal(pid, signal, sender);
  }

  @Override
  public void run(Integer node, List<String> argv, Consumer<String> onEvent) {
    client.processes().run(node, argv, onEvent);
  }

  @Override
  public void logs(String service, Integer tail, boolean follow, Integer node, Consumer<String> onLine) {
    client.services().logs(service, tail, follow, node, onLine);
  }

  @Override
  public JsonNode nodes(String state, String host, String selector) {
    return client.nodes().list(state, host, selector);
  }

  @Override
  public JsonNode hosts() {
    return client.hosts().list();
  }

  @Override
  public JsonNode jobs(Integer node, String state) {
    return client.jobs().list(node, state);
  }

  @Override
  public JsonNode services() {
    return client.services().list();
  }

  @Override
  public JsonNode status() {
    return client.status();
  }

  @Override
  public JsonNode cluster() {
    return client.cluster();
  }

  @Override
  public String origin() {
    return client.base();
  }

  @Override
  public ObjectMapper json() {
    return client.json();
  }
}
