package dev.keyhold.identity.model.token;

import java.time.Duration;

/** What a one-time token proves, with its default lifetime. */
public enum OneTimeTokenPurpose {
  /** The holder controls the user's email address. */
  VERIFY_EMAIL(Duration.ofHours(24)),
  /** The holder may set a new password (issued by password reset). */
  RESET_PASSWORD(Duration.ofMinutes(30));

  private final Duration defaultLifetime;

  OneTimeTokenPurpose(Duration defaultLifetime) {
    this.defaultLifetime = defaultLifetime;
  }

  public Duration defaultLifetime() {
    return defaultLifetime;
  }
}
