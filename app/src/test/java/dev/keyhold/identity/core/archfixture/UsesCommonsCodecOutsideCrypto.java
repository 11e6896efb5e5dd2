package dev.keyhold.identity.core.archfixture;

import org.apache.commons.codec.binary.Base32;

/** Breaks a rule on purpose: an encoding library outside the crypto package. */
public class UsesCommonsCodecOutsideCrypto {
  Base32 base32;
}
