package dev.keyhold.client;

import java.util.Objects;

/**
 * The token is not a valid Keyhold access token for this resource server: answer 401 with
 * {@code error="invalid_token"}. {@link #reason()} names the first check that failed, for logs and metrics:
 * {@code malformed}, {@code forbidden_header}, {@code bad_type}, {@code bad_alg}, {@code missing_kid},
 * {@code unknown_kid}, {@code bad_signature}, {@code bad_issuer}, {@code bad_audience}, {@code missing_claim},
 * {@code expired}, {@code not_yet_valid}.
 */
public final class InvalidAccessTokenException extends AccessTokenException {

  private final String reason;

  InvalidAccessTokenException(String reason) {
    super("the access token is not valid: " + reason);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** The first failed check, such as {@code expired}. */
  public String reason() {
    return reason;
  }

  @Override
  public String errorCode() {
    return "invalid_token";
  }

  @Override
  public int status() {
    return 401;
  }
}
