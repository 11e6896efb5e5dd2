package dev.keyhold.adapter.oauth;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.URLBasedJWKSetSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import java.io.IOException;
import java.net.URL;

/**
 * Fetches a provider's JWK set over HTTP, below Nimbus's cache and rate limiter, and remembers whether the last fetch
 * worked: when the rate limiter refuses a refetch, that tells "the keys are known and the token's key is not among
 * them" (a refusal) from "the keys could not be fetched" (the provider is unavailable).
 */
final class KeySetSource implements JWKSetSource<SecurityContext> {

  /** Larger than any provider's key set we know (Entra's is about 10 KB), small enough to bound a hostile answer. */
  private static final int SIZE_LIMIT_BYTES = 256 * 1024;

  private final URLBasedJWKSetSource<SecurityContext> delegate;
  private volatile boolean lastFetchFailed;

  KeySetSource(URL jwksUrl, int connectTimeoutMillis, int readTimeoutMillis) {
    this.delegate = new URLBasedJWKSetSource<>(jwksUrl,
        new DefaultResourceRetriever(connectTimeoutMillis, readTimeoutMillis, SIZE_LIMIT_BYTES));
  }

  @Override
  public JWKSet getJWKSet(JWKSetCacheRefreshEvaluator refreshEvaluator, long currentTime, SecurityContext context)
      throws KeySourceException {
    try {
      JWKSet keys = delegate.getJWKSet(refreshEvaluator, currentTime, context);
      lastFetchFailed = false;
      return keys;
    } catch (KeySourceException | RuntimeException e) {
      lastFetchFailed = true;
      throw e;
    }
  }

  boolean lastFetchFailed() {
    return lastFetchFailed;
  }

  @Override
  public void close() throws IOException {
    delegate.close();
  }
}
