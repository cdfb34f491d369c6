package io.unum.orchestrator.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** The typed client of an orchestrator's REST API: one method per operation, grouped by resource. */
public final class UnumClient {
  // The cluster's operations are here, each resource's in its own client (nodes(), hosts(), ...), so
  // that none grows into a catalogue. Answers stay the API's JSON: the server's view records live in
  // package api, which a client must not depend on. Failures: ApiException, ApiUnreachableException.

  private final ApiTransport transport;
  private final NodesClient nodes;
  private final HostsClient hosts;
  private final JobsClient jobs;
  private final ProcessesClient processes;
  private final ServicesClient services;
  private final AccessClient access;

  public UnumClient(ApiTransport transport) {
    this.transport = transport;
    this.nodes = new NodesClient(transport);
    this.hosts = new HostsClient(transport);
    this.jobs = new JobsClient(transport);
    this.processes = new ProcessesClient(transport);
    this.services = new ServicesClient(transport);
    this.access = new AccessClient(transport);
  }

  /** @param credential the token to show, read at each request (see {@link ApiTransport}) */
  public UnumClient(String base, Supplier<Optional<String>> credential) {
    this(new ApiTransport(base, credential));
  }

  /** The HTTP underneath, for the few calls no typed method covers. */
  public ApiTransport transport() {
    return transport;
  }

  public String base() {
    return transport.base();
  }

  public ObjectMapper json() {
    return transport.json();
  }

  public NodesClient nodes() {
    return nodes;
  }

  public HostsClient hosts() {
    return hosts;
  }

  public JobsClient jobs() {
    return jobs;
  }

  public ProcessesClient processes() {
    return processes;
  }

  public ServicesClient services() {
    return services;
  }

  /** Tokens and users. */
  public AccessClient access() {
    return access;
  }

  /** Whether an orchestrator answers at all, within seconds. */
  public boolean reachable() {
    return transport.reachable();
  }

  public JsonNode health() {
    return transport.get(ApiPaths.HEALTH);
  }

  /** This host's report. */
  public JsonNode status() {
    return transport.get(ApiPaths.STATUS);
  }

  /** The cluster as every host sees it: leader, run level, init node. */
  public JsonNode cluster() {
    return transport.get(ApiPaths.CLUSTER);
  }

  /** Boots nodes 1..{@code nodes} that are not running yet. */
  public JsonNode up(int nodes) {
    return transport.post(ApiPaths.CLUSTER_UP, Map.of("nodes", nodes));
  }

  /** Stops and removes every node of this host. */
  public JsonNode down() {
    return transport.post(ApiPaths.CLUSTER_DOWN, Map.of());
  }

  /** Starts the job that boots the cluster to its default run level. */
  public JsonNode boot(String idempotencyKey) {
    return transport.post(ApiPaths.CLUSTER_BOOT, null, Requests.idempotency(idempotencyKey));
  }

  /** Starts the job that takes the cluster to run level {@code level}. */
  public JsonNode setRunLevel(int level, String idempotencyKey) {
    return transport.put(ApiPaths.RUN_LEVEL, Map.of("level", level), Requests.idempotency(idempotencyKey));
  }

  /** Who the credential signs in as, and with which role. */
  public JsonNode session() {
    return transport.get(ApiPaths.SESSION);
  }

  /** The OpenAPI document the server serves. */
  public JsonNode openApi() {
    return transport.get(ApiPaths.OPENAPI);
  }

  /** This host's metrics, in the Prometheus text format. */
  public String metrics() {
    return transport.getText(ApiPaths.METRICS);
  }

  /**
   * Opens the event stream (SSE) of {@code types} (comma-separated; null: all), resuming after
   * {@code lastEventId} when given; the caller reads its lines and closes it.
   */
  public LineStream events(String types, Long lastEventId) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Accept", "text/event-stream");
    if (lastEventId != null) {
      headers.put("Last-Event-ID", String.valueOf(lastEventId));
    }
    return transport.lines("GET", ApiPaths.EVENTS + ApiPaths.query("types", types), null, headers);
  }

  /** The newest report {@code unum bench all} wrote on the host this client talks to. */
  public JsonNode latestBenchReport() {
    return transport.get(ApiPaths.BENCH_LATEST);
  }

  /** The balancer's settings and latest report. */
  public JsonNode balancer() {
    return transport.get(ApiPaths.BALANCER);
  }

  /** Changes the balancer settings named in {@code change} (API names, e.g. mode); the others stay. */
  public JsonNode updateBalancer(Map<String, ?> change) {
    return transport.patch(ApiPaths.BALANCER, change);
  }

  /** A page of the audit log: records after {@code since} (null: the newest), at most {@code limit}. */
  public JsonNode audit(Long since, Integer limit, String user, String outcome) {
    return transport.get(ApiPaths.AUDIT + ApiPaths.query("since", since, "limit", limit, "user", user,
        "outcome", outcome));
  }
}
