package dev.keyhold.identity.core.protection;

import dev.keyhold.identity.spi.RateLimiter.Limit;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The named request limits, one per operation and key kind. Every name in {@link #NAMES} has a limit; no other name
 * is accepted, so a misspelt override fails at start-up instead of being ignored.
 *
 * <p>Per-IP limits key on the client address (IPv6 by its /64 prefix, which one subscriber normally holds whole)
 * and are skipped when the transport supplies no address; per-account limits key on the normalized email, whether
 * or not an account exists; per-user limits key on the acting user's id. Limits are bursts: all {@code permits} may
 * be used at once, and they come back one every {@code period / permits} (GCRA).
 *
 * <p>Two-factor limits will join under names such as {@code mfa-account}.
 *
 * @param limits the limit of every name in {@link #NAMES}, keyed by {@link Limit#name()}
 */
public record RateLimits(Map<String, Limit> limits) {

  /** Password logins (POST /login and the token endpoint's password grant) per client address. */
  public static final String LOGIN_IP = "login-ip";
  /** Password logins per account key (normalized email). */
  public static final String LOGIN_ACCOUNT = "login-account";
  /** Registrations per client address. */
  public static final String REGISTER_IP = "register-ip";
  /**
   * Registrations per address registered, counted once the password is acceptable (each repeat mails the owner of a
   * taken address).
   */
  public static final String REGISTER_ACCOUNT = "register-account";
  /** Verification-link resends per client address. */
  public static final String RESEND_IP = "resend-ip";
  /** Verification-link resends per address (each sends a mail). */
  public static final String RESEND_ACCOUNT = "resend-account";
  /** Password-reset requests per client address. */
  public static final String RESET_IP = "reset-ip";
  /** Password-reset requests per address asked for (each may send a mail), whether or not it has an account. */
  public static final String RESET_ACCOUNT = "reset-account";
  /** Invitations sent per inviting user, across organizations. */
  public static final String INVITE_USER = "invite-user";
  /** Second-factor codes per client address (the second step of a login). */
  public static final String MFA_IP = "mfa-ip";
  /** Second-factor codes per account. */
  public static final String MFA_ACCOUNT = "mfa-account";

  /** Every limit name. */
  public static final Set<String> NAMES = Set.of(LOGIN_IP, LOGIN_ACCOUNT, REGISTER_IP, REGISTER_ACCOUNT, RESEND_IP,
      RESEND_ACCOUNT, RESET_IP, RESET_ACCOUNT, INVITE_USER, MFA_IP, MFA_ACCOUNT);

  public RateLimits {
    Objects.requireNonNull(limits, "limits");
    limits = Map.copyOf(limits);
    for (Map.Entry<String, Limit> entry : limits.entrySet()) {
      requireKnown(entry.getKey());
      if (!entry.getKey().equals(entry.getValue().name())) {
        throw new IllegalArgumentException("the limit under " + entry.getKey() + " is named "
            + entry.getValue().name());
      }
    }
    for (String name : NAMES) {
      if (!limits.containsKey(name)) {
        throw new IllegalArgumentException("no limit for " + name);
      }
    }
  }

  /**
   * The defaults, each well above what one person does and low enough to make automation slow:
   * <ul>
   *   <li>{@code login-ip} 20 per minute: a household or small office signing in together, not a password spray
   *       from one address (raise it for large NATs);
   *   <li>{@code login-account} 10 per minute: twice the lockout threshold, so lockout answers wrong passwords and
   *       this limit only bounds hash checks and session starts on one account;
   *   <li>{@code register-ip} 10 per hour and {@code register-account} 3 per hour: sign-ups are rare, and each
   *       repeat for a taken address mails its owner;
   *   <li>{@code resend-ip} 5 per hour and {@code resend-account} 3 per hour: every resend is a mail;
   *   <li>{@code reset-ip} 5 per hour and {@code reset-account} 3 per hour: every reset request may be a mail, and
   *       each one supersedes the last link, so more would only let a stranger flood an inbox or spoil the link the
   *       owner is about to open;
   *   <li>{@code invite-user} 50 per hour: an administrator inviting a team, not a spam run through our mailer;
   *   <li>{@code mfa-ip} 20 per minute and {@code mfa-account} 10 per minute: like logins; a code has a million
   *       values, so lockout (which wrong codes count toward) and the challenge's five tries do the real bounding.
   * </ul>
   */
  public static RateLimits defaults() {
    Map<String, Limit> limits = new LinkedHashMap<>();
    put(limits, LOGIN_IP, 20, Duration.ofMinutes(1));
    put(limits, LOGIN_ACCOUNT, 10, Duration.ofMinutes(1));
    put(limits, REGISTER_IP, 10, Duration.ofHours(1));
    put(limits, REGISTER_ACCOUNT, 3, Duration.ofHours(1));
    put(limits, RESEND_IP, 5, Duration.ofHours(1));
    put(limits, RESEND_ACCOUNT, 3, Duration.ofHours(1));
    put(limits, RESET_IP, 5, Duration.ofHours(1));
    put(limits, RESET_ACCOUNT, 3, Duration.ofHours(1));
    put(limits, INVITE_USER, 50, Duration.ofHours(1));
    put(limits, MFA_IP, 20, Duration.ofMinutes(1));
    put(limits, MFA_ACCOUNT, 10, Duration.ofMinutes(1));
    return new RateLimits(limits);
  }

  /** The limit called {@code name}. */
  public Limit get(String name) {
    requireKnown(name);
    return limits.get(name);
  }

  /** These limits with {@code limit} replacing the one of the same name. */
  public RateLimits with(Limit limit) {
    Objects.requireNonNull(limit, "limit");
    requireKnown(limit.name());
    Map<String, Limit> next = new LinkedHashMap<>(limits);
    next.put(limit.name(), limit);
    return new RateLimits(next);
  }

  /** These limits with {@code name} allowing {@code permits} requests per {@code period}. */
  public RateLimits with(String name, int permits, Duration period) {
    return with(new Limit(name, permits, period));
  }

  private static void put(Map<String, Limit> limits, String name, int permits, Duration period) {
    limits.put(name, new Limit(name, permits, period));
  }

  private static void requireKnown(String name) {
    if (!NAMES.contains(name)) {
      throw new IllegalArgumentException("unknown rate limit " + name + "; the limits are "
          + new TreeSet<>(NAMES));
    }
  }
}
