package com.example.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** What a receiver of Keyhold's webhooks runs on each request, with the JDK alone (docs/extending.md shows it). */
public final class WebhookVerifier {

  private static final Duration TOLERANCE = Duration.ofMinutes(5);

  private final byte[] key;

  /** {@code secret} is the {@code WEBHOOK_SECRET} Keyhold signs with: {@code whsec_} and base64. */
  public WebhookVerifier(String secret) {
    this.key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
  }

  /**
   * Whether a request is Keyhold's and fresh: the headers {@code webhook-id}, {@code webhook-timestamp} and
   * {@code webhook-signature}, and the body exactly as received (before any JSON parsing).
   */
  public boolean verify(String id, String timestamp, String signatures, String body, Instant now)
      throws GeneralSecurityException {
    Instant sent = Instant.ofEpochSecond(Long.parseLong(timestamp));
    if (Duration.between(sent, now).abs().compareTo(TOLERANCE) > 0) {
      return false; // too old or from the future: a replay
    }
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    byte[] expected = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
    for (String signature : signatures.split(" ")) {
      if (signature.startsWith("v1,") && MessageDigest.isEqual(expected,
          Base64.getDecoder().decode(signature.substring("v1,".length())))) {
        return true;
      }
    }
    return false;
  }
}
