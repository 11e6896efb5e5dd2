package dev.keyhold.app.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A Standard Webhooks signing secret, {@code whsec_} followed by the base64 of 24 to 64 random bytes, and the
 * signature it makes: {@code v1,} and the base64 of HMAC-SHA256 over {@code <webhook-id>.<webhook-timestamp>.<body>}.
 * Its {@code toString} hides the key.
 */
public final class WebhookSecret {

  /** What every secret starts with. */
  public static final String PREFIX = "whsec_";

  private final byte[] key;

  private WebhookSecret(byte[] key) {
    this.key = key;
  }

  /**
   * Reads {@code whsec_<base64>}.
   *
   * @throws IllegalArgumentException when it is not that, or the key is shorter than 24 bytes or longer than 64
   */
  public static WebhookSecret parse(String value) {
    if (!value.startsWith(PREFIX)) {
      throw new IllegalArgumentException("expected whsec_ followed by the base64 of 24 to 64 random bytes");
    }
    byte[] key;
    try {
      key = Base64.getDecoder().decode(value.substring(PREFIX.length()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("expected whsec_ followed by base64 (the part after whsec_ is not base64)");
    }
    if (key.length < 24 || key.length > 64) {
      throw new IllegalArgumentException("expected whsec_ followed by the base64 of 24 to 64 random bytes, not "
          + key.length);
    }
    return new WebhookSecret(key);
  }

  /** The {@code webhook-signature} header's value for one delivery. */
  public String sign(String id, long timestamp, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      byte[] signature = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
      return "v1," + Base64.getEncoder().encodeToString(signature);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  @Override
  public String toString() {
    return "WebhookSecret[***]";
  }
}
