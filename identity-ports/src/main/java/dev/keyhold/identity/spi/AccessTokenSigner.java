package dev.keyhold.identity.spi;

import dev.keyhold.identity.model.token.AccessTokenClaims;

/** Turns claims into a signed access token (a compact JWS) with the current signing key. Thread-safe. */
public interface AccessTokenSigner {

  /** Signs the claims; the header carries {@code typ: at+jwt}, the algorithm and the key id. */
  String sign(AccessTokenClaims claims);
}
