package dev.keyhold.app;

import dev.keyhold.identity.model.audit.AuditEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Counts the security events the core audits: login outcomes, sign-ins through external providers (per provider),
 * lockouts, refresh-token reuse, rate-limit refusals and two-factor events. Derived from the audit events rather than from hooks in the core, so the counts agree with the
 * audit log by construction, and the core stays free of metrics. Thread-safe.
 */
final class SecurityEventMeters {

  /** What a reason or limit name may look like to become a tag; anything else is counted as {@code other}. */
  private static final Pattern TAG_VALUE = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,47}");

  private static final String MFA_PREFIX = "mfa.";
  private static final String SUCCESS = "success";
  private static final String FAILURE = "failure";

  /**
   * The two-factor actions counted by {@code keyhold.mfa.events}, each its own {@code action} tag, with the outcome
   * each has when nothing went wrong: enrolment, the switch on and off, wrong codes, recovery codes used and replaced,
   * an administrator's reset and its refusal, and a correct password that met two-factor sign-in. Any other
   * {@code mfa.} action counts as {@code other}, and the outcome is {@code success}, {@code failure} or {@code other},
   * so both tags stay bounded.
   */
  static final Map<String, String> MFA_ACTIONS = mfaActions();

  private final MeterRegistry registry;
  private final Counter lockouts;
  private final Counter refreshReuse;
  private final Counter refreshRetries;

  SecurityEventMeters(MeterRegistry registry) {
    this.registry = registry;
    // Registered up front, so that rates and alerts see a zero rather than no series before the first event.
    login("success", "none");
    MFA_ACTIONS.forEach(this::mfa);
    this.lockouts = Counter.builder("keyhold.lockouts")
        .description("Account lockouts started after repeated failed logins")
        .register(registry);
    this.refreshReuse = Counter.builder("keyhold.refresh.reuse.detections")
        .description("Used refresh tokens presented again; each revoked its session")
        .register(registry);
    this.refreshRetries = Counter.builder("keyhold.refresh.retries")
        .description("Refreshes answered as the retry of one whose answer was lost (REFRESH_RETRY_GRACE)")
        .register(registry);
  }

  /** Counts {@code event} if it is one of the counted actions; ignores every other. */
  void record(AuditEvent event) {
    if (MFA_ACTIONS.containsKey(event.action()) || event.action().startsWith(MFA_PREFIX)) {
      String action = MFA_ACTIONS.containsKey(event.action()) ? event.action() : "other";
      String outcome = event.outcome().equals(SUCCESS) || event.outcome().equals(FAILURE) ? event.outcome() : "other";
      mfa(action, outcome).increment();
      return;
    }
    switch (event.action()) {
      case "login.succeeded" -> {
        // a second step after an external provider is that sign-in's, already counted there; not a password login
        if (event.details().get("first_factor") == null) {
          login("success", "none").increment();
        }
      }
      case "oauth.login" -> external(event, SUCCESS, "none").increment();
      case "oauth.login_failed" -> external(event, FAILURE, tagValue(event.details().get("reason"))).increment();
      case "login.failed" -> login("failure", tagValue(event.details().get("reason"))).increment();
      case "login.locked" -> lockouts.increment();
      case "token.reuse_detected" -> refreshReuse.increment();
      case "token.refreshed" -> {
        if ("true".equals(event.details().get("retry"))) {
          refreshRetries.increment();
        }
      }
      case "rate_limited" -> Counter.builder("keyhold.rate.limit.refusals")
          .description("Requests refused by a rate limit, by limit")
          .tag("limit", tagValue(event.details().get("limit")))
          .register(registry)
          .increment();
      default -> {
        // not counted
      }
    }
  }

  private Counter mfa(String action, String outcome) {
    return Counter.builder("keyhold.mfa.events")
        .description("Two-factor sign-in events, by action and outcome")
        .tag("action", action)
        .tag("outcome", outcome)
        .register(registry);
  }

  private static Map<String, String> mfaActions() {
    Map<String, String> actions = new LinkedHashMap<>();
    actions.put("login.mfa_required", SUCCESS);
    actions.put("mfa.enrolment_started", SUCCESS);
    actions.put("mfa.enabled", SUCCESS);
    actions.put("mfa.disabled", SUCCESS);
    actions.put("mfa.challenge_failed", FAILURE);
    actions.put("mfa.recovery_code_used", SUCCESS);
    actions.put("mfa.recovery_codes_replaced", SUCCESS);
    actions.put("mfa.reset_by_admin", SUCCESS);
    actions.put("mfa.reset_refused", FAILURE);
    return Collections.unmodifiableMap(actions);
  }

  /** Sign-ins through an external provider, by provider, outcome and, for failures, reason. */
  private Counter external(AuditEvent event, String outcome, String reason) {
    return Counter.builder("keyhold.oauth.logins")
        .description("Sign-ins through external identity providers, by provider, outcome and, for failures, reason")
        .tag("provider", tagValue(event.details().get("provider")))
        .tag("outcome", outcome)
        .tag("reason", reason)
        .register(registry);
  }

  private Counter login(String outcome, String reason) {
    return Counter.builder("keyhold.logins")
        .description("Password logins, by outcome and, for failures, reason")
        .tag("outcome", outcome)
        .tag("reason", reason)
        .register(registry);
  }

  /** The core's reason codes are fixed words; a value of another shape would mean a bug, and must not add series. */
  static String tagValue(String value) {
    if (value == null) {
      return "unknown";
    }
    return TAG_VALUE.matcher(value).matches() ? value : "other";
  }
}
