package dev.keyhold.identity.error;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every code an {@link IdentityException} can carry: the closed set of Keyhold's rejections. Clients branch on the
 * {@link #code() wire code}; a driving adapter maps each constant to its own answer (the HTTP adapter to one status
 * and title), exhaustively, so a new constant does not compile until every adapter has decided what it means.
 *
 * <p>The wire codes are stable: renaming one is a breaking change of every API that shows it.
 */
public enum ErrorCode {
  /** {@link ValidationException}: input that breaks a rule; the violations name each field and rule. */
  VALIDATION_FAILED("validation_failed"),
  /** {@link InvalidCredentialsException}: wrong email or password, one answer for every cause. */
  INVALID_CREDENTIALS("invalid_credentials"),
  /** {@link EmailNotVerifiedException}: the password was right but the email is not verified yet. */
  EMAIL_NOT_VERIFIED("email_not_verified"),
  /** {@link InvalidTokenException} of kind {@link InvalidTokenException.Kind#ACCESS_TOKEN}. */
  INVALID_TOKEN("invalid_token"),
  /** {@link InvalidTokenException} of kind {@link InvalidTokenException.Kind#REFRESH_TOKEN}. */
  INVALID_REFRESH_TOKEN("invalid_refresh_token"),
  /** {@link InvalidTokenException} of kind {@link InvalidTokenException.Kind#LINK_TOKEN}. */
  INVALID_LINK_TOKEN("invalid_link_token"),
  /** {@link TokenReusedException}: a rotated refresh token came back; its session is revoked. */
  TOKEN_REUSED("token_reused"),
  /** {@link EmailTakenException}: a store refused a second user with the same email. */
  EMAIL_TAKEN("email_taken"),
  /** {@link NotFoundException}: no such thing, or the caller may not know that it exists. */
  NOT_FOUND("not_found"),
  /** {@link ForbiddenException}: the caller lacks the permission, or may never do this. */
  FORBIDDEN("forbidden"),
  /** {@link ConflictException}: another organization has this slug. */
  SLUG_TAKEN("slug_taken"),
  /** {@link ConflictException}: a role of this name is already visible where the new one would be. */
  ROLE_NAME_TAKEN("role_name_taken"),
  /** {@link ConflictException}: the user already belongs to the organization. */
  ALREADY_MEMBER("already_member"),
  /** {@link ConflictException}: the change would leave an organization without an owner. */
  LAST_OWNER("last_owner"),
  /**
   * {@link MfaRequiredException}: the session lacks a second factor that this needs (an organization requiring
   * two-factor sign-in, or turning that requirement on).
   */
  MFA_REQUIRED("mfa_required"),
  /** {@link InvalidCredentialsException#mfaCode}: a wrong, used or malformed two-factor or recovery code. */
  INVALID_MFA_CODE("invalid_mfa_code"),
  /** {@link InvalidTokenException} of kind {@link InvalidTokenException.Kind#MFA_TOKEN}. */
  INVALID_MFA_TOKEN("invalid_mfa_token"),
  /** {@link ConflictException}: two-factor sign-in is already on; turn it off before enrolling again. */
  MFA_ALREADY_ENABLED("mfa_already_enabled"),
  /** {@link ConflictException}: two-factor sign-in is off (or its enrolment was never started). */
  MFA_NOT_ENABLED("mfa_not_enabled"),
  /** {@link ExternalLoginException#invalidState}: the OAuth {@code state} is unknown, used, expired or misdirected. */
  INVALID_OAUTH_STATE("invalid_oauth_state"),
  /** {@link ExternalLoginException#failed}: the provider refused the code, or its ID token failed validation. */
  OAUTH_LOGIN_FAILED("oauth_login_failed"),
  /** {@link ConflictException}: the sign-in method is the user's last one; add another before removing it. */
  LAST_SIGN_IN_METHOD("last_sign_in_method"),
  /** {@link ConflictException}: the provider account is already linked to another user. */
  IDENTITY_ALREADY_LINKED("identity_already_linked"),
  /** {@link TooManyRequestsException#locked}: the account is locked for a while after failed attempts. */
  TOO_MANY_ATTEMPTS("too_many_attempts"),
  /** {@link TooManyRequestsException#rateLimited}: a rate limit is used up. */
  RATE_LIMITED("rate_limited"),
  /** {@link OverloadedException}: the node refused expensive work it has no room for; nothing was done. */
  OVERLOADED("overloaded"),
  /** {@link ProviderUnavailableException}: an external identity provider could not be reached. */
  PROVIDER_UNAVAILABLE("provider_unavailable"),
  /** {@link StoreUnavailableException}: a store could not answer. */
  STORE_UNAVAILABLE("store_unavailable"),
  /** {@link RefusedByHookException#registration}: an operator's registration check refused the sign-up. */
  REGISTRATION_REFUSED("registration_refused"),
  /** {@link RefusedByHookException#signIn}: an operator's sign-in check refused the login or refresh. */
  SIGN_IN_REFUSED("sign_in_refused"),
  /** {@link HookFailedException}: an extension threw, timed out or answered something invalid; nothing was done. */
  HOOK_FAILED("hook_failed");

  private static final Map<String, ErrorCode> BY_CODE = Arrays.stream(values())
      .collect(Collectors.toUnmodifiableMap(ErrorCode::code, Function.identity()));

  private final String code;

  ErrorCode(String code) {
    this.code = code;
  }

  /** The stable, snake_case code clients see, for example {@code invalid_credentials}. */
  public String code() {
    return code;
  }

  /** The constant whose {@link #code()} is {@code code}, or empty when no rejection has that code. */
  public static Optional<ErrorCode> fromCode(String code) {
    return Optional.ofNullable(BY_CODE.get(code));
  }

  /** The wire code. */
  @Override
  public String toString() {
    return code;
  }
}
