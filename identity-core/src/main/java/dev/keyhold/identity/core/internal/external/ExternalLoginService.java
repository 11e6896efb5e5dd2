package dev.keyhold.identity.core.internal.external;

import dev.keyhold.identity.core.crypto.Pkce;
import dev.keyhold.identity.core.crypto.TokenDigests;
import dev.keyhold.identity.core.internal.audit.Auditor;
import dev.keyhold.identity.core.internal.event.EventPublisher;
import dev.keyhold.identity.core.internal.extension.Hooks;
import dev.keyhold.identity.core.internal.mfa.MfaLogin;
import dev.keyhold.identity.core.internal.protection.Protection;
import dev.keyhold.identity.core.internal.token.SessionIssuer;
import dev.keyhold.identity.core.protection.RateLimits;
import dev.keyhold.identity.error.ExternalLoginException;
import dev.keyhold.identity.error.NotFoundException;
import dev.keyhold.identity.error.ProviderUnavailableException;
import dev.keyhold.identity.error.ValidationException;
import dev.keyhold.identity.model.ClientInfo;
import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.event.IdentityEvent;
import dev.keyhold.identity.model.external.VerifiedExternalIdentity;
import dev.keyhold.identity.model.token.AuthMethods;
import dev.keyhold.identity.model.token.IssuedTokens;
import dev.keyhold.identity.model.user.User;
import dev.keyhold.identity.spi.EphemeralStore;
import dev.keyhold.identity.spi.ExternalIdentityRepository;
import dev.keyhold.identity.spi.IdentityProvider;
import dev.keyhold.identity.spi.MailOutbox;
import dev.keyhold.identity.spi.RecoveryCodeRepository;
import dev.keyhold.identity.spi.RefreshTokenRepository;
import dev.keyhold.identity.spi.SecretGenerator;
import dev.keyhold.identity.spi.TotpCredentialRepository;
import dev.keyhold.identity.spi.UserRepository;
import dev.keyhold.identity.usecase.Authenticate.Authenticated;
import dev.keyhold.identity.usecase.Authenticate.LoginResult;
import dev.keyhold.identity.usecase.CompleteExternalLogin;
import dev.keyhold.identity.usecase.ExternalLogin;
import dev.keyhold.identity.usecase.StartExternalLogin;
import dev.keyhold.identity.usecase.UnlinkIdentity;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sign-in through external OpenID Connect providers: the relying party's two steps and the links they make.
 *
 * <p>The start draws {@code state}, {@code nonce} and a PKCE verifier from the {@link SecretGenerator}, and keeps them
 * with the provider and the redirect URI in the {@link EphemeralStore} (Redis when configured, so any node can take
 * the callback) for {@link #STATE_LIFETIME}, under the SHA-256 of the {@code state}. The callback
 * {@link EphemeralStore#take takes} them, so each {@code state} works once whatever number of nodes race with it; a
 * {@code state} started for another provider is refused (the mix-up attack), and is spent by the attempt.
 *
 * <p>The provider adapter validates the ID token; {@link AccountLinker} decides which account it signs in. The second
 * factor then applies exactly as after a password, and the session's {@code amr} is {@code ["fed"]}, or
 * {@code ["fed", "otp"]} after the second step. Both steps count against the {@code login-ip} rate limit: the start
 * stores something for ten minutes, the callback calls the provider.
 */
public final class ExternalLoginService implements ExternalLogin {

  /** How long a started sign-in may take at the provider. */
  public static final Duration STATE_LIFETIME = Duration.ofMinutes(10);

  private static final String KEY_PREFIX = "oauth:";

  /** Collaborators, grouped so the constructor stays readable. */
  public record Dependencies(
      List<IdentityProvider> providers,
      UserRepository users,
      ExternalIdentityRepository identities,
      RefreshTokenRepository sessions,
      TotpCredentialRepository totpCredentials,
      RecoveryCodeRepository recoveryCodes,
      EphemeralStore pending,
      MfaLogin mfa,
      SessionIssuer sessionIssuer,
      Protection protection,
      SecretGenerator secrets,
      MailOutbox outbox,
      Auditor audit,
      EventPublisher events,
      Clock clock,
      String productName,
      Hooks hooks) {}

  private final Map<String, IdentityProvider> providers = new LinkedHashMap<>();
  private final EphemeralStore pending;
  private final MfaLogin mfa;
  private final SessionIssuer sessionIssuer;
  private final Protection protection;
  private final SecretGenerator secrets;
  private final Auditor audit;
  private final EventPublisher events;
  private final Clock clock;
  private final AccountLinker linker;
  private final IdentityLinks links;

  public ExternalLoginService(Dependencies d) {
    for (IdentityProvider provider : d.providers()) {
      if (providers.putIfAbsent(provider.name(), provider) != null) {
        throw new IllegalArgumentException("two identity providers are named " + provider.name());
      }
    }
    this.pending = d.pending();
    this.mfa = d.mfa();
    this.sessionIssuer = d.sessionIssuer();
    this.protection = d.protection();
    this.secrets = d.secrets();
    this.audit = d.audit();
    this.events = d.events();
    this.clock = d.clock();
    this.linker = new AccountLinker(d.users(), d.identities(), d.sessions(), d.totpCredentials(), d.recoveryCodes(),
        d.outbox(), d.secrets(), d.audit(), d.events(), d.clock(), d.productName(), d.hooks());
    this.links = new IdentityLinks(d.users(), d.identities(), d.outbox(), d.secrets(), d.audit(), d.clock(),
        d.productName(), name -> providers.containsKey(name) ? providers.get(name).displayName() : name);
  }

  @Override
  public List<ProviderView> providers() {
    return providers.values().stream()
        .map(provider -> new ProviderView(provider.name(), provider.displayName()))
        .toList();
  }

  @Override
  public Authorization startExternalLogin(StartExternalLogin.Command command) {
    IdentityProvider provider = provider(command.provider());
    URI redirectUri = redirectUri(provider, command.redirectUri());
    protection.checkAddress(RateLimits.LOGIN_IP, command.client());
    String state = secrets.newSecret();
    String nonce = secrets.newSecret();
    String verifier = secrets.newSecret();
    URI authorizationUrl = provider.authorizationUrl(redirectUri, state, nonce, Pkce.challengeS256(verifier));
    Instant expiresAt = clock.instant().plus(STATE_LIFETIME);
    pending.put(key(state), new PendingLogin(provider.name(), expiresAt, nonce, verifier, redirectUri).encode(),
        STATE_LIFETIME);
    return new Authorization(authorizationUrl, state);
  }

  @Override
  public LoginResult completeExternalLogin(CompleteExternalLogin.Command command) {
    IdentityProvider provider = provider(command.provider());
    ClientInfo client = command.client();
    protection.checkAddress(RateLimits.LOGIN_IP, client);
    String state = command.state();
    if (state == null || state.isEmpty() || state.length() > MAX_STATE_LENGTH) {
      throw invalidState(provider, "malformed_state", client);
    }
    String code = command.code();
    if (code == null || code.isEmpty() || code.length() > MAX_CODE_LENGTH) {
      throw ValidationException.of("code", "invalid_code",
          "Give the provider's code: at most " + MAX_CODE_LENGTH + " characters.");
    }
    Instant now = clock.instant();
    PendingLogin login = pending.take(key(state)).flatMap(PendingLogin::decode)
        .filter(found -> now.isBefore(found.expiresAt()))
        .orElseThrow(() -> invalidState(provider, "unknown_state", client));
    if (!login.provider().equals(provider.name())) {
      throw invalidState(provider, "provider_mismatch", client);
    }
    VerifiedExternalIdentity identity = exchange(provider, code, login, client);
    User user = linker.accountFor(provider, identity, client);
    return signIn(provider, user, client);
  }

  private VerifiedExternalIdentity exchange(IdentityProvider provider, String code, PendingLogin login,
      ClientInfo client) {
    try {
      return provider.exchange(code, login.redirectUri(), login.verifier(), login.nonce());
    } catch (ExternalLoginException e) {
      audit.failure("oauth.login_failed", null, null, client, Map.of("provider", provider.name(),
          "reason", e.reason() == null ? "unspecified" : e.reason()));
      throw e;
    } catch (ProviderUnavailableException e) {
      audit.failure("oauth.login_failed", null, null, client,
          Map.of("provider", provider.name(), "reason", "provider_unavailable"));
      throw e;
    }
  }

  /** The session, or the second step when the user has a second factor: exactly as after a password. */
  private LoginResult signIn(IdentityProvider provider, User user, ClientInfo client) {
    List<String> secondFactors = mfa.methodsFor(user.id());
    if (!secondFactors.isEmpty()) {
      audit.success("oauth.login", user.id(), user.id(), client,
          Map.of("provider", provider.name(), "second_factor", "required"));
      return mfa.challenge(user, AuthMethods.FEDERATED, secondFactors, client);
    }
    IssuedTokens tokens = sessionIssuer.startSession(user, List.of(AuthMethods.FEDERATED), client, "oauth.login",
        Map.of("provider", provider.name()));
    events.publish(new IdentityEvent.SessionStarted(user.id(), tokens.sessionId(), clock.instant()));
    return new Authenticated(user.id(), tokens);
  }

  @Override
  public List<LinkedIdentity> linkedIdentities(Actor actor) {
    return links.list(actor);
  }

  @Override
  public void unlink(UnlinkIdentity.Command command) {
    links.unlink(command);
  }

  private IdentityProvider provider(String name) {
    IdentityProvider provider = name == null ? null : providers.get(name);
    if (provider == null) {
      throw new NotFoundException("No such sign-in provider.");
    }
    return provider;
  }

  /** The registered redirect URI the caller asked for, character for character; the first one when none. */
  private static URI redirectUri(IdentityProvider provider, String requested) {
    List<URI> registered = provider.redirectUris();
    if (requested == null) {
      return registered.get(0);
    }
    for (URI candidate : registered) {
      if (candidate.toString().equals(requested)) {
        return candidate;
      }
    }
    throw ValidationException.of("redirect_uri", "unregistered_redirect_uri",
        "Use a redirect URI registered for this provider, exactly as registered.");
  }

  private ExternalLoginException invalidState(IdentityProvider provider, String reason, ClientInfo client) {
    audit.failure("oauth.login_failed", null, null, client, Map.of("provider", provider.name(), "reason", reason));
    return ExternalLoginException.invalidState(reason);
  }

  private static String key(String state) {
    return KEY_PREFIX + TokenDigests.sha256(state).hex();
  }
}
