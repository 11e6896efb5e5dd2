package dev.keyhold.identity.core.internal.token;

import dev.keyhold.identity.core.crypto.TokenDigests;
import dev.keyhold.identity.core.internal.audit.Auditor;
import dev.keyhold.identity.core.internal.event.EventPublisher;
import dev.keyhold.identity.error.InvalidTokenException.Kind;
import dev.keyhold.identity.error.InvalidTokenException;
import dev.keyhold.identity.error.NotFoundException;
import dev.keyhold.identity.error.TokenReusedException;
import dev.keyhold.identity.model.ClientInfo;
import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.event.IdentityEvent;
import dev.keyhold.identity.model.hook.SignInAttempt;
import dev.keyhold.identity.model.token.AccessTokenClaims;
import dev.keyhold.identity.model.token.IssuedTokens;
import dev.keyhold.identity.model.token.RefreshSession;
import dev.keyhold.identity.model.token.RefreshToken;
import dev.keyhold.identity.model.token.SessionId;
import dev.keyhold.identity.model.user.User;
import dev.keyhold.identity.spi.AccessTokenVerifier;
import dev.keyhold.identity.spi.PublicKeySet;
import dev.keyhold.identity.spi.RefreshTokenRepository;
import dev.keyhold.identity.spi.Transactions;
import dev.keyhold.identity.spi.UserRepository;
import dev.keyhold.identity.usecase.EndSession;
import dev.keyhold.identity.usecase.ListSessions;
import dev.keyhold.identity.usecase.Logout;
import dev.keyhold.identity.usecase.LogoutEverywhere;
import dev.keyhold.identity.usecase.RotateRefreshToken;
import dev.keyhold.identity.usecase.Sessions;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Refresh-token rotation with reuse detection, logout, and request authentication.
 *
 * <p>A refresh token works once. Presenting a used token, including losing a race against a concurrent use of the
 * same token, revokes the whole session, because the server cannot tell a client that raced itself from an attacker
 * replaying a stolen token. One exception, {@link RefreshRetry}: a client whose refresh was done but never answered
 * (a 503 after the commit, a dropped connection) holds only the used token, and may present it once more within the
 * grace while its successor is unused. The retry is answered with new tokens and supersedes that successor, so the
 * session still has one live token; if both holders exist, the other one's next refresh presents a superseded token,
 * which is a reuse.
 */
public final class SessionService implements Sessions {

  /** Longer than any token we issue; longer input is rejected before hashing. */
  private static final int MAX_TOKEN_LENGTH = 512;

  private final UserRepository users;
  private final RefreshTokenRepository sessions;
  private final Transactions transactions;
  private final SessionValidity validity;
  private final RefreshRetry retry;
  private final SessionIssuer issuer;
  private final AccessTokenVerifier verifier;
  private final PublicKeySet keys;
  private final Auditor audit;
  private final EventPublisher events;
  private final Clock clock;

  public SessionService(
      UserRepository users,
      RefreshTokenRepository sessions,
      Transactions transactions,
      SessionValidity validity,
      RefreshRetry retry,
      SessionIssuer issuer,
      AccessTokenVerifier verifier,
      PublicKeySet keys,
      Auditor audit,
      EventPublisher events,
      Clock clock) {
    this.users = users;
    this.sessions = sessions;
    this.transactions = transactions;
    this.validity = validity;
    this.retry = retry;
    this.issuer = issuer;
    this.verifier = verifier;
    this.keys = keys;
    this.audit = audit;
    this.events = events;
    this.clock = clock;
  }

  @Override
  public IssuedTokens refresh(RotateRefreshToken.Command command) {
    RefreshTokenRepository.Presented found = findTokenWithSession(command.refreshToken())
        .orElseThrow(() -> rejected("unknown", null, command.client()));
    RefreshToken presented = found.token();
    RefreshSession session = Optional.ofNullable(found.session())
        .orElseThrow(() -> rejected("unknown_session", presented, command.client()));
    Instant now = clock.instant();
    boolean retrying = presented.used();
    if (retrying && !(retry.allows(presented, now) && session.activeAt(now))) {
      throw reuseDetected(session, command.client(), now);
    }
    if (!session.activeAt(now)) {
      throw rejected(session.revokedAt() != null ? "session_revoked" : "session_expired", presented, command.client());
    }
    User user = users.findById(session.userId()).filter(User::active)
        .orElseThrow(() -> rejected("user_inactive", presented, command.client()));
    issuer.checkSignIn(SignInAttempt.Kind.REFRESH, user, session.authMethods(), command.client());

    String secret = issuer.newSecret();
    RefreshToken replacement = issuer.newRefreshToken(session, secret, now);
    // signed before the rotation: a claims customizer that fails leaves the presented refresh token usable
    IssuedTokens issued = issuer.tokens(user, session, secret, now);
    // The rotation and its audit event commit together: were the event refused after the rotation committed, the
    // client would get an error while holding a used token, and its retry would revoke the session as a replay.
    boolean rotated = transactions.inTransaction(() -> {
      boolean stored = retrying
          ? sessions.replaceSuccessor(presented, replacement, now)
          : sessions.rotate(presented.id(), replacement, now);
      if (!stored) {
        return false;
      }
      audit.success("token.refreshed", user.id(), session.id(), command.client(),
          retrying ? Map.of("retry", "true") : Map.of());
      return true;
    });
    if (!rotated) {
      throw reuseDetected(session, command.client(), now);
    }
    return issued;
  }

  @Override
  public void logout(Logout.Command command) {
    Optional<RefreshToken> token = findToken(command.refreshToken());
    if (token.isEmpty()) {
      return;
    }
    SessionId sessionId = token.get().sessionId();
    Instant now = clock.instant();
    if (sessions.revokeSession(sessionId, now)) {
      audit.success("session.logout", token.get().userId(), sessionId, command.client(), Map.of());
      events.publish(new IdentityEvent.SessionRevoked(token.get().userId(), sessionId, now));
    }
  }

  @Override
  public int logoutEverywhere(LogoutEverywhere.Command command) {
    int revoked = sessions.revokeAllSessions(command.userId(), clock.instant());
    audit.success("session.logout_all", command.userId(), command.userId(), command.client(),
        Map.of("sessions", Integer.toString(revoked)));
    return revoked;
  }

  @Override
  public List<ListSessions.Session> sessions(Actor actor) {
    Instant now = clock.instant();
    List<RefreshSession> active = sessions.findActiveSessions(actor.userId(), now);
    Map<SessionId, Instant> lastIssued = active.isEmpty() ? Map.of() : sessions.lastTokenIssuedAt(actor.userId());
    return active.stream()
        .map(session -> new ListSessions.Session(session.id(), session.createdAt(),
            lastIssued.getOrDefault(session.id(), session.createdAt()), session.ipAddress(), session.userAgent(),
            session.id().equals(actor.sessionId())))
        .toList();
  }

  @Override
  public void endSession(EndSession.Command command) {
    Actor actor = command.actor();
    RefreshSession session = sessions.findSession(command.sessionId())
        .filter(found -> found.userId().equals(actor.userId()))
        .orElseThrow(() -> new NotFoundException("No such session."));
    Instant now = clock.instant();
    if (sessions.revokeSession(session.id(), now)) {
      audit.success("session.ended", actor.userId(), session.id(), actor.client(),
          Map.of("current", Boolean.toString(session.id().equals(actor.sessionId()))));
      events.publish(new IdentityEvent.SessionRevoked(actor.userId(), session.id(), now));
    }
  }

  @Override
  public AccessTokenClaims authenticate(String accessToken) {
    AccessTokenClaims claims = verifier.verify(accessToken);
    Optional<SessionId> sessionId = parseSessionId(claims.sessionId());
    boolean active = sessionId.map(id -> validity.isActive(id, claims.subject())).orElse(false);
    if (!active) {
      throw new InvalidTokenException(Kind.ACCESS_TOKEN, "session_inactive");
    }
    return claims;
  }

  @Override
  public Map<String, Object> jwks() {
    return keys.toJwks();
  }

  private Optional<RefreshTokenRepository.Presented> findTokenWithSession(String token) {
    if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
      return Optional.empty();
    }
    return sessions.findTokenWithSession(TokenDigests.sha256(token));
  }

  private Optional<RefreshToken> findToken(String token) {
    if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
      return Optional.empty();
    }
    return sessions.findTokenByHash(TokenDigests.sha256(token));
  }

  private TokenReusedException reuseDetected(RefreshSession session, ClientInfo client, Instant now) {
    sessions.revokeSession(session.id(), now);
    audit.failure("token.reuse_detected", session.userId(), session.id(), client, Map.of());
    events.publish(new IdentityEvent.RefreshTokenReused(session.userId(), session.id(), now));
    return new TokenReusedException();
  }

  private InvalidTokenException rejected(String reason, RefreshToken token, ClientInfo client) {
    audit.failure("token.refresh_rejected", token == null ? null : token.userId(),
        token == null ? null : token.sessionId(), client, Map.of("reason", reason));
    return new InvalidTokenException(Kind.REFRESH_TOKEN, reason);
  }

  private static Optional<SessionId> parseSessionId(String value) {
    if (value == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(new SessionId(UUID.fromString(value)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
