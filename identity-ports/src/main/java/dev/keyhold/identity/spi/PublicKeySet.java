package dev.keyhold.identity.spi;

import java.util.Map;

/** The public keys that verify access tokens, as a JWK Set (RFC 7517) for {@code /.well-known/jwks.json}. */
public interface PublicKeySet {

  /**
   * The JWK Set as JSON-ready maps: {@code {"keys": [...]}}, each key with {@code kid}, {@code alg} and
   * {@code use: sig}, and never a private parameter.
   */
  Map<String, Object> toJwks();
}
