package dev.keyhold.adapter.http;

import dev.keyhold.identity.error.InvalidTokenException;
import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.token.AccessTokenClaims;
import dev.keyhold.identity.model.token.IssuedTokens;
import dev.keyhold.identity.model.token.SessionId;
import dev.keyhold.identity.usecase.EndSession;
import dev.keyhold.identity.usecase.ListSessions;
import dev.keyhold.identity.usecase.Logout;
import dev.keyhold.identity.usecase.LogoutEverywhere;
import dev.keyhold.identity.usecase.RotateRefreshToken;
import dev.keyhold.identity.usecase.Sessions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Hand-written {@link Sessions}: accepts exactly the access token {@link #VALID_ACCESS_TOKEN}, and otherwise
 * answers with fixed results or whatever a test installs.
 */
final class FakeSessions implements Sessions {

  static final String VALID_ACCESS_TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZGEifQ.c2lnbmF0dXJl";
  static final SessionId SESSION = new SessionId(UUID.fromString("5e55f1a7-0000-4000-8000-000000000002"));
  static final Map<String, Object> JWKS =
      Map.of("keys", List.of(Map.of("kty", "RSA", "kid", "k1", "n", "AQAB", "e", "AQAB")));

  volatile Function<RotateRefreshToken.Command, IssuedTokens> refresh;
  volatile Function<Logout.Command, Void> logout;
  volatile Function<LogoutEverywhere.Command, Integer> logoutEverywhere;
  volatile Function<String, AccessTokenClaims> authenticate;
  volatile Function<Actor, List<ListSessions.Session>> sessions;
  volatile Function<EndSession.Command, Void> endSession;

  volatile Object lastCommand;

  FakeSessions() {
    reset();
  }

  void reset() {
    refresh = command -> FakeAccounts.tokens(List.of());
    logout = command -> null;
    logoutEverywhere = command -> 3;
    sessions = actor -> List.of(
        new ListSessions.Session(SESSION, Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2025-01-01T00:10:00Z"),
            "203.0.113.7", "test-agent/1.0", true),
        new ListSessions.Session(new SessionId(UUID.fromString("5e55f1a7-0000-4000-8000-000000000003")),
            Instant.parse("2024-12-31T00:00:00Z"), Instant.parse("2024-12-31T00:00:00Z"), null, null, false));
    endSession = command -> null;
    authenticate = token -> {
      if (!token.equals(VALID_ACCESS_TOKEN)) {
        throw new InvalidTokenException(InvalidTokenException.Kind.ACCESS_TOKEN, "bad_signature");
      }
      return claims(FakeAccounts.USER.toString(), SESSION.toString());
    };
    lastCommand = null;
  }

  /** The claims of a verified access token with this subject and session. */
  static AccessTokenClaims claims(String subject, String sessionId) {
    return new AccessTokenClaims("https://keyhold.test", "keyhold", subject,
        Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2025-01-01T00:15:00Z"), "jti-1", sessionId,
        List.of(), List.of("pwd"), "ada@example.com", true, null);
  }

  /** Makes every use case throw {@code failure}. */
  void failWith(RuntimeException failure) {
    refresh = command -> { throw failure; };
    logout = command -> { throw failure; };
    logoutEverywhere = command -> { throw failure; };
    sessions = actor -> { throw failure; };
    endSession = command -> { throw failure; };
  }

  @Override
  public List<ListSessions.Session> sessions(Actor actor) {
    lastCommand = actor;
    return sessions.apply(actor);
  }

  @Override
  public void endSession(EndSession.Command command) {
    lastCommand = command;
    endSession.apply(command);
  }

  @Override
  public IssuedTokens refresh(RotateRefreshToken.Command command) {
    lastCommand = command;
    return refresh.apply(command);
  }

  @Override
  public void logout(Logout.Command command) {
    lastCommand = command;
    logout.apply(command);
  }

  @Override
  public int logoutEverywhere(LogoutEverywhere.Command command) {
    lastCommand = command;
    return logoutEverywhere.apply(command);
  }

  @Override
  public AccessTokenClaims authenticate(String accessToken) {
    return authenticate.apply(accessToken);
  }

  @Override
  public Map<String, Object> jwks() {
    return JWKS;
  }
}
