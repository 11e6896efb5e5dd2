package dev.keyhold.identity.core.crypto;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The readable header of an Argon2 PHC string {@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}: its variant, version
 * and cost. Salt and hash are checked for shape only.
 */
record EncodedArgon2Hash(String variant, int version, Argon2Parameters parameters) {

  static final String ARGON2ID = "argon2id";

  /** The Argon2 version argon2-jvm writes (0x13). */
  static final int CURRENT_VERSION = 19;

  private static final Pattern PHC = Pattern.compile(
      "\\$(argon2(?:id|i|d))\\$v=(\\d{1,3})\\$m=(\\d{1,10}),t=(\\d{1,10}),p=(\\d{1,3})"
          + "\\$[A-Za-z0-9+/]{11,}\\$[A-Za-z0-9+/]{11,}");

  /** Parses a PHC string; empty when it is not a well-formed Argon2 hash with sane parameters. */
  static Optional<EncodedArgon2Hash> parse(String encoded) {
    Matcher m = PHC.matcher(encoded);
    if (!m.matches()) {
      return Optional.empty();
    }
    try {
      Argon2Parameters parameters = new Argon2Parameters(
          Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)));
      return Optional.of(new EncodedArgon2Hash(m.group(1), Integer.parseInt(m.group(2)), parameters));
    } catch (IllegalArgumentException outOfRange) { // includes NumberFormatException on overflow
      return Optional.empty();
    }
  }

  /** Whether a hasher using {@code current} would produce a hash of this exact kind. */
  boolean matches(Argon2Parameters current) {
    return ARGON2ID.equals(variant) && version == CURRENT_VERSION && parameters.equals(current);
  }
}
