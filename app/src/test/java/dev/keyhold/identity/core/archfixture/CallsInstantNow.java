package dev.keyhold.identity.core.archfixture;

import java.time.Instant;

/** Breaks a rule on purpose: core logic reading the system clock. */
public class CallsInstantNow {
  Instant now() {
    return Instant.now();
  }
}
