package dev.keyhold.identity.core.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Proof Key for Code Exchange (RFC 7636) with the {@code S256} method: the relying party keeps a random verifier and
 * sends only its challenge with the authorization request; the token request must bring the verifier back, so a code
 * intercepted on its way to the redirect URI is useless without it.
 */
public final class Pkce {

  /** RFC 7636 section 4.1: 43 to 128 unreserved characters. */
  private static final Pattern VERIFIER = Pattern.compile("[A-Za-z0-9._~-]{43,128}");

  private Pkce() {}

  /**
   * The {@code S256} challenge of {@code verifier}: {@code BASE64URL(SHA-256(ASCII(verifier)))}, without padding.
   *
   * @throws IllegalArgumentException when {@code verifier} is not 43 to 128 unreserved characters (RFC 7636 4.1);
   *     {@link dev.keyhold.identity.spi.SecretGenerator#newSecret()} makes valid ones
   */
  public static String challengeS256(String verifier) {
    Objects.requireNonNull(verifier, "verifier");
    if (!VERIFIER.matcher(verifier).matches()) {
      throw new IllegalArgumentException("a PKCE verifier is 43 to 128 characters of A-Z a-z 0-9 - . _ ~");
    }
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString(sha256().digest(verifier.getBytes(StandardCharsets.US_ASCII)));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform must support SHA-256", e);
    }
  }
}
