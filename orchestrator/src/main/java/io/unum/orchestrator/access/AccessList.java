package io.unum.orchestrator.access;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The cluster's users and API tokens: one value, changed by compare-and-set and kept on every
 * host's disk. Pure: each change checks its input and returns a new list with the next revision.
 */
public record AccessList(long revision, Map<String, UserAccount> users, Map<String, ApiToken> tokens) {
  /** The built-in admin, as Proxmox has root@pam: it cannot be removed. */
  public static final String ROOT = "root";
  static final int MAX_USERS = 1000;
  static final int MAX_TOKENS_PER_USER = 100;
  private static final Pattern USER_NAME = Pattern.compile("[a-z][a-z0-9._-]{0,31}");
  private static final Pattern TOKEN_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  public AccessList {
    users = Map.copyOf(users == null ? Map.of() : users);
    tokens = Map.copyOf(tokens == null ? Map.of() : tokens);
  }

  /** A new cluster's list: the root user (admin, no password) and no tokens. */
  public static AccessList initial(long nowMillis) {
    return new AccessList(1, Map.of(ROOT, new UserAccount(ROOT, Role.ADMIN, null, nowMillis)), Map.of());
  }

  /** The user named {@code name}. */
  public Optional<UserAccount> user(String name) {
    return Optional.ofNullable(users.get(name));
  }

  /** Adds a user; refuses a taken or malformed name. */
  public AccessList withUser(UserAccount user) {
    requireUserName(user.name());
    if (users.containsKey(user.name())) {
      throw new AccessConflictException("user " + user.name() + " already exists");
    }
    if (users.size() >= MAX_USERS) {
      throw new IllegalArgumentException("the cluster has " + MAX_USERS + " users, the most it keeps; remove one first");
    }
    return next(put(users, user.name(), user), tokens);
  }

  /** Replaces a user's password hash (null: none). */
  public AccessList withPassword(String name, String passwordHash) {
    UserAccount user = requireUser(name);
    return next(put(users, name, new UserAccount(name, user.role(), passwordHash, user.createdMillis())), tokens);
  }

  /** Removes a user and every token of theirs. */
  public AccessList withoutUser(String name) {
    requireUser(name);
    if (ROOT.equals(name)) {
      throw new IllegalArgumentException("the root user cannot be removed (it is the cluster's built-in admin)");
    }
    Map<String, UserAccount> left = new TreeMap<>(users);
    left.remove(name);
    Map<String, ApiToken> kept = new TreeMap<>(tokens);
    kept.values().removeIf(token -> token.user().equals(name));
    return next(left, kept);
  }

  /** Adds a token; its name must be new among its user's, its role no wider than the user's. */
  public AccessList withToken(ApiToken token) {
    if (!TOKEN_NAME.matcher(token.name()).matches()) {
      throw new IllegalArgumentException("token name '" + token.name() + "' is not valid: letters, digits, '.', '_'"
          + " and '-', starting with a letter or digit, at most 64");
    }
    UserAccount user = requireUser(token.user());
    if (!user.role().includes(token.role())) {
      throw new IllegalArgumentException("a token of " + user.name() + " (" + user.role().label()
          + ") cannot have role " + token.role().label() + ": a token's role is never wider than its user's");
    }
    long owned = tokens.values().stream().filter(t -> t.user().equals(token.user())).count();
    if (owned >= MAX_TOKENS_PER_USER) {
      throw new IllegalArgumentException(token.user() + " has " + MAX_TOKENS_PER_USER
          + " tokens, the most a user keeps; revoke one first ('unum token revoke')");
    }
    if (tokens.values().stream().anyMatch(t -> t.user().equals(token.user()) && t.name().equals(token.name()))) {
      throw new AccessConflictException(token.user() + " already has a token named " + token.name()
          + "; revoke it first or choose another name");
    }
    return next(users, put(tokens, token.id(), token));
  }

  /** Removes a token. */
  public AccessList withoutToken(String id) {
    if (!tokens.containsKey(id)) {
      throw new NoSuchCredentialException("no token " + id);
    }
    Map<String, ApiToken> kept = new TreeMap<>(tokens);
    kept.remove(id);
    return next(users, kept);
  }

  /** Who a token proves, at {@code nowMillis}: its user, with the narrower of its and the user's role. */
  public Optional<Principal> authenticate(Secrets.TokenParts presented, long nowMillis) {
    ApiToken token = tokens.get(presented.id());
    if (token == null || !token.validAt(nowMillis)
        || !Secrets.sameHash(token.secretHash(), Secrets.hashSecret(presented.secret()))) {
      return Optional.empty();
    }
    return user(token.user()).map(user -> new Principal(user.name(), narrower(user.role(), token.role()),
        "token " + token.name()));
  }

  static Role narrower(Role a, Role b) {
    return a.includes(b) ? b : a;
  }

  static void requireUserName(String name) {
    if (name == null || !USER_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("user name '" + name + "' is not valid: lower-case letters, digits, '.', '_'"
          + " and '-', starting with a letter, at most 32");
    }
  }

  private UserAccount requireUser(String name) {
    return user(name).orElseThrow(() -> new NoSuchCredentialException("no user " + name));
  }

  private AccessList next(Map<String, UserAccount> newUsers, Map<String, ApiToken> newTokens) {
    return new AccessList(revision + 1, newUsers, newTokens);
  }

  private static <V> Map<String, V> put(Map<String, V> map, String key, V value) {
    Map<String, V> copy = new TreeMap<>(map);
    copy.put(key, value);
    return copy;
  }
}
