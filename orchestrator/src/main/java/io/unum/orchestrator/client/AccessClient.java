package io.unum.orchestrator.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** Who may use the API: users and their tokens. */
public final class AccessClient {
  private final ApiTransport transport;

  AccessClient(ApiTransport transport) {
    this.transport = transport;
  }

  /** The caller's tokens, or everyone's for an admin (never their secrets). */
  public JsonNode tokens() {
    return transport.get(ApiPaths.TOKENS);
  }

  /**
   * Makes a token: {@code role} (null: the user's), expiring after {@code expiresIn} (e.g. 30d;
   * null: never), for {@code user} (null: the caller). The answer holds the secret, shown once.
   */
  public JsonNode createToken(String name, String role, String expiresIn, String user) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", name);
    Requests.putIfSet(body, "role", role);
    Requests.putIfSet(body, "expiresIn", expiresIn);
    Requests.putIfSet(body, "user", user);
    return transport.post(ApiPaths.TOKENS, body);
  }

  public JsonNode revokeToken(String id) {
    return transport.delete(ApiPaths.token(id));
  }

  public JsonNode users() {
    return transport.get(ApiPaths.USERS);
  }

  /** Adds a user; {@code password} null: none (it signs in with tokens only). */
  public JsonNode addUser(String name, String role, String password) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", name);
    body.put("role", role);
    Requests.putIfSet(body, "password", password);
    return transport.post(ApiPaths.USERS, body);
  }

  public JsonNode setPassword(String name, String password) {
    return transport.put(ApiPaths.userPassword(name), Map.of("password", password));
  }

  /** Removes a user and revokes its tokens: the name and how many tokens went. */
  public JsonNode removeUser(String name) {
    return transport.delete(ApiPaths.user(name));
  }
}
