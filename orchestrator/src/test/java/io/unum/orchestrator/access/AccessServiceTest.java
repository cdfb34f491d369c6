package io.unum.orchestrator.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unum.orchestrator.testing.InMemorySessionStore;
import io.unum.orchestrator.testing.InMemoryValue;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AccessServiceTest {
  private final AtomicLong now = new AtomicLong(1_000_000);
  private final InMemoryValue<AccessList> list = new InMemoryValue<>();
  private final AccessService access = new AccessService(list, new InMemorySessionStore(), now::get).start();
  private final Principal root = new Principal("root", Role.ADMIN, "test");

  @Test
  void aTokenProvesItsUserWithTheNarrowerRoleUntilItExpiresOrIsRevoked() {
    AccessService.NewToken made = access.createToken(root, "ci", "viewer", "1h", null);
    assertThat(made.token()).matches("unum_[0-9a-f]{12}_[A-Za-z0-9_-]{43}");
    assertThat(access.authenticateToken(made.token())).hasValue(new Principal("root", Role.VIEWER, "token ci"));
    assertThat(list.get().orElseThrow().tokens().get(made.id()).secretHash()).as("only the hash is stored")
        .doesNotContain(made.token().substring(18));
    assertThat(access.authenticateToken(made.token().substring(0, made.token().length() - 1) + "x")).isEmpty();
    assertThat(access.authenticateToken("garbage")).isEmpty();
    now.addAndGet(Duration.ofHours(1).toMillis());
    assertThat(access.authenticateToken(made.token())).as("expired").isEmpty();

    AccessService.NewToken other = access.createToken(root, "other", null, null, null);
    access.revokeToken(root, other.id());
    assertThat(access.authenticateToken(other.token())).as("revoked").isEmpty();
  }

  @Test
  void aTokenIsNeverWiderThanItsUserNorItsMaker() {
    access.addUser("alice", "operator", null);
    Principal alice = new Principal("alice", Role.OPERATOR, "test");
    assertThatThrownBy(() -> access.createToken(alice, "up", "admin", null, null)).isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> access.createToken(alice, "for-root", null, null, "root"))
        .isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> access.createToken(root, "wide", "admin", null, "alice"))
        .hasMessageContaining("never wider than its user's");
    AccessService.NewToken hers = access.createToken(alice, "mine", null, null, null);
    assertThat(hers.role()).isEqualTo("operator");
    assertThat(access.tokens(alice)).extracting(AccessService.TokenView::name).containsExactly("mine");
    assertThatThrownBy(() -> access.revokeToken(new Principal("bob", Role.VIEWER, "t"), hers.id()))
        .as("someone else's token is not found").isInstanceOf(NoSuchCredentialException.class);
    assertThatThrownBy(() -> access.createToken(alice, "mine", null, null, null)).isInstanceOf(AccessConflictException.class);
    assertThatThrownBy(() -> access.createToken(alice, "x", null, "30y", null)).hasMessageContaining("expiresIn");
  }

  @Test
  void usersSignInWithPasswordsAndLoseTheirTokensAndSessionsWhenRemoved() {
    access.addUser("alice", "viewer", "correct horse battery");
    assertThatThrownBy(() -> access.signIn("alice", "wrong password!")).isInstanceOf(NotAuthenticatedException.class)
        .hasMessage("wrong user or password");
    assertThatThrownBy(() -> access.signIn("nobody", "correct horse battery")).hasMessage("wrong user or password");
    AccessService.NewSession session = access.signIn("alice", "correct horse battery");
    assertThat(access.session(session.id())).hasValueSatisfying(s -> assertThat(s.role()).isEqualTo(Role.VIEWER));
    AccessService.NewToken token = access.createToken(root, "alice-ci", null, null, "alice");
    assertThat(access.removeUser("alice").tokensRevoked()).isEqualTo(1);
    assertThat(access.authenticateToken(token.token())).isEmpty();
    assertThat(access.session(session.id())).isEmpty();
    assertThatThrownBy(() -> access.removeUser("root")).hasMessageContaining("cannot be removed");
    assertThatThrownBy(() -> access.addUser("Bad Name", "viewer", null)).hasMessageContaining("not valid");
    assertThatThrownBy(() -> access.addUser("bob", "viewer", "short")).hasMessageContaining("12 to 1024");
  }

  @Test
  void aSessionEndsAtSignOutAndAtItsExpiry() {
    AccessService.NewSession session = access.signInWithToken(access.createToken(root, "t", null, null, null).token());
    assertThat(session.session().csrfToken()).hasSize(43);
    access.signOut(session.id());
    assertThat(access.session(session.id())).isEmpty();
    AccessService.NewSession again = access.signInWithToken(access.createToken(root, "u", null, null, null).token());
    now.addAndGet(AccessService.SESSION_LIFETIME.toMillis());
    assertThat(access.session(again.id())).isEmpty();
  }

  @Test
  void theHostCredentialIsKeptWhileItWorksAndMadeAnewWhenNot() {
    String first = access.hostCredential("h1", Optional.empty()).orElseThrow();
    assertThat(access.hostCredential("h1", Optional.of(first))).as("kept").isEmpty();
    String second = access.hostCredential("h1", Optional.of("unum_000000000000_" + "A".repeat(43))).orElseThrow();
    assertThat(access.authenticateToken(first)).as("the old one of the same name is replaced").isEmpty();
    assertThat(access.authenticateToken(second)).hasValueSatisfying(p -> assertThat(p.role()).isEqualTo(Role.ADMIN));
  }

  @Test
  void aHostThatLosesTheSharedListForAWhileKeepsWhatItSaw() {
    AccessService.NewToken made = access.createToken(root, "ci", null, null, null);
    AccessList before = list.get().orElseThrow();
    list.replace(before, null); // a partition: the side holding the map is gone
    assertThat(access.authenticateToken(made.token())).as("still known here").isPresent();
    access.createToken(root, "during", null, null, null);
    assertThat(list.get().orElseThrow().tokens()).as("built on what was seen, not on a new list")
        .hasSize(before.tokens().size() + 1);
  }

  @Test
  void passwordsAreHashedWithASaltAndChecked() {
    String hash = Secrets.hashPassword("correct horse battery");
    assertThat(hash).startsWith("pbkdf2-sha256$" + Secrets.PASSWORD_ITERATIONS + "$")
        .isNotEqualTo(Secrets.hashPassword("correct horse battery"));
    assertThat(Secrets.passwordMatches("correct horse battery", hash)).isTrue();
    assertThat(Secrets.passwordMatches("correct horse batterY", hash)).isFalse();
    assertThat(Secrets.passwordMatches("x", "not a hash")).isFalse();
  }
}
