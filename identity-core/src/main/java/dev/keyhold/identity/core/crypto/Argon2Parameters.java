package dev.keyhold.identity.core.crypto;

/**
 * The cost of an Argon2id hash.
 *
 * <p>Invariants: {@code iterations >= 1}; {@code 1 <= parallelism <= 255}; {@code 8 * parallelism <= memoryKiB <=
 * 4 GiB} (Argon2's own lower bound, and an upper bound that catches a size given in bytes instead of KiB).
 *
 * @param memoryKiB memory per hash, in KiB ({@code m})
 * @param iterations passes over the memory ({@code t})
 * @param parallelism lanes ({@code p})
 */
public record Argon2Parameters(int memoryKiB, int iterations, int parallelism) {

  /** 4 GiB, in KiB. */
  static final int MAX_MEMORY_KIB = 4 * 1024 * 1024;

  static final int MAX_PARALLELISM = 255;

  public Argon2Parameters {
    if (iterations < 1) {
      throw new IllegalArgumentException("Argon2 needs at least 1 iteration, got " + iterations);
    }
    if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
      throw new IllegalArgumentException("Argon2 parallelism must be 1 to " + MAX_PARALLELISM + ", got " + parallelism);
    }
    if (memoryKiB < 8 * parallelism) {
      throw new IllegalArgumentException(
          "Argon2 needs at least 8 KiB of memory per lane, got " + memoryKiB + " KiB for " + parallelism + " lanes");
    }
    if (memoryKiB > MAX_MEMORY_KIB) {
      throw new IllegalArgumentException("Argon2 memory is given in KiB and is at most 4 GiB, got " + memoryKiB);
    }
  }

  /** OWASP's recommended minimum for Argon2id: m=19456 KiB (19 MiB), t=2, p=1. */
  public static Argon2Parameters owaspDefault() {
    return new Argon2Parameters(19_456, 2, 1);
  }
}
