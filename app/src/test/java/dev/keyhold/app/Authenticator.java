package dev.keyhold.app;

import static org.awaitility.Awaitility.await;

import dev.keyhold.identity.core.crypto.Totp;
import dev.keyhold.identity.model.mfa.TotpCredential;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * An authenticator app for tests against the real clock: it holds a secret from an enrolment and shows the codes the
 * server will accept. The server takes each code once, and only for a step later than the last one it accepted, within
 * one step of drift either side of now; so the first code is the previous step's (the next two, this step's and the
 * next one's, stay available), and each further code is for the step after the last one given. Only when the next
 * code would lie beyond the drift window does it wait for the clock to get there (at most one step).
 */
final class Authenticator {

  /** Seconds before a step ends within which the previous step is not offered: it may be gone when the server looks. */
  private static final long MARGIN_SECONDS = 5;

  private final String secret;
  private long lastStep = Long.MIN_VALUE;

  Authenticator(String secret) {
    this.secret = secret;
  }

  String secret() {
    return secret;
  }

  /** The next code the server accepts, and that no earlier call gave. */
  String nextCode() {
    Instant now = Instant.now();
    long current = Totp.step(now);
    long step = Math.max(lastStep + 1, current - TotpCredential.DRIFT_STEPS);
    long intoStep = now.getEpochSecond() - current * TotpCredential.PERIOD.toSeconds();
    if (step < current && intoStep >= TotpCredential.PERIOD.toSeconds() - MARGIN_SECONDS) {
      step = current;
    }
    if (step > current + TotpCredential.DRIFT_STEPS) {
      long wanted = step - TotpCredential.DRIFT_STEPS;
      await("the clock reaching step " + wanted).atMost(TotpCredential.PERIOD.plusSeconds(5))
          .pollInterval(Duration.ofMillis(200)).until(() -> Totp.step(Instant.now()) >= wanted);
    }
    lastStep = step;
    return Totp.code(secret, step);
  }

  /** Six digits that are none of the codes of the steps the server might accept now. */
  String wrongCode() {
    long current = Totp.step(Instant.now());
    Set<String> valid = new HashSet<>();
    for (long step = current - 2; step <= current + 2; step++) {
      valid.add(Totp.code(secret, step));
    }
    for (int candidate = 0; ; candidate += 111_111) {
      String code = String.format("%06d", candidate % 1_000_000);
      if (!valid.contains(code)) {
        return code;
      }
    }
  }
}
