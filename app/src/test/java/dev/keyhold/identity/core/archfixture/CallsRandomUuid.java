package dev.keyhold.identity.core.archfixture;

import java.util.UUID;

/** Breaks a rule on purpose: core logic making its own random ids. */
public class CallsRandomUuid {
  UUID id() {
    return UUID.randomUUID();
  }
}
