package dev.keyhold.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.JWK;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The issuer's public keys, fetched from its JWK Set and cached for as long as its {@code Cache-Control: max-age}
 * says, within bounds. A key id not in the cache causes at most one fetch per {@code refetchInterval} (a stream of
 * forged {@code kid}s cannot turn the verifier into a flood against the issuer). When the cache expires and the
 * issuer cannot be reached, the cached keys go on being used, and the next try waits for the interval too.
 *
 * <p>Thread-safe: lookups of cached keys take no lock; fetches are one at a time.
 */
final class KeySource {

  /** The lifetime of keys whose answer carried no {@code max-age}, before the bounds. */
  static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(5);

  private static final Pattern MAX_AGE = Pattern.compile("(?:^|[,\\s])max-age\\s*=\\s*\"?(\\d+)\"?");

  /** Where the JWK Set is: given, or read once from a discovery document. */
  interface Location {
    URI jwksUri();
  }

  private record Keys(Map<String, VerificationKey> byKid, Instant expiresAt) {}

  private final Location location;
  private final HttpClient http;
  private final Duration timeout;
  private final Clock clock;
  private final Duration minLifetime;
  private final Duration maxLifetime;
  private final Duration refetchInterval;
  private final Set<String> algorithms;
  private final ReentrantLock fetching = new ReentrantLock();
  private volatile Keys keys;
  private Instant lastFetch; // guarded by fetching
  private int fetches; // guarded by fetching

  KeySource(Location location, HttpClient http, Duration timeout, Clock clock, Duration minLifetime,
      Duration maxLifetime, Duration refetchInterval, Set<String> algorithms) {
    this.location = Objects.requireNonNull(location, "location");
    this.http = Objects.requireNonNull(http, "http");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.minLifetime = minLifetime;
    this.maxLifetime = maxLifetime;
    this.refetchInterval = refetchInterval;
    this.algorithms = Set.copyOf(algorithms);
  }

  /**
   * The key named {@code kid}, or {@code null} when the issuer does not publish it (as of the last fetch allowed).
   *
   * @throws KeySourceUnavailableException when no key was ever fetched and the issuer cannot be read now
   */
  VerificationKey find(String kid) {
    Keys current = keys;
    if (current == null) {
      fetching.lock();
    } else if (clock.instant().isBefore(current.expiresAt())) {
      VerificationKey key = current.byKid().get(kid);
      if (key != null) {
        return key;
      }
      fetching.lock(); // an unknown kid waits for a fetch under way: it may bring the key
    } else if (!fetching.tryLock()) {
      return current.byKid().get(kid); // expired, and another thread is fetching: the stale keys serve meanwhile
    }
    try {
      current = keys;
      Instant now = clock.instant();
      boolean expired = current == null || !now.isBefore(current.expiresAt());
      VerificationKey key = current == null ? null : current.byKid().get(kid);
      if (key != null && !expired) {
        return key; // another thread's fetch brought it
      }
      if (lastFetch != null && now.isBefore(lastFetch.plus(refetchInterval))) {
        if (current == null) {
          throw new KeySourceUnavailableException("the issuer's keys could not be fetched; next try after "
              + lastFetch.plus(refetchInterval), null);
        }
        return key; // rate-limited: the cached answer stands
      }
      lastFetch = now;
      fetches++;
      try {
        keys = fetch(now);
      } catch (KeySourceUnavailableException e) {
        if (current == null) {
          throw e;
        }
        keys = new Keys(current.byKid(), now.plus(refetchInterval)); // keep serving the last good keys
      }
      return keys.byKid().get(kid);
    } finally {
      fetching.unlock();
    }
  }

  /** How many fetches were started; for tests. */
  int fetches() {
    fetching.lock();
    try {
      return fetches;
    } finally {
      fetching.unlock();
    }
  }

  private Keys fetch(Instant now) {
    URI uri = location.jwksUri();
    HttpResponse<byte[]> response = get(http, uri, timeout);
    Map<String, VerificationKey> byKid = new HashMap<>();
    try {
      JsonNode set = Transport.JSON.readTree(response.body());
      JsonNode list = set == null ? null : set.get("keys");
      if (list == null || !list.isArray()) {
        throw new KeySourceUnavailableException("the JWK Set at " + uri + " has no keys array", null);
      }
      for (JsonNode node : list) {
        try {
          VerificationKey.of(JWK.parse(node.toString()), algorithms).ifPresent(key -> byKid.put(key.kid(), key));
        } catch (ParseException e) {
          // a key we cannot read (another type, a future field) verifies nothing; the others still count
        }
      }
    } catch (IOException e) {
      throw new KeySourceUnavailableException("the JWK Set at " + uri + " is not JSON", e);
    }
    Duration lifetime = maxAge(response.headers().firstValue("Cache-Control").orElse(null));
    return new Keys(Map.copyOf(byKid), now.plus(lifetime));
  }

  /** {@code max-age} of a {@code Cache-Control} value within the bounds; {@code no-store}/{@code no-cache}: the least. */
  Duration maxAge(String cacheControl) {
    Duration lifetime = DEFAULT_LIFETIME;
    if (cacheControl != null) {
      String value = cacheControl.toLowerCase(Locale.ROOT);
      Matcher matcher = MAX_AGE.matcher(value);
      if (value.contains("no-store") || value.contains("no-cache")) {
        lifetime = Duration.ZERO;
      } else if (matcher.find()) {
        String digits = matcher.group(1);
        lifetime = digits.length() > 9 ? maxLifetime : Duration.ofSeconds(Long.parseLong(digits));
      }
    }
    if (lifetime.compareTo(minLifetime) < 0) {
      return minLifetime;
    }
    return lifetime.compareTo(maxLifetime) > 0 ? maxLifetime : lifetime;
  }

  /** A 200 answer of {@code uri}, or {@link KeySourceUnavailableException}. */
  static HttpResponse<byte[]> get(HttpClient http, URI uri, Duration timeout) {
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json").GET()
        .build();
    HttpResponse<byte[]> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new KeySourceUnavailableException("could not fetch " + uri, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KeySourceUnavailableException("interrupted while fetching " + uri, e);
    }
    if (response.statusCode() != 200) {
      throw new KeySourceUnavailableException(uri + " answered " + response.statusCode(), null);
    }
    return response;
  }
}
