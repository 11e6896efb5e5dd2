package dev.keyhold.identity.core.internal.mfa;

import dev.keyhold.identity.core.crypto.TokenDigests;
import dev.keyhold.identity.model.mfa.MfaChallenge;
import dev.keyhold.identity.model.mfa.RecoveryCodes;
import dev.keyhold.identity.model.token.AuthMethods;
import dev.keyhold.identity.model.token.TokenHash;
import dev.keyhold.identity.model.user.UserId;
import dev.keyhold.identity.spi.RecoveryCodeRepository;
import dev.keyhold.identity.spi.SecondFactor;
import dev.keyhold.identity.spi.SecretGenerator;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Single-use recovery codes: {@value RecoveryCodes#COUNT} per set, {@value RecoveryCodes#LENGTH} base32 characters
 * (125 random bits) each, stored only as SHA-256. Offered while any code of the set is unused.
 */
public final class RecoveryCodeFactor implements SecondFactor {

  private static final String BASE32 = "abcdefghijklmnopqrstuvwxyz234567";
  private static final int GROUP = 5;

  private final RecoveryCodeRepository codes;
  private final SecretGenerator secrets;
  private final Clock clock;

  public RecoveryCodeFactor(RecoveryCodeRepository codes, SecretGenerator secrets, Clock clock) {
    this.codes = codes;
    this.secrets = secrets;
    this.clock = clock;
  }

  @Override
  public String method() {
    return MfaChallenge.RECOVERY_CODE;
  }

  @Override
  public String authMethod() {
    return AuthMethods.MFA;
  }

  @Override
  public boolean enabledFor(UserId userId) {
    return codes.remaining(userId) > 0;
  }

  @Override
  public boolean verify(UserId userId, String code) {
    String normalized = RecoveryCodes.normalize(code);
    return !normalized.isEmpty() && codes.use(userId, TokenDigests.sha256(normalized), clock.instant());
  }

  /** How many of the user's codes are unused. */
  int remaining(UserId userId) {
    return codes.remaining(userId);
  }

  /** Replaces the user's codes with a new set, and returns it formatted for display (groups of five). */
  List<String> newSet(UserId userId) {
    List<String> shown = new ArrayList<>(RecoveryCodes.COUNT);
    List<TokenHash> hashes = new ArrayList<>(RecoveryCodes.COUNT);
    for (int i = 0; i < RecoveryCodes.COUNT; i++) {
      String code = newCode();
      hashes.add(TokenDigests.sha256(code));
      shown.add(grouped(code));
    }
    codes.replace(userId, hashes, clock.instant());
    return shown;
  }

  void deleteAll(UserId userId) {
    codes.deleteAll(userId);
  }

  /** {@value RecoveryCodes#LENGTH} base32 characters, five bits each from the port's random bytes. */
  private String newCode() {
    byte[] random = Base64.getUrlDecoder().decode(secrets.newSecret());
    StringBuilder code = new StringBuilder(RecoveryCodes.LENGTH);
    long buffer = 0;
    int bits = 0;
    int next = 0;
    while (code.length() < RecoveryCodes.LENGTH) {
      if (bits < 5) {
        buffer = (buffer << 8) | (random[next++] & 0xff);
        bits += 8;
      }
      code.append(BASE32.charAt((int) (buffer >>> (bits - 5)) & 31));
      bits -= 5;
    }
    return code.toString();
  }

  private static String grouped(String code) {
    StringBuilder shown = new StringBuilder();
    for (int i = 0; i < code.length(); i += GROUP) {
      if (i > 0) {
        shown.append('-');
      }
      shown.append(code, i, Math.min(code.length(), i + GROUP));
    }
    return shown.toString().toLowerCase(Locale.ROOT);
  }
}
