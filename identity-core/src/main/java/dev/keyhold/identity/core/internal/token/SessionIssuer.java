package dev.keyhold.identity.core.internal.token;

import dev.keyhold.identity.core.crypto.TokenDigests;
import dev.keyhold.identity.core.internal.access.AccessResolver;
import dev.keyhold.identity.core.internal.audit.Auditor;
import dev.keyhold.identity.core.internal.extension.Hooks;
import dev.keyhold.identity.error.InvalidTokenException;
import dev.keyhold.identity.error.MfaRequiredException;
import dev.keyhold.identity.error.RefusedByHookException;
import dev.keyhold.identity.model.ClientInfo;
import dev.keyhold.identity.model.access.OrgId;
import dev.keyhold.identity.model.hook.ClaimsRequest;
import dev.keyhold.identity.model.hook.SignInAttempt;
import dev.keyhold.identity.model.token.AccessTokenClaims;
import dev.keyhold.identity.model.token.AuthMethods;
import dev.keyhold.identity.model.token.IssuedTokens;
import dev.keyhold.identity.model.token.RefreshSession;
import dev.keyhold.identity.model.token.RefreshToken;
import dev.keyhold.identity.model.token.SessionId;
import dev.keyhold.identity.model.user.User;
import dev.keyhold.identity.model.user.UserId;
import dev.keyhold.identity.spi.AccessTokenSigner;
import dev.keyhold.identity.spi.RefreshTokenRepository;
import dev.keyhold.identity.spi.SecretGenerator;
import dev.keyhold.identity.spi.Transactions;
import dev.keyhold.identity.usecase.Organizations;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts sessions and mints the tokens of a session: the one place tokens are made.
 *
 * <p>A session's access tokens carry the user's current global scopes in {@code scope}, read from the stores at login
 * and at every refresh. An organization token belongs to the same session ({@code sid}) and lives as long as a
 * session's access token, but carries {@code org_id} and the member's scopes in that organization instead.
 */
public final class SessionIssuer {

  /** Issuer, audience and lifetimes of the tokens this issuer makes. */
  public record Policy(String issuer, String audience, Duration accessTokenTtl, Duration sessionLifetime) {}

  private final RefreshTokenRepository sessions;
  private final Transactions transactions;
  private final AccessTokenSigner signer;
  private final SecretGenerator secrets;
  private final AccessResolver access;
  private final Clock clock;
  private final Policy policy;
  private final Hooks hooks;
  private final Auditor audit;

  public SessionIssuer(RefreshTokenRepository sessions, Transactions transactions, AccessTokenSigner signer,
      SecretGenerator secrets, AccessResolver access, Clock clock, Policy policy, Hooks hooks, Auditor audit) {
    this.sessions = sessions;
    this.transactions = transactions;
    this.signer = signer;
    this.secrets = secrets;
    this.access = access;
    this.clock = clock;
    this.policy = policy;
    this.hooks = hooks;
    this.audit = audit;
  }

  /**
   * The operator's sign-in checks, for a login about to start a session or a refresh about to rotate; a refusal is
   * audited as {@code login.refused} and thrown before anything is written.
   *
   * @throws dev.keyhold.identity.error.RefusedByHookException {@code sign_in_refused}
   */
  public void checkSignIn(SignInAttempt.Kind kind, User user, List<String> authMethods, ClientInfo client) {
    if (!hooks.checksSignIn()) {
      return;
    }
    try {
      hooks.checkSignIn(new SignInAttempt(kind, user.id(), user.email().display(), authMethods, client));
    } catch (RefusedByHookException refused) {
      audit.failure("login.refused", user.id(), user.id(), client,
          Map.of("reason", refused.reason(), "kind", kind.name().toLowerCase(java.util.Locale.ROOT)));
      throw refused;
    }
  }

  /**
   * Starts a new session for {@code user} and returns its first token pair. The session and the audit event that
   * records the sign-in ({@code action}, successful, with the session's id as {@code session} and then
   * {@code details}) are stored in one unit: neither stands without the other.
   */
  public IssuedTokens startSession(User user, List<String> authMethods, ClientInfo client, String action,
      Map<String, String> details) {
    checkSignIn(SignInAttempt.Kind.LOGIN, user, authMethods, client);
    Instant now = clock.instant();
    SessionId sessionId = new SessionId(secrets.newId());
    RefreshSession session = new RefreshSession(sessionId, user.id(), now, now.plus(policy.sessionLifetime()), null,
        authMethods, client.ipAddress(), client.userAgent());
    String refreshSecret = secrets.newSecret();
    // the access token first: a claims customizer that fails then leaves no session behind
    IssuedTokens tokens = tokens(user, session, refreshSecret, now);
    RefreshToken first = newRefreshToken(session, refreshSecret, now);
    Map<String, String> recorded = new LinkedHashMap<>();
    recorded.put("session", sessionId.toString());
    recorded.putAll(details);
    transactions.inTransaction(() -> {
      sessions.startSession(session, first);
      audit.success(action, user.id(), user.id(), client, recorded);
      return null;
    });
    return tokens;
  }

  /**
   * An access token for {@code user} scoped to one organization, in the active session {@code sessionId}.
   *
   * @param scopes the member's current scopes in the organization
   * @throws InvalidTokenException of kind {@code ACCESS_TOKEN} when the session is not the user's or not active
   */
  public Organizations.OrganizationToken organizationToken(
      User user, SessionId sessionId, OrgId orgId, List<String> scopes) {
    Instant now = clock.instant();
    RefreshSession session = sessions.findSession(sessionId)
        .filter(found -> found.userId().equals(user.id()) && found.activeAt(now))
        .orElseThrow(() -> new InvalidTokenException(InvalidTokenException.Kind.ACCESS_TOKEN, "session_inactive"));
    String token = signer.sign(claims(user, session, scopes, orgId, now));
    return new Organizations.OrganizationToken(token, policy.accessTokenTtl(), orgId, scopes);
  }

  /**
   * Refuses unless the user's session {@code sessionId} is active and was started with a second factor.
   *
   * @throws MfaRequiredException when it was started with a password alone
   * @throws InvalidTokenException of kind {@code ACCESS_TOKEN} when the session is not the user's or not active
   */
  public void requireSecondFactor(UserId userId, SessionId sessionId, String message) {
    RefreshSession session = sessions.findSession(sessionId)
        .filter(found -> found.userId().equals(userId) && found.activeAt(clock.instant()))
        .orElseThrow(() -> new InvalidTokenException(InvalidTokenException.Kind.ACCESS_TOKEN, "session_inactive"));
    if (!AuthMethods.hasSecondFactor(session.authMethods())) {
      throw new MfaRequiredException(message);
    }
  }

  /** A new, not yet stored refresh token for {@code session}, carrying {@code secret}. */
  RefreshToken newRefreshToken(RefreshSession session, String secret, Instant now) {
    return new RefreshToken(secrets.newId(), session.id(), session.userId(), TokenDigests.sha256(secret), now, null);
  }

  /**
   * The token pair handed out for {@code session}: a fresh access token with the user's current global scopes and
   * the given refresh secret.
   */
  IssuedTokens tokens(User user, RefreshSession session, String refreshSecret, Instant now) {
    List<String> scopes = access.globalScopes(user.id());
    String token = signer.sign(claims(user, session, scopes, null, now));
    return new IssuedTokens(token, policy.accessTokenTtl(), refreshSecret, scopes, session.id());
  }

  String newSecret() {
    return secrets.newSecret();
  }

  private AccessTokenClaims claims(User user, RefreshSession session, List<String> scopes, OrgId orgId, Instant now) {
    Map<String, Object> custom = !hooks.customizesClaims() ? Map.of() : hooks.claims(new ClaimsRequest(user.id(),
        user.email().display(), session.id(), orgId, scopes, session.authMethods()));
    return new AccessTokenClaims(
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
        orgId == null ? null : orgId.toString(),
        custom);
  }
}
