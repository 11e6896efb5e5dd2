package dev.keyhold.identity.testkit;

import dev.keyhold.identity.model.token.OneTimeToken;
import dev.keyhold.identity.model.token.OneTimeTokenPurpose;
import dev.keyhold.identity.model.token.RefreshSession;
import dev.keyhold.identity.model.token.RefreshToken;
import dev.keyhold.identity.model.token.SessionId;
import dev.keyhold.identity.model.token.TokenHash;
import dev.keyhold.identity.model.user.UserId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/** Sessions, refresh tokens and one-time tokens for tests. Every call returns fresh ids and hashes. */
public final class TestTokens {

  /** The absolute lifetime of sessions made by {@link #session}. */
  public static final Duration SESSION_LIFETIME = Duration.ofDays(30);

  private TestTokens() {}

  /** The SHA-256 of {@code seed}, as a token hash. */
  public static TokenHash hash(String seed) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
      return new TokenHash(HexFormat.of().formatHex(digest));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** A hash no other call returns. */
  public static TokenHash randomHash() {
    return hash(UUID.randomUUID().toString());
  }

  /**
   * An active session of {@code userId} created at {@code createdAt}, ending {@link #SESSION_LIFETIME} later, with
   * password sign-in and client details.
   */
  public static RefreshSession session(UserId userId, Instant createdAt) {
    return session(userId, createdAt, createdAt.plus(SESSION_LIFETIME));
  }

  /** An active session of {@code userId} from {@code createdAt} to {@code expiresAt}. */
  public static RefreshSession session(UserId userId, Instant createdAt, Instant expiresAt) {
    return new RefreshSession(
        new SessionId(UUID.randomUUID()),
        userId,
        createdAt,
        expiresAt,
        null,
        List.of("pwd", "otp"),
        "203.0.113.7",
        "KeyholdTest/1.0 (\u00fcber)");
  }

  /** An unused token of {@code session}, issued when the session was created. */
  public static RefreshToken firstToken(RefreshSession session) {
    return new RefreshToken(
        UUID.randomUUID(), session.id(), session.userId(), randomHash(), session.createdAt(), null);
  }

  /** An unused token of the same session and user as {@code previous}, issued at {@code issuedAt}. */
  public static RefreshToken nextToken(RefreshToken previous, Instant issuedAt) {
    return new RefreshToken(UUID.randomUUID(), previous.sessionId(), previous.userId(), randomHash(), issuedAt, null);
  }

  /** {@code token} as it looks after being used at {@code usedAt}. */
  public static RefreshToken usedAt(RefreshToken token, Instant usedAt) {
    return new RefreshToken(token.id(), token.sessionId(), token.userId(), token.hash(), token.issuedAt(), usedAt);
  }

  /** {@code token} as it looks after being superseded at {@code usedAt} by a retry of its predecessor. */
  public static RefreshToken supersededAt(RefreshToken token, Instant usedAt) {
    return new RefreshToken(token.id(), token.sessionId(), token.userId(), token.hash(), token.issuedAt(), usedAt,
        true);
  }

  /** {@code session} as it looks after being revoked at {@code revokedAt}. */
  public static RefreshSession revokedAt(RefreshSession session, Instant revokedAt) {
    return new RefreshSession(
        session.id(),
        session.userId(),
        session.createdAt(),
        session.expiresAt(),
        revokedAt,
        session.authMethods(),
        session.ipAddress(),
        session.userAgent());
  }

  /** An unused one-time token created at {@code createdAt} that expires after the purpose's default lifetime. */
  public static OneTimeToken oneTimeToken(UserId userId, OneTimeTokenPurpose purpose, Instant createdAt) {
    return new OneTimeToken(
        randomHash(), purpose, userId, createdAt, createdAt.plus(purpose.defaultLifetime()), null);
  }
}
