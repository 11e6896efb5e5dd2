package dev.keyhold.identity.core.internal.protection;

import dev.keyhold.identity.core.internal.audit.Auditor;
import dev.keyhold.identity.core.protection.ProtectionSettings;
import dev.keyhold.identity.core.protection.RateLimits;
import dev.keyhold.identity.error.StoreUnavailableException;
import dev.keyhold.identity.error.TooManyRequestsException;
import dev.keyhold.identity.model.ClientInfo;
import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.access.OrgId;
import dev.keyhold.identity.model.user.Email;
import dev.keyhold.identity.model.user.UserId;
import dev.keyhold.identity.spi.LockoutStore.State;
import dev.keyhold.identity.spi.LockoutStore;
import dev.keyhold.identity.spi.ProtectionStores;
import dev.keyhold.identity.spi.RateLimiter;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Rate limits and failed-login lockout, as the use cases call them: each {@code check} counts one request and throws
 * {@link TooManyRequestsException} when it may not go ahead, after writing an audit event.
 *
 * <p>Lockout keys are normalized emails, whether or not an account exists, so a locked unknown address answers
 * exactly like a locked account. Counters are updated with compare-and-set ({@link LockoutStore#replace}), so
 * failures on any number of nodes sharing the stores are all counted.
 *
 * <p>When a store throws {@link StoreUnavailableException}: with {@link ProtectionSettings#failOpen()} the request
 * goes ahead unprotected and a warning is logged at most once a minute; otherwise the exception propagates (HTTP
 * 503). Resetting counters after a successful login is best effort in both modes: refusing a correct password would
 * protect nothing. Logs never name an email or address.
 */
public final class Protection {

  /** Compare-and-set rounds before a failure is given up as uncounted (every lost round was another's win). */
  static final int MAX_UPDATE_ATTEMPTS = 16;

  /** At most one outage warning per this interval. */
  static final Duration WARNING_INTERVAL = Duration.ofMinutes(1);

  private static final System.Logger LOG = System.getLogger(Protection.class.getName());

  private final ProtectionStores stores;
  private final ProtectionSettings settings;
  private final LockoutPolicy policy;
  private final Auditor audit;
  private final Clock clock;
  private final RefusalTargets targets;
  private final System.Logger log;
  private final AtomicReference<Instant> nextWarning = new AtomicReference<>(Instant.MIN);
  private final AtomicLong suppressedWarnings = new AtomicLong();

  /** @param targets whom a refused sign-in aimed at, for the audit (an account's id, or an address's pseudonym) */
  public Protection(ProtectionStores stores, ProtectionSettings settings, Auditor audit, Clock clock,
      RefusalTargets targets) {
    this(stores, settings, audit, clock, targets, LOG);
  }

  Protection(ProtectionStores stores, ProtectionSettings settings, Auditor audit, Clock clock,
      RefusalTargets targets, System.Logger log) {
    this.stores = Objects.requireNonNull(stores, "stores");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.audit = Objects.requireNonNull(audit, "audit");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.targets = Objects.requireNonNull(targets, "targets");
    this.log = Objects.requireNonNull(log, "log");
    this.policy = new LockoutPolicy(settings.lockout(), clock);
  }

  /**
   * Before any password is looked at: counts the attempt against {@code login-ip} and {@code login-account}, then
   * refuses it if the account key is locked.
   *
   * @throws TooManyRequestsException {@code rate_limited}, or {@code too_many_attempts} with the remaining lockout
   *     (the same for known and unknown emails)
   * @throws StoreUnavailableException when the stores fail and {@code failOpen} is off
   */
  public void checkLogin(Email email, ClientInfo client) {
    checkAddressAndAccount(RateLimits.LOGIN_IP, RateLimits.LOGIN_ACCOUNT, email, client);
    refuseIfLocked(email, client, "login.failed");
  }

  private void refuseIfLocked(Email email, ClientInfo client, String auditAction) {
    String key = email.normalized();
    Optional<Duration> locked = guarded("lockout check",
        () -> policy.remainingLockout(stores.lockouts().get(key)), Optional.empty());
    if (locked.isPresent()) {
      RefusalTargets.Target target = targets.of(email);
      audit.failure(auditAction, null, target.account(), client, target.with(Map.of("reason", "locked")));
      throw TooManyRequestsException.locked(locked.get());
    }
  }

  /**
   * Before a second-factor code is looked at: counts the attempt against {@code mfa-ip} and {@code mfa-account}, then
   * refuses it if the account key is locked (wrong codes count toward the same lockout as wrong passwords).
   *
   * @throws TooManyRequestsException {@code rate_limited}, or {@code too_many_attempts} with the remaining lockout
   * @throws StoreUnavailableException when the stores fail and {@code failOpen} is off
   */
  public void checkSecondFactor(Email email, ClientInfo client) {
    checkAddressAndAccount(RateLimits.MFA_IP, RateLimits.MFA_ACCOUNT, email, client);
    refuseIfLocked(email, client, "mfa.challenge_failed");
  }

  /**
   * Counts a failed login (wrong or missing secret, unknown email, disabled account: every answer of
   * {@code invalid_credentials}) unless the key is locked, and audits {@code login.locked} when this failure starts
   * a lockout.
   *
   * @param target the account's id, for the audit, or {@code null} when the email has none
   * @throws StoreUnavailableException when the stores fail and {@code failOpen} is off
   */
  public void loginFailed(Email email, UserId target, ClientInfo client) {
    String key = email.normalized();
    Optional<LockoutPolicy.Failure> counted = guarded("lockout update", () -> countFailure(key), Optional.empty());
    counted.filter(LockoutPolicy.Failure::startsLockout).ifPresent(failure ->
        audit.failure("login.locked", null, target, client,
            targets.of(email, Optional.ofNullable(target)).with(Map.of(
                "lockout", Integer.toString(failure.next().lockouts()),
                "locked_for_seconds", Long.toString(failure.lockedFor().toSeconds()),
                "locked_until", failure.next().lockedUntil().toString()))));
  }

  /** Forgets the key's failures and lockouts. Best effort: an outage only leaves the counters to expire. */
  public void loginSucceeded(Email email) {
    forget(email, "after a successful login");
  }

  /**
   * Forgets the key's failures and lockouts after its password was reset through a link mailed to it: whoever
   * guessed before is locked out by the new password itself, and the owner should not wait out a lockout others
   * caused. Best effort, like {@link #loginSucceeded}.
   */
  public void passwordReset(Email email) {
    forget(email, "after a password reset");
  }

  private void forget(Email email, String occasion) {
    try {
      stores.lockouts().reset(email.normalized());
    } catch (StoreUnavailableException e) {
      warn("lockout reset " + occasion + "; the counters will expire instead", e);
    }
  }

  /**
   * Counts one request for {@code key} against the limit {@code limitName} (one of {@link RateLimits#NAMES}).
   *
   * @throws TooManyRequestsException {@code rate_limited} with the limit and when to retry
   * @throws StoreUnavailableException when the stores fail and {@code failOpen} is off
   */
  public void check(String limitName, String key, ClientInfo client) {
    acquire(limitName, key, null, null, client);
  }

  /**
   * Counts one request against a per-address limit, keyed by the client's address (IPv6 by /64); nothing when the
   * transport supplied no address.
   */
  public void checkAddress(String limitName, ClientInfo client) {
    Optional<String> address = ClientAddresses.key(client.ipAddress());
    if (address.isPresent()) {
      acquire(limitName, address.get(), null, null, client);
    }
  }

  /**
   * {@link #checkAddress}, then a per-account limit keyed by the normalized email; a refusal by the latter names the
   * account (or the address's pseudonym) in its audit event ({@link RefusalTargets}).
   */
  public void checkAddressAndAccount(String addressLimit, String accountLimit, Email email, ClientInfo client) {
    checkAddress(addressLimit, client);
    checkAccount(accountLimit, email, client);
  }

  /**
   * Counts one request against a per-account limit keyed by the normalized email; a refusal names the account (or
   * the address's pseudonym) in its audit event ({@link RefusalTargets}).
   */
  public void checkAccount(String limitName, Email email, ClientInfo client) {
    acquire(limitName, email.normalized(), null, null, client, email);
  }

  /**
   * What a refused login's event adds about an address the caller found no account for: its pseudonym, never the
   * address.
   */
  public Map<String, String> unknownAddress(Email email) {
    return targets.of(email, Optional.empty()).details();
  }

  /** Counts one request by {@code actor} against a per-user limit; {@code orgId} is for the audit only. */
  public void checkUser(String limitName, Actor actor, OrgId orgId) {
    acquire(limitName, actor.userId().toString(), actor.userId(), orgId, actor.client());
  }

  private void acquire(String limitName, String key, UserId actor, OrgId orgId, ClientInfo client) {
    acquire(limitName, key, actor, orgId, client, null);
  }

  /** @param account the address a per-account limit is keyed by, named in the audit event; {@code null} for others */
  private void acquire(String limitName, String key, UserId actor, OrgId orgId, ClientInfo client, Email account) {
    RateLimiter.Limit limit = settings.rateLimits().get(limitName);
    RateLimiter.Decision decision = guarded("rate limit " + limitName,
        () -> stores.rateLimiter().acquire(key, limit, clock.instant()), null);
    if (decision == null || decision.allowed()) {
      return;
    }
    RefusalTargets.Target target = account == null ? null : targets.of(account);
    audit.failure("rate_limited", actor, target == null ? null : target.account(), orgId, client,
        target == null ? Map.of("limit", limitName) : target.with(Map.of("limit", limitName)));
    throw TooManyRequestsException.rateLimited(decision.retryAfter(), new TooManyRequestsException.Limit(
        limitName, limit.permits(), limit.period(), decision.remaining(), decision.resetAfter()));
  }

  private Optional<LockoutPolicy.Failure> countFailure(String key) {
    LockoutStore lockouts = stores.lockouts();
    for (int attempt = 0; attempt < MAX_UPDATE_ATTEMPTS; attempt++) {
      Optional<State> current = lockouts.get(key);
      Optional<LockoutPolicy.Failure> failure = policy.afterFailure(current);
      if (failure.isEmpty()) {
        return failure;
      }
      long expected = current.map(State::version).orElse(0L);
      if (lockouts.replace(key, expected, failure.get().next(), failure.get().ttl())) {
        return failure;
      }
    }
    warn("lockout update lost " + MAX_UPDATE_ATTEMPTS + " races in a row; one failure went uncounted", null);
    return Optional.empty();
  }

  private <T> T guarded(String operation, Supplier<T> call, T whenOpen) {
    try {
      return call.get();
    } catch (StoreUnavailableException e) {
      if (!settings.failOpen()) {
        throw e;
      }
      warn(operation + " skipped: the protection stores are unavailable and failOpen is on, so requests go ahead"
          + " without rate limits or lockout", e);
      return whenOpen;
    }
  }

  /** Logs at most once per {@link #WARNING_INTERVAL}; the text never holds a key (email or address). */
  private void warn(String message, RuntimeException cause) {
    Instant now = clock.instant();
    Instant due = nextWarning.get();
    if (now.isBefore(due) || !nextWarning.compareAndSet(due, now.plus(WARNING_INTERVAL))) {
      suppressedWarnings.incrementAndGet();
      return;
    }
    long suppressed = suppressedWarnings.getAndSet(0);
    String text = "Rate limits and lockout: " + message
        + (suppressed > 0 ? " (" + suppressed + " similar warnings suppressed since the last)" : "");
    if (cause == null) {
      log.log(Level.WARNING, text);
    } else {
      log.log(Level.WARNING, text, cause);
    }
  }
}
