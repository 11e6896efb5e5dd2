package dev.keyhold.identity.core.internal.external;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the server keeps between the start of a sign-in and its callback, in the ephemeral store under the SHA-256 of
 * its {@code state}: the provider it was started for, the redirect URI the code is bound to, the {@code nonce} the ID
 * token must carry and the PKCE verifier. Stored as {@code provider expiresAtMillis nonce verifier redirectUri}; none
 * of the parts holds a space (names and secrets are of fixed alphabets, and a URI has none).
 */
record PendingLogin(String provider, Instant expiresAt, String nonce, String verifier, URI redirectUri) {

  private static final Pattern WORD = Pattern.compile("[A-Za-z0-9._~-]+");

  PendingLogin {
    for (String part : new String[] {provider, nonce, verifier}) {
      if (part == null || !WORD.matcher(part).matches()) {
        throw new IllegalArgumentException("a pending sign-in's provider, nonce and verifier are words");
      }
    }
  }

  String encode() {
    return provider + " " + expiresAt.toEpochMilli() + " " + nonce + " " + verifier + " " + redirectUri;
  }

  /** The pending sign-in {@code value} encodes; empty for anything else. */
  static Optional<PendingLogin> decode(String value) {
    String[] parts = value.split(" ", -1);
    if (parts.length != 5) {
      return Optional.empty();
    }
    try {
      return Optional.of(new PendingLogin(parts[0], Instant.ofEpochMilli(Long.parseLong(parts[1])), parts[2],
          parts[3], new URI(parts[4])));
    } catch (IllegalArgumentException | URISyntaxException e) {
      return Optional.empty();
    }
  }

  @Override
  public String toString() {
    return "PendingLogin[provider=" + provider + ", expiresAt=" + expiresAt + ", nonce=***, verifier=***, "
        + "redirectUri=" + redirectUri + "]";
  }
}
