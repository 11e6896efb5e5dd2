package dev.keyhold.identity.core.crypto;

import com.eatthepath.otp.HmacOneTimePasswordGenerator;
import dev.keyhold.identity.model.mfa.TotpCredential;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.OptionalLong;
import javax.crypto.spec.SecretKeySpec;
import org.apache.commons.codec.binary.Base32;

/**
 * Time-based one-time passwords as RFC 6238 and every authenticator app define them: HMAC-SHA-1, {@value
 * TotpCredential#DIGITS} digits, {@link TotpCredential#PERIOD 30-second} steps counted from the Unix epoch. Secrets
 * travel as base32 (RFC 4648, upper case, no padding), the form apps read from an {@code otpauth://} URI. The HOTP
 * computation is java-otp's; this class adds the steps, the drift window and a constant-time comparison.
 */
public final class Totp {

  private static final String ALGORITHM = "HmacSHA1";
  private static final Base32 BASE32 = new Base32();

  private Totp() {}

  /**
   * A new secret of {@value TotpCredential#SECRET_BYTES} bytes in base32, taken from {@code randomSecret} (a value of
   * {@code SecretGenerator.newSecret()}: 256 random bits in URL-safe base64), so randomness stays the port's.
   */
  public static String newSecret(String randomSecret) {
    byte[] random = Base64.getUrlDecoder().decode(randomSecret);
    if (random.length < TotpCredential.SECRET_BYTES) {
      throw new IllegalArgumentException("not enough random bytes");
    }
    byte[] secret = new byte[TotpCredential.SECRET_BYTES];
    System.arraycopy(random, 0, secret, 0, secret.length);
    return base32(secret);
  }

  /** The time step {@code at} falls in. */
  public static long step(Instant at) {
    return Math.floorDiv(at.getEpochSecond(), TotpCredential.PERIOD.getSeconds());
  }

  /** The code of {@code step} for the base32 {@code secret}. */
  public static String code(String secret, long step) {
    try {
      return new HmacOneTimePasswordGenerator(TotpCredential.DIGITS).generateOneTimePasswordString(key(secret), step,
          Locale.ROOT);
    } catch (InvalidKeyException e) {
      throw new IllegalStateException("an HMAC-SHA-1 key was refused", e);
    }
  }

  /** The code an authenticator app shows at {@code at}, for tests and tools. */
  public static String codeAt(String secret, Instant at) {
    return code(secret, step(at));
  }

  /**
   * The step, within {@link TotpCredential#DRIFT_STEPS} either side of {@code now}'s, whose code is {@code code}; empty
   * when none is (or {@code code} is not six digits). Every step of the window is computed and compared in constant
   * time, so the answer's timing does not tell which step matched.
   */
  public static OptionalLong matchingStep(String secret, String code, Instant now) {
    if (code == null || code.length() != TotpCredential.DIGITS || !code.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return OptionalLong.empty();
    }
    byte[] given = code.getBytes(StandardCharsets.US_ASCII);
    long current = step(now);
    long found = Long.MIN_VALUE;
    for (long step = current - TotpCredential.DRIFT_STEPS; step <= current + TotpCredential.DRIFT_STEPS; step++) {
      boolean matches = MessageDigest.isEqual(code(secret, step).getBytes(StandardCharsets.US_ASCII), given);
      if (matches && found == Long.MIN_VALUE) {
        found = step;
      }
    }
    return found == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(found);
  }

  static String base32(byte[] bytes) {
    return BASE32.encodeAsString(bytes).replace("=", "");
  }

  private static Key key(String secret) {
    byte[] bytes = BASE32.decode(secret.toUpperCase(Locale.ROOT));
    if (bytes.length == 0) {
      throw new IllegalArgumentException("the secret is not base32");
    }
    return new SecretKeySpec(bytes, ALGORITHM);
  }
}
