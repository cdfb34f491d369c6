package io.unum.orchestrator.client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Every path of the REST API a client calls, so that no caller spells one out. */
public final class ApiPaths {
  /** The version prefix; the server's routes (package api) spell it out on their side. */
  public static final String V1 = "/api/v1";
  /** Answers without a credential: what "is an orchestrator there?" asks. */
  public static final String HEALTH = V1 + "/health";
  public static final String STATUS = V1 + "/status";
  public static final String CLUSTER = V1 + "/cluster";
  public static final String CLUSTER_UP = CLUSTER + "/up";
  public static final String CLUSTER_DOWN = CLUSTER + "/down";
  public static final String CLUSTER_BOOT = CLUSTER + "/boot";
  public static final String RUN_LEVEL = CLUSTER + "/runlevel";
  public static final String SESSION = V1 + "/session";
  public static final String OPENAPI = V1 + "/openapi.json";
  public static final String EVENTS = V1 + "/events";
  public static final String NODES = V1 + "/nodes";
  public static final String HOSTS = V1 + "/hosts";
  public static final String JOBS = V1 + "/jobs";
  public static final String PROCESSES = V1 + "/processes";
  public static final String SERVICES = V1 + "/services";
  public static final String TOKENS = V1 + "/tokens";
  public static final String USERS = V1 + "/users";
  public static final String AUDIT = V1 + "/audit";
  public static final String BALANCER = V1 + "/balancer";
  public static final String BENCH_LATEST = V1 + "/bench/latest";
  /** Prometheus scrapes it where scrapers look, outside the versioned API. */
  public static final String METRICS = "/metrics";

  private ApiPaths() {}

  public static String node(int node) {
    return NODES + "/" + node;
  }

  /** A node's action: start, stop, reboot, migrate, exec. */
  public static String nodeAction(int node, String action) {
    return node(node) + "/" + segment(action);
  }

  public static String nodeConsole(int node, int lines) {
    return node(node) + "/console" + query("lines", lines);
  }

  public static String host(String host) {
    return HOSTS + "/" + segment(host);
  }

  public static String hostMaintenance(String host) {
    return host(host) + "/maintenance";
  }

  public static String hostDrain(String host) {
    return host(host) + "/drain";
  }

  public static String job(String id) {
    return JOBS + "/" + segment(id);
  }

  public static String jobCancel(String id) {
    return job(id) + "/cancel";
  }

  /** A process by its cluster PID. */
  public static String processSignal(long pid) {
    return PROCESSES + "/" + pid + "/signal";
  }

  public static String service(String name) {
    return SERVICES + "/" + segment(name);
  }

  public static String serviceRestart(String name) {
    return service(name) + "/restart";
  }

  public static String serviceLogs(String name) {
    return service(name) + "/logs";
  }

  public static String token(String id) {
    return TOKENS + "/" + segment(id);
  }

  public static String user(String name) {
    return USERS + "/" + segment(name);
  }

  public static String userPassword(String name) {
    return user(name) + "/password";
  }

  /**
   * {@code ?a=1&b=x} from {@code "a", 1, "b", "x"}, leaving out the values not given; "" when
   * none is. Values are form-encoded, as the server decodes them.
   */
  public static String query(Object... namesAndValues) {
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

  /**
   * One path segment, percent-encoded: a name that holds '/', '?' or ' ' must not change which
   * resource is asked for. (URLEncoder form-encodes a space as '+', which a path keeps literally.)
   */
  public static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
