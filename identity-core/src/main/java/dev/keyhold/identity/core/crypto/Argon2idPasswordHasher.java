package dev.keyhold.identity.core.crypto;

import de.mkammerer.argon2.Argon2;
import de.mkammerer.argon2.Argon2Factory;
import de.mkammerer.argon2.Argon2Factory.Argon2Types;
import dev.keyhold.identity.model.user.PasswordHash;
import dev.keyhold.identity.spi.PasswordHasher;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * The default {@link PasswordHasher}: Argon2id (RFC 9106) via the native reference implementation, with a 16-byte
 * random salt and a 32-byte hash, encoded as a PHC string {@code $argon2id$v=19$m=..,t=..,p=..$salt$hash}.
 *
 * <p>The whole password is hashed as UTF-8, never truncated. Thread-safe.
 */
public final class Argon2idPasswordHasher implements PasswordHasher {

  /** What argon2-jvm writes: a 16-byte salt and a 32-byte hash. */
  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;

  private final Argon2 argon2 = Argon2Factory.create(Argon2Types.ARGON2id);
  private final SecureRandom random = new SecureRandom();
  private final Argon2Parameters parameters;

  private Argon2idPasswordHasher(Argon2Parameters parameters) {
    this.parameters = Objects.requireNonNull(parameters, "parameters");
  }

  /** A hasher with {@link Argon2Parameters#owaspDefault()}. */
  public static Argon2idPasswordHasher owaspDefault() {
    return new Argon2idPasswordHasher(Argon2Parameters.owaspDefault());
  }

  /** A hasher that hashes with {@code parameters} and reports hashes made with any other as needing a rehash. */
  public static Argon2idPasswordHasher withParameters(Argon2Parameters parameters) {
    return new Argon2idPasswordHasher(parameters);
  }

  /** The parameters new hashes are made with. */
  public Argon2Parameters parameters() {
    return parameters;
  }

  @Override
  public PasswordHash hash(String password) {
    Objects.requireNonNull(password, "password");
    char[] chars = password.toCharArray();
    try {
      return new PasswordHash(argon2.hash(
          parameters.iterations(), parameters.memoryKiB(), parameters.parallelism(), chars, StandardCharsets.UTF_8));
    } finally {
      argon2.wipeArray(chars);
    }
  }

  /** {@inheritDoc} Hashes that are not well-formed Argon2id PHC strings give false without running Argon2. */
  @Override
  public boolean verify(PasswordHash hash, String password) {
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(password, "password");
    Optional<EncodedArgon2Hash> parsed = EncodedArgon2Hash.parse(hash.encoded());
    if (parsed.isEmpty() || !EncodedArgon2Hash.ARGON2ID.equals(parsed.get().variant())) {
      return false;
    }
    char[] chars = password.toCharArray();
    try {
      return argon2.verify(hash.encoded(), chars, StandardCharsets.UTF_8);
    } catch (RuntimeException unreadable) { // the native library rejected the encoding
      return false;
    } finally {
      argon2.wipeArray(chars);
    }
  }

  /**
   * {@inheritDoc} Written without hashing: the current parameters with a random salt and 32 random bytes where the
   * hash goes. Verifying runs Argon2id over the password with these parameters in full, as for any stored hash, then
   * finds that the result differs (as it does for every password but with probability 2<sup>-256</sup>).
   */
  @Override
  public PasswordHash unmatchable() {
    byte[] salt = new byte[SALT_BYTES];
    byte[] hash = new byte[HASH_BYTES];
    random.nextBytes(salt);
    random.nextBytes(hash);
    Base64.Encoder base64 = Base64.getEncoder().withoutPadding();
    return new PasswordHash("$" + EncodedArgon2Hash.ARGON2ID + "$v=" + EncodedArgon2Hash.CURRENT_VERSION
        + "$m=" + parameters.memoryKiB() + ",t=" + parameters.iterations() + ",p=" + parameters.parallelism()
        + "$" + base64.encodeToString(salt) + "$" + base64.encodeToString(hash));
  }

  /** {@inheritDoc} Also true for a hash this hasher cannot read, so that the next login replaces it. */
  @Override
  public boolean needsRehash(PasswordHash hash) {
    Objects.requireNonNull(hash, "hash");
    return EncodedArgon2Hash.parse(hash.encoded()).map(h -> !h.matches(parameters)).orElse(true);
  }

  @Override
  public String toString() {
    return "Argon2idPasswordHasher[" + parameters + "]";
  }
}
