package dev.keyhold.identity.usecase;

import java.util.Map;

/** The public signing keys, for resource servers that verify access tokens themselves. */
public interface PublishKeys {

  /** The JWK Set document ({@code {"keys": [...]}}) with public parameters only. */
  Map<String, Object> jwks();
}
