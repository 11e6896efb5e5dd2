package dev.keyhold.identity.core.token;

import dev.keyhold.identity.core.crypto.TokenDigests;
import dev.keyhold.identity.model.ClientInfo;
import dev.keyhold.identity.model.token.AccessTokenClaims;
import dev.keyhold.identity.model.token.IssuedTokens;
import dev.keyhold.identity.model.token.RefreshSession;
import dev.keyhold.identity.model.token.RefreshToken;
import dev.keyhold.identity.model.token.SessionId;
import dev.keyhold.identity.model.user.User;
import dev.keyhold.identity.spi.AccessTokenSigner;
import dev.keyhold.identity.spi.RefreshTokenRepository;
import dev.keyhold.identity.spi.SecretGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Starts sessions and mints the token pairs of a session: the one place tokens are made. */
public final class SessionIssuer {

  /** Issuer, audience and lifetimes of the tokens this issuer makes. */
  public record Policy(String issuer, String audience, Duration accessTokenTtl, Duration sessionLifetime) {}

  private final RefreshTokenRepository sessions;
  private final AccessTokenSigner signer;
  private final SecretGenerator secrets;
  private final Clock clock;
  private final Policy policy;

  public SessionIssuer(
      RefreshTokenRepository sessions, AccessTokenSigner signer, SecretGenerator secrets, Clock clock, Policy policy) {
    this.sessions = sessions;
    this.signer = signer;
    this.secrets = secrets;
    this.clock = clock;
    this.policy = policy;
  }

  /** Starts a new session for {@code user} and returns its first token pair. */
  public IssuedTokens startSession(User user, List<String> authMethods, ClientInfo client) {
    Instant now = clock.instant();
    SessionId sessionId = new SessionId(secrets.newId());
    RefreshSession session = new RefreshSession(sessionId, user.id(), now, now.plus(policy.sessionLifetime()), null,
        authMethods, client.ipAddress(), client.userAgent());
    String refreshSecret = secrets.newSecret();
    sessions.startSession(session, newRefreshToken(session, refreshSecret, now));
    return tokens(user, session, refreshSecret, now);
  }

  /** A new, not yet stored refresh token for {@code session}, carrying {@code secret}. */
  RefreshToken newRefreshToken(RefreshSession session, String secret, Instant now) {
    return new RefreshToken(secrets.newId(), session.id(), session.userId(), TokenDigests.sha256(secret), now, null);
  }

  /** The token pair handed out for {@code session}: a fresh access token and the given refresh secret. */
  IssuedTokens tokens(User user, RefreshSession session, String refreshSecret, Instant now) {
    List<String> scopes = List.of();
    AccessTokenClaims claims = new AccessTokenClaims(
        policy.issuer(),
        policy.audience(),
        user.id().toString(),
        now,
        now.plus(policy.accessTokenTtl()),
        secrets.newId().toString(),
        session.id().toString(),
        scopes,
        session.authMethods(),
        user.email().display(),
        user.emailVerified(),
        null);
    return new IssuedTokens(signer.sign(claims), policy.accessTokenTtl(), refreshSecret, scopes, session.id());
  }

  String newSecret() {
    return secrets.newSecret();
  }
}
