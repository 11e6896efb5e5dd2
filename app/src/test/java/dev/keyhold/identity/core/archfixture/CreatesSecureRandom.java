package dev.keyhold.identity.core.archfixture;

import java.security.SecureRandom;

/** Breaks a rule on purpose: core logic making its own randomness. */
public class CreatesSecureRandom {
  SecureRandom random = new SecureRandom();
}
