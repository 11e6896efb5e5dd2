package dev.keyhold.identity.model.token;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The SHA-256 of a secret token, as 64 lower-case hex digits. Stores keep only this, never the token itself, so a
 * leaked table grants nothing.
 */
public record TokenHash(String hex) {

  /**
   * The longest token presented in a link (email verification, password reset, invitation) that is hashed at all:
   * longer input is refused as malformed before any work. Keyhold's own tokens are far shorter.
   */
  public static final int MAX_LINK_TOKEN_LENGTH = 512;

  private static final Pattern HEX_256 = Pattern.compile("[0-9a-f]{64}");

  public TokenHash {
    Objects.requireNonNull(hex, "hex");
    if (!HEX_256.matcher(hex).matches()) {
      throw new IllegalArgumentException("a token hash is 64 lower-case hex digits");
    }
  }
}
