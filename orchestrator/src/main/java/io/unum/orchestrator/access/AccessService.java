package io.unum.orchestrator.access;

import io.unum.orchestrator.cluster.SharedValue;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who may call: checks tokens and sessions, and manages users and tokens. Checks read this
 * host's copy of the shared list, refreshed every second (a revoked token stops within a
 * second), and the shared list itself only for a token the copy does not know yet (one made a
 * moment ago on another host).
 */
public final class AccessService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AccessService.class);
  /** A browser session lasts a working day. */
  public static final Duration SESSION_LIFETIME = Duration.ofHours(8);
  static final int MIN_PASSWORD_CHARS = 12;
  static final int MAX_PASSWORD_CHARS = 1024;
  private static final Pattern EXPIRY = Pattern.compile("([1-9][0-9]{0,5})([dhm])");
  private static final int CAS_ATTEMPTS = 50;
  static final int PASSWORD_CHECKS = 2;
  private static final long PASSWORD_WAIT_SECONDS = 5;

  private final SharedValue<AccessList> list;
  private final SessionStore sessions;
  private final LongSupplier clock;
  /** This host's copy of the list: null until first read. */
  private volatile AccessList seen;
  private final Semaphore passwordChecks = new Semaphore(PASSWORD_CHECKS);
  private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "access-refresh");
    thread.setDaemon(true);
    return thread;
  });

  /** A token as made: its view, and the secret shown this once. */
  public record NewToken(String id, String name, String user, String role, String createdAt, String expiresAt,
      String token) {}

  /** A token as listed (never its secret). */
  public record TokenView(String id, String name, String user, String role, String createdAt, String expiresAt) {
    static TokenView of(ApiToken token) {
      return new TokenView(token.id(), token.name(), token.user(), token.role().label(), time(token.createdMillis()),
          token.expiresMillis() == 0 ? null : time(token.expiresMillis()));
    }
  }

  /** A user as listed (never the password's hash). */
  public record UserView(String name, String role, String createdAt, boolean hasPassword) {
    static UserView of(UserAccount user) {
      return new UserView(user.name(), user.role().label(), time(user.createdMillis()), user.hasPassword());
    }
  }

  /** A new browser session: its id (for the cookie only), its CSRF token, who and until when. */
  public record NewSession(String id, Session session) {}

  public AccessService(SharedValue<AccessList> list, SessionStore sessions, LongSupplier clock) {
    this.list = list;
    this.sessions = sessions;
    this.clock = clock;
  }

  /**
   * Makes sure the cluster has a list (the first host to start makes it), and keeps this host's
   * copy fresh from now on, once a second, off the path of requests: a check then never waits
   * for the control plane (a read of the shared map waits while partitions move).
   */
  public AccessService start() {
    update(current -> current);
    refresher.scheduleWithFixedDelay(() -> {
      try {
        current(true);
      } catch (RuntimeException e) {
        LOG.debug("access list not read: {}", e.getMessage()); // the copy held stays; next second again
      }
    }, 1, 1, TimeUnit.SECONDS);
    return this;
  }

  @Override
  public void close() {
    refresher.shutdownNow();
  }

  /** Who a bearer token proves; empty when it proves nothing. */
  public Optional<Principal> authenticateToken(String token) {
    Optional<Secrets.TokenParts> parts = Secrets.parseToken(token);
    if (parts.isEmpty()) {
      return Optional.empty();
    }
    AccessList known = current(false);
    if (!known.tokens().containsKey(parts.get().id())) {
      known = current(true);
    }
    return known.authenticate(parts.get(), clock.getAsLong());
  }

  /**
   * Whether checking {@code token} needs a read of the shared list, which may wait on the control
   * plane: only for a well-formed token whose id this host's copy does not know yet.
   */
  public boolean needsSharedRead(String token) {
    Optional<Secrets.TokenParts> parts = Secrets.parseToken(token);
    AccessList held = seen;
    return parts.isPresent() && (held == null || !held.tokens().containsKey(parts.get().id()));
  }

  /** The session a cookie names, while it lasts (this host's copies only: it never waits). */
  public Optional<Session> session(String sessionId) {
    if (sessionId == null || sessionId.isEmpty() || sessionId.length() > 100) {
      return Optional.empty();
    }
    return sessions.get(Secrets.hashSecret(sessionId)).filter(s -> s.expiresMillis() > clock.getAsLong())
        .filter(s -> current(false).user(s.user()).isPresent());
  }

  /**
   * Signs in with a user's password; the refusal never says which of the two was wrong. A
   * password check costs some 100 ms of CPU, so a host runs at most {@link #PASSWORD_CHECKS} at
   * once: guessing cannot take a host's cores from its nodes.
   */
  public NewSession signIn(String user, String password) {
    Optional<UserAccount> account = current(true).user(user == null ? "" : user);
    boolean matches;
    try {
      if (!passwordChecks.tryAcquire(PASSWORD_WAIT_SECONDS, TimeUnit.SECONDS)) {
        throw new TooManyAttemptsException("too many sign-ins at once on this host; try again in a few seconds");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TooManyAttemptsException("interrupted");
    }
    try {
      matches = account.filter(UserAccount::hasPassword)
          .map(a -> password != null && password.length() <= MAX_PASSWORD_CHARS
              && Secrets.passwordMatches(password, a.passwordHash()))
          .orElse(false);
    } finally {
      passwordChecks.release();
    }
    if (!matches) {
      throw new NotAuthenticatedException("wrong user or password");
    }
    return newSession(new Principal(account.get().name(), account.get().role(), "session"));
  }

  /** Signs in with an API token: the session gets the token's role. */
  public NewSession signInWithToken(String token) {
    return newSession(authenticateToken(token).orElseThrow(() -> new NotAuthenticatedException(
        "the token is not valid (unknown, revoked or expired)")));
  }

  private NewSession newSession(Principal principal) {
    String id = Secrets.randomText(32);
    Session session = new Session(principal.user(), principal.role(), Secrets.randomText(32),
        clock.getAsLong() + SESSION_LIFETIME.toMillis());
    sessions.put(Secrets.hashSecret(id), session, SESSION_LIFETIME);
    return new NewSession(id, session);
  }

  /** Ends a session (sign-out). */
  public void signOut(String sessionId) {
    if (sessionId != null && !sessionId.isEmpty()) {
      sessions.remove(Secrets.hashSecret(sessionId));
    }
  }

  /**
   * Makes a token for the caller (or, for an admin, for {@code forUser}).
   *
   * @param role      null: the user's role, or the caller's when that is narrower
   * @param expiresIn {@code <n>d}, {@code <n>h} or {@code <n>m}; null: never
   */
  public NewToken createToken(Principal caller, String name, String role, String expiresIn, String forUser) {
    String owner = forUser == null || forUser.equals(caller.user()) ? caller.user() : forUser;
    if (!owner.equals(caller.user()) && !caller.may(Role.ADMIN)) {
      throw new ForbiddenException("only an admin makes tokens for another user");
    }
    // By default a token can do what its user can, as far as the caller may grant it.
    Role wanted = role != null ? Role.parse(role) : AccessList.narrower(caller.role(),
        current(true).user(owner).map(UserAccount::role).orElse(caller.role()));
    if (owner.equals(caller.user()) && !caller.may(wanted)) {
      throw new ForbiddenException("a token cannot have a wider role than the credential that makes it ("
          + caller.role().label() + ")");
    }
    long now = clock.getAsLong();
    long expires = expiresIn == null ? 0 : now + parseExpiry(expiresIn).toMillis();
    Secrets.TokenParts parts = Secrets.newToken();
    ApiToken token = new ApiToken(parts.id(), name == null ? "" : name, owner, wanted,
        Secrets.hashSecret(parts.secret()), now, expires);
    update(current -> current.withToken(token));
    TokenView view = TokenView.of(token);
    return new NewToken(view.id(), view.name(), view.user(), view.role(), view.createdAt(), view.expiresAt(),
        parts.text());
  }

  /** The tokens the caller may see: an admin's, everyone's; else their own. */
  public List<TokenView> tokens(Principal caller) {
    return current(true).tokens().values().stream()
        .filter(token -> caller.may(Role.ADMIN) || token.user().equals(caller.user()))
        .sorted(Comparator.comparing(ApiToken::user).thenComparing(ApiToken::name))
        .map(TokenView::of).toList();
  }

  /** Revokes a token: an admin any, others their own (someone else's is "no such token" to them). */
  public void revokeToken(Principal caller, String id) {
    update(current -> {
      ApiToken token = current.tokens().get(id);
      if (token == null || !(caller.may(Role.ADMIN) || token.user().equals(caller.user()))) {
        throw new NoSuchCredentialException("no token " + id + " (see 'unum token list')");
      }
      return current.withoutToken(id);
    });
  }

  public List<UserView> users() {
    return current(true).users().values().stream().sorted(Comparator.comparing(UserAccount::name))
        .map(UserView::of).toList();
  }

  /** Adds a user; without a password it signs in with tokens only. */
  public UserView addUser(String name, String role, String password) {
    String hash = password == null ? null : Secrets.hashPassword(requirePassword(password));
    UserAccount user = new UserAccount(name, Role.parse(role), hash, clock.getAsLong());
    update(current -> current.withUser(user));
    return UserView.of(user);
  }

  /** Sets a user's password: an admin anyone's, others their own. Their sessions end. */
  public UserView setPassword(Principal caller, String name, String password) {
    if (!caller.may(Role.ADMIN) && !caller.user().equals(name)) {
      throw new ForbiddenException("only an admin sets another user's password");
    }
    String hash = Secrets.hashPassword(requirePassword(password));
    AccessList changed = update(current -> current.withPassword(name, hash));
    sessions.removeUser(name);
    return UserView.of(changed.user(name).orElseThrow());
  }

  /** What removing a user did. */
  public record Removed(String removed, long tokensRevoked) {}

  /** Removes a user, their tokens and their sessions. */
  public Removed removeUser(String name) {
    long[] revoked = new long[1];
    update(current -> {
      revoked[0] = current.tokens().values().stream().filter(t -> t.user().equals(name)).count();
      return current.withoutUser(name);
    });
    sessions.removeUser(name);
    return new Removed(name, revoked[0]);
  }

  /**
   * A token of root for this host (the host credential), made anew unless {@code existing} still
   * works; an older one of the same name is replaced.
   */
  public Optional<String> hostCredential(String hostName, Optional<String> existing) {
    if (existing.flatMap(this::authenticateToken).filter(p -> p.user().equals(AccessList.ROOT)).isPresent()) {
      return Optional.empty();
    }
    String name = "host-" + hostName;
    Secrets.TokenParts parts = Secrets.newToken();
    ApiToken token = new ApiToken(parts.id(), name, AccessList.ROOT, Role.ADMIN, Secrets.hashSecret(parts.secret()),
        clock.getAsLong(), 0);
    update(current -> {
      AccessList cleared = current;
      for (ApiToken old : current.tokens().values()) {
        if (old.user().equals(AccessList.ROOT) && old.name().equals(name)) {
          cleared = cleared.withoutToken(old.id());
        }
      }
      return cleared.withToken(token);
    });
    return Optional.of(parts.text());
  }

  static Duration parseExpiry(String text) {
    Matcher matcher = EXPIRY.matcher(text);
    if (!matcher.matches()) {
      throw new IllegalArgumentException("expiresIn '" + text + "' is not valid: a number and d, h or m, e.g. 30d");
    }
    long n = Long.parseLong(matcher.group(1));
    return switch (matcher.group(2)) {
      case "d" -> Duration.ofDays(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofMinutes(n);
    };
  }

  private static String requirePassword(String password) {
    if (password.length() < MIN_PASSWORD_CHARS || password.length() > MAX_PASSWORD_CHARS) {
      throw new IllegalArgumentException("a password has " + MIN_PASSWORD_CHARS + " to " + MAX_PASSWORD_CHARS
          + " characters");
    }
    return password;
  }

  private AccessList current(boolean fresh) {
    AccessList held = seen;
    if (!fresh && held != null) {
      return held;
    }
    AccessList read = list.get().orElse(null);
    if (read == null) {
      // Once the cluster has its list, an empty read means this host lost it for a while (a
      // partition whose other side held it): what it saw last is right, a new list is not.
      return held != null ? held : AccessList.initial(clock.getAsLong());
    }
    seen = read;
    return read;
  }

  /** Applies a change by compare-and-set; the first host's start makes the initial list. */
  private AccessList update(UnaryOperator<AccessList> change) {
    for (int attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
      Optional<AccessList> held = list.get();
      AccessList copy = seen;
      // Lost for a while (see current()): the change builds on what this host saw, not on nothing.
      AccessList base = held.orElseGet(() -> copy != null ? copy : AccessList.initial(clock.getAsLong()));
      AccessList next = change.apply(base);
      if (held.isPresent() && next == base) {
        return base;
      }
      if (list.replace(held.orElse(null), next)) {
        seen = next;
        return next;
      }
    }
    throw new IllegalStateException("the access list kept changing; try again");
  }

  private static String time(long millis) {
    return Instant.ofEpochMilli(millis).toString();
  }
}
