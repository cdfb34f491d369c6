package io.unum.orchestrator.access;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Makes and checks secrets. Token secrets are 256 random bits, so one SHA-256 is enough to
 * store them; passwords are chosen by people and get PBKDF2 (the JDK's, no extra library).
 */
public final class Secrets {
  /** A token as given to its owner: an id to find it by, and the secret. */
  private static final Pattern TOKEN = Pattern.compile("unum_([0-9a-f]{12})_([A-Za-z0-9_-]{43})");
  /** OWASP's 2023 figure for PBKDF2-HMAC-SHA256. */
  static final int PASSWORD_ITERATIONS = 600_000;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final HexFormat HEX = HexFormat.of();

  private Secrets() {}

  /** A parsed token: its id and its secret. */
  public record TokenParts(String id, String secret) {
    /** The token as its owner writes it. */
    public String text() {
      return "unum_" + id + "_" + secret;
    }
  }

  /** A new token: a random id and a random secret. */
  public static TokenParts newToken() {
    return new TokenParts(HEX.formatHex(randomBytes(6)), randomText(32));
  }

  /** The token in {@code text}, if it has a token's shape. */
  public static Optional<TokenParts> parseToken(String text) {
    Matcher matcher = TOKEN.matcher(text == null ? "" : text.strip());
    return matcher.matches() ? Optional.of(new TokenParts(matcher.group(1), matcher.group(2))) : Optional.empty();
  }

  /** 256 random bits, URL-safe: session ids and CSRF tokens. */
  public static String randomText(int bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(bytes));
  }

  /** What is stored of a high-entropy secret. */
  public static String hashSecret(String secret) {
    try {
      return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
  }

  /** Compares in constant time, so timing does not tell how much of a guess was right. */
  public static boolean sameHash(String a, String b) {
    return a != null && b != null
        && MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  /** What is stored of a password: {@code pbkdf2-sha256$ITERATIONS$SALT$HASH}. */
  public static String hashPassword(String password) {
    byte[] salt = randomBytes(16);
    return "pbkdf2-sha256$" + PASSWORD_ITERATIONS + "$" + Base64.getEncoder().encodeToString(salt) + "$"
        + Base64.getEncoder().encodeToString(pbkdf2(password, salt, PASSWORD_ITERATIONS));
  }

  /** Whether {@code password} is the one {@code stored} was made from. */
  public static boolean passwordMatches(String password, String stored) {
    String[] parts = stored == null ? new String[0] : stored.split("\\$");
    if (parts.length != 4 || !parts[0].equals("pbkdf2-sha256")) {
      return false;
    }
    byte[] expected = Base64.getDecoder().decode(parts[3]);
    byte[] actual = pbkdf2(password, Base64.getDecoder().decode(parts[2]), Integer.parseInt(parts[1]));
    return MessageDigest.isEqual(expected, actual);
  }

  private static byte[] pbkdf2(String password, byte[] salt, int iterations) {
    try {
      PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM has no PBKDF2WithHmacSHA256", e);
    }
  }

  private static byte[] randomBytes(int count) {
    byte[] bytes = new byte[count];
    RANDOM.nextBytes(bytes);
    return bytes;
  }
}
