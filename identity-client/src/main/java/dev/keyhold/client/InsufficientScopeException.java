package dev.keyhold.client;

import java.util.Objects;

/**
 * A valid token that does not allow this: it lacks the scope, belongs to another organization, or its sign-in did
 * not pass a second factor. Answer 403 with {@code error="insufficient_scope"} and {@code scope=} {@link #required()}.
 */
public final class InsufficientScopeException extends AccessTokenException {

  private final String required;

  InsufficientScopeException(String required, String message) {
    super(message);
    this.required = Objects.requireNonNull(required, "required");
  }

  /** What was required: a scope such as {@code members:read}, {@code org_id=...}, or {@code amr=otp|mfa}. */
  public String required() {
    return required;
  }

  @Override
  public String errorCode() {
    return "insufficient_scope";
  }

  @Override
  public int status() {
    return 403;
  }
}
