package dev.keyhold.identity.core.internal.mfa;

import dev.keyhold.identity.core.crypto.TokenDigests;
import dev.keyhold.identity.core.internal.audit.Auditor;
import dev.keyhold.identity.core.internal.event.EventPublisher;
import dev.keyhold.identity.core.internal.protection.Protection;
import dev.keyhold.identity.core.internal.token.SessionIssuer;
import dev.keyhold.identity.error.InvalidCredentialsException;
import dev.keyhold.identity.error.InvalidTokenException;
import dev.keyhold.identity.error.ValidationException;
import dev.keyhold.identity.model.ClientInfo;
import dev.keyhold.identity.model.event.IdentityEvent;
import dev.keyhold.identity.model.mfa.MfaChallenge;
import dev.keyhold.identity.model.token.AuthMethods;
import dev.keyhold.identity.model.token.IssuedTokens;
import dev.keyhold.identity.model.user.User;
import dev.keyhold.identity.model.user.UserId;
import dev.keyhold.identity.spi.EphemeralStore;
import dev.keyhold.identity.spi.SecondFactor;
import dev.keyhold.identity.spi.SecretGenerator;
import dev.keyhold.identity.spi.UserRepository;
import dev.keyhold.identity.usecase.Authenticate.Authenticated;
import dev.keyhold.identity.usecase.Authenticate.MfaRequired;
import dev.keyhold.identity.usecase.CompleteMfaLogin;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The second step of a login. After a correct password, {@link #challenge} keeps an opaque, single-use
 * {@code mfa_token} in the {@link EphemeralStore} (Redis when configured, so any node can finish the login), under
 * the token's SHA-256 only; {@link #completeMfaLogin} trades it and a code for a session.
 *
 * <p>A finishing attempt {@link EphemeralStore#take takes} the challenge, so two attempts never run at once on one
 * challenge (the second is told the token is unknown), and puts it back, with its failure counted, unless it
 * succeeded or used up its {@value MfaChallenge#MAX_FAILED_CODES} tries. Wrong codes count toward the account's
 * lockout like wrong passwords, and the lockout is only reset by a whole login, password and code.
 */
public final class MfaLogin implements CompleteMfaLogin {

  private static final String KEY_PREFIX = "mfa:";

  /** The first factors a second step may follow: a password, or a federated assertion. */
  private static final Set<String> FIRST_METHODS = Set.of(AuthMethods.PASSWORD, AuthMethods.FEDERATED);

  /**
   * What a challenge holds; stored as {@code userId failures expiresAtMillis method,method firstMethod}. A value of
   * four parts (written before the first factor was kept) is a challenge after a password.
   */
  record Challenge(UserId userId, int failures, Instant expiresAt, List<String> methods, String firstMethod) {
    String encode() {
      return userId + " " + failures + " " + expiresAt.toEpochMilli() + " " + String.join(",", methods) + " "
          + firstMethod;
    }

    static Optional<Challenge> decode(String value) {
      String[] parts = value.split(" ", -1);
      if (parts.length != 4 && parts.length != 5) {
        return Optional.empty();
      }
      String firstMethod = parts.length == 5 ? parts[4] : AuthMethods.PASSWORD;
      if (!FIRST_METHODS.contains(firstMethod)) {
        return Optional.empty();
      }
      try {
        return Optional.of(new Challenge(new UserId(UUID.fromString(parts[0])), Integer.parseInt(parts[1]),
            Instant.ofEpochMilli(Long.parseLong(parts[2])), List.of(parts[3].split(",")), firstMethod));
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
    }

    Challenge failedOnce() {
      return new Challenge(userId, failures + 1, expiresAt, methods, firstMethod);
    }
  }

  private final List<SecondFactor> factors;
  private final SecondFactor fallback;
  private final EphemeralStore challenges;
  private final UserRepository users;
  private final Protection protection;
  private final SessionIssuer sessions;
  private final SecretGenerator secrets;
  private final Auditor audit;
  private final EventPublisher events;
  private final Clock clock;

  /**
   * @param factors the factors that turn the second step on (TOTP, then any plugged in)
   * @param fallback the factor offered only beside one of those, never alone (recovery codes)
   */
  public MfaLogin(List<SecondFactor> factors, SecondFactor fallback, EphemeralStore challenges, UserRepository users,
      Protection protection, SessionIssuer sessions, SecretGenerator secrets, Auditor audit, EventPublisher events,
      Clock clock) {
    this.factors = List.copyOf(factors);
    this.fallback = fallback;
    this.challenges = challenges;
    this.users = users;
    this.protection = protection;
    this.sessions = sessions;
    this.secrets = secrets;
    this.audit = audit;
    this.events = events;
    this.clock = clock;
  }

  /**
   * The methods the user can finish a login with, in the factors' order and the fallback last; empty when login
   * needs no second step. A user without any factor costs one question per factor, the fallback is not asked.
   */
  public List<String> methodsFor(UserId userId) {
    List<String> methods = new ArrayList<>(factors.size() + 1);
    for (SecondFactor factor : factors) {
      if (factor.enabledFor(userId)) {
        methods.add(factor.method());
      }
    }
    if (!methods.isEmpty() && fallback.enabledFor(userId)) {
      methods.add(fallback.method());
    }
    return methods;
  }

  /** Whether login asks the user for a second factor; stops at the first factor that says so. */
  public boolean enabledFor(UserId userId) {
    for (SecondFactor factor : factors) {
      if (factor.enabledFor(userId)) {
        return true;
      }
    }
    return false;
  }

  /** Starts the second step for {@code user}, whose password was just checked. */
  public MfaRequired challenge(User user, List<String> methods, ClientInfo client) {
    return challenge(user, AuthMethods.PASSWORD, methods, client);
  }

  /**
   * Starts the second step for {@code user}, who just passed {@code firstMethod}: {@link AuthMethods#PASSWORD} or
   * {@link AuthMethods#FEDERATED}, the first entry of the session's {@code amr} once the second step succeeds.
   */
  public MfaRequired challenge(User user, String firstMethod, List<String> methods, ClientInfo client) {
    if (!FIRST_METHODS.contains(firstMethod)) {
      throw new IllegalArgumentException("not a first factor: " + firstMethod);
    }
    String token = secrets.newSecret();
    Instant expiresAt = clock.instant().plus(MfaChallenge.LIFETIME);
    challenges.put(key(token), new Challenge(user.id(), 0, expiresAt, methods, firstMethod).encode(),
        MfaChallenge.LIFETIME);
    audit.success("login.mfa_required", user.id(), user.id(), client, Map.of("methods", String.join(" ", methods)));
    return new MfaRequired(token, MfaChallenge.LIFETIME, methods);
  }

  @Override
  public Authenticated completeMfaLogin(CompleteMfaLogin.Command command) {
    String token = command.mfaToken();
    if (token == null || token.isEmpty() || token.length() > MfaChallenge.MAX_TOKEN_LENGTH) {
      throw new InvalidTokenException(InvalidTokenException.Kind.MFA_TOKEN, "malformed");
    }
    String code = command.code();
    if (code == null || code.isEmpty() || code.length() > MfaChallenge.MAX_CODE_LENGTH) {
      throw ValidationException.of("code", "invalid_code",
          "Give the code: at most " + MfaChallenge.MAX_CODE_LENGTH + " characters.");
    }
    String key = key(token);
    Instant now = clock.instant();
    Challenge challenge = challenges.take(key).flatMap(Challenge::decode)
        .filter(found -> now.isBefore(found.expiresAt()))
        .orElseThrow(() -> refused("unknown_or_expired", null, command.client()));
    boolean settled = false;
    try {
      SecondFactor factor = factorOf(challenge, command.method());
      User user = users.findById(challenge.userId()).filter(User::active)
          .orElseThrow(() -> refused("user_inactive", challenge.userId(), command.client()));
      protection.checkSecondFactor(user.email(), command.client());
      if (factor.verify(user.id(), code)) {
        settled = true;
        return signedIn(user, challenge.firstMethod(), factor, command.client());
      }
      Challenge failed = challenge.failedOnce();
      audit.failure("mfa.challenge_failed", user.id(), user.id(), command.client(), Map.of(
          "reason", "bad_code", "method", factor.method(), "failures", Integer.toString(failed.failures())));
      protection.loginFailed(user.email(), user.id(), command.client());
      if (failed.failures() < MfaChallenge.MAX_FAILED_CODES) {
        putBack(key, failed);
      }
      settled = true;
      throw InvalidCredentialsException.mfaCode();
    } finally {
      if (!settled) {
        putBack(key, challenge); // refused before any code was judged: the login may go on
      }
    }
  }

  private Authenticated signedIn(User user, String firstMethod, SecondFactor factor, ClientInfo client) {
    protection.loginSucceeded(user.email());
    Map<String, String> details = new LinkedHashMap<>();
    details.put("method", factor.method());
    if (!firstMethod.equals(AuthMethods.PASSWORD)) {
      details.put("first_factor", firstMethod);
    }
    IssuedTokens tokens = sessions.startSession(user, List.of(firstMethod, factor.authMethod()), client,
        "login.succeeded", details);
    if (factor.method().equals(MfaChallenge.RECOVERY_CODE)) {
      audit.success("mfa.recovery_code_used", user.id(), user.id(), client, Map.of());
    }
    events.publish(new IdentityEvent.SessionStarted(user.id(), tokens.sessionId(), clock.instant()));
    return new Authenticated(user.id(), tokens);
  }

  private SecondFactor factorOf(Challenge challenge, String method) {
    if (method != null && challenge.methods().contains(method)) {
      if (fallback.method().equals(method)) {
        return fallback;
      }
      for (SecondFactor factor : factors) {
        if (factor.method().equals(method)) {
          return factor;
        }
      }
    }
    throw ValidationException.of("method", "unsupported_method",
        "Use one of: " + String.join(", ", challenge.methods()) + ".");
  }

  /** Puts a challenge back for the rest of its life; a challenge that has just expired is let go. */
  private void putBack(String key, Challenge challenge) {
    Duration left = Duration.between(clock.instant(), challenge.expiresAt());
    if (!left.isNegative() && !left.isZero()) {
      challenges.put(key, challenge.encode(), left);
    }
  }

  private InvalidTokenException refused(String reason, UserId target, ClientInfo client) {
    audit.failure("mfa.challenge_failed", target, target, client, Map.of("reason", reason));
    return new InvalidTokenException(InvalidTokenException.Kind.MFA_TOKEN, reason);
  }

  private static String key(String token) {
    return KEY_PREFIX + TokenDigests.sha256(token).hex();
  }
}
