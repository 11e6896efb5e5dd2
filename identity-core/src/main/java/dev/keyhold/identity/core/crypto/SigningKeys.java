package dev.keyhold.identity.core.crypto;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable key set: one active key that signs new tokens, plus published keys that only verify (the next key,
 * announced before it signs, and retired keys, kept until the last token they signed has expired). Every key in the
 * set appears in the JWKS and verifies tokens.
 *
 * <p>Invariant: key ids are unique within the set.
 */
public final class SigningKeys {

  private final SigningKey active;
  private final List<SigningKey> published;
  private final Map<String, SigningKey> byKid;

  private SigningKeys(SigningKey active, List<SigningKey> published) {
    Map<String, SigningKey> keys = new LinkedHashMap<>();
    keys.put(active.kid(), active);
    for (SigningKey key : published) {
      if (keys.putIfAbsent(key.kid(), key) != null) {
        throw new IllegalArgumentException("two keys in one set have the kid " + key.kid());
      }
    }
    this.active = active;
    this.published = List.copyOf(published);
    this.byKid = Collections.unmodifiableMap(keys);
  }

  /**
   * @param active the key that signs
   * @param published further keys that only verify
   * @throws IllegalArgumentException when two keys share a kid
   */
  public static SigningKeys of(SigningKey active, SigningKey... published) {
    Objects.requireNonNull(active, "active");
    List<SigningKey> others = new ArrayList<>(published.length);
    for (SigningKey key : published) {
      others.add(Objects.requireNonNull(key, "published key"));
    }
    return new SigningKeys(active, others);
  }

  /** A set of one freshly generated key: for tests, development and single-node deployments without a key store. */
  public static SigningKeys generate(SigningAlgorithm algorithm) {
    return of(SigningKey.generate(algorithm));
  }

  /** The key that signs new tokens. */
  public SigningKey active() {
    return active;
  }

  /** The verification-only keys, without the active one. */
  public List<SigningKey> published() {
    return published;
  }

  /** Every key in the set, the active one first. */
  public List<SigningKey> all() {
    return List.copyOf(byKid.values());
  }

  /** The key with this kid, or empty when the set has none (or {@code kid} is null). */
  public Optional<SigningKey> find(String kid) {
    return kid == null ? Optional.empty() : Optional.ofNullable(byKid.get(kid));
  }

  @Override
  public String toString() {
    return "SigningKeys[active=" + active.kid() + ", published=" + published.stream().map(SigningKey::kid).toList()
        + "]";
  }
}
