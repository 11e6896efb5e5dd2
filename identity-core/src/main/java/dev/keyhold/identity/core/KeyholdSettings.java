package dev.keyhold.identity.core;

import java.time.Duration;
import java.util.Objects;

/**
 * The policy knobs of one Keyhold instance.
 *
 * <p>Mailed links are built from these templates only, never from anything in a request (such as a {@code Host}
 * header), so a forged request cannot make Keyhold mail a link to another site.
 *
 * @param issuer the {@code iss} of access tokens, normally the public URL
 * @param audience the {@code aud} of access tokens
 * @param accessTokenTtl how long an access token lives
 * @param refreshTokenTtl the absolute lifetime of a session; rotation never extends it
 * @param verifyEmailTtl how long an email-verification link works
 * @param requireVerifiedEmail whether login needs a verified email
 * @param verifyEmailUrl the link mailed for verification, with {@code {token}} where the token goes
 * @param productName the name mail is signed with
 * @param invitationUrl the link mailed with an invitation to an organization, with {@code {token}} where the token
 *     goes
 * @param resetPasswordTtl how long a password-reset link works
 * @param resetPasswordUrl the link mailed for a password reset, with {@code {token}} where the token goes
 */
public record KeyholdSettings(
    String issuer,
    String audience,
    Duration accessTokenTtl,
    Duration refreshTokenTtl,
    Duration verifyEmailTtl,
    boolean requireVerifiedEmail,
    String verifyEmailUrl,
    String productName,
    String invitationUrl,
    Duration resetPasswordTtl,
    String resetPasswordUrl) {

  public KeyholdSettings {
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(audience, "audience");
    requirePositive(accessTokenTtl, "accessTokenTtl");
    requirePositive(refreshTokenTtl, "refreshTokenTtl");
    requirePositive(verifyEmailTtl, "verifyEmailTtl");
    Objects.requireNonNull(productName, "productName");
    requireTokenPlaceholder(verifyEmailUrl, "verifyEmailUrl");
    requireTokenPlaceholder(invitationUrl, "invitationUrl");
    requirePositive(resetPasswordTtl, "resetPasswordTtl");
    requireTokenPlaceholder(resetPasswordUrl, "resetPasswordUrl");
  }

  /**
   * The defaults for a deployment reachable at {@code publicUrl}: 15-minute access tokens, 30-day sessions, 24-hour
   * verification links, verified email required, invitation links at {@code <publicUrl>/invitations/accept},
   * 30-minute password-reset links at {@code <publicUrl>/reset-password}.
   */
  public static KeyholdSettings defaults(String publicUrl) {
    String base = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    return new KeyholdSettings(
        base,
        "keyhold",
        Duration.ofMinutes(15),
        Duration.ofDays(30),
        Duration.ofHours(24),
        true,
        base + "/verify-email?token={token}",
        "Keyhold",
        base + "/invitations/accept?token={token}",
        Duration.ofMinutes(30),
        base + "/reset-password?token={token}");
  }

  public KeyholdSettings withAudience(String value) {
    return new KeyholdSettings(issuer, value, accessTokenTtl, refreshTokenTtl, verifyEmailTtl, requireVerifiedEmail,
        verifyEmailUrl, productName, invitationUrl, resetPasswordTtl, resetPasswordUrl);
  }

  public KeyholdSettings withAccessTokenTtl(Duration value) {
    return new KeyholdSettings(issuer, audience, value, refreshTokenTtl, verifyEmailTtl, requireVerifiedEmail,
        verifyEmailUrl, productName, invitationUrl, resetPasswordTtl, resetPasswordUrl);
  }

  public KeyholdSettings withRefreshTokenTtl(Duration value) {
    return new KeyholdSettings(issuer, audience, accessTokenTtl, value, verifyEmailTtl, requireVerifiedEmail,
        verifyEmailUrl, productName, invitationUrl, resetPasswordTtl, resetPasswordUrl);
  }

  public KeyholdSettings withVerifyEmailTtl(Duration value) {
    return new KeyholdSettings(issuer, audience, accessTokenTtl, refreshTokenTtl, value, requireVerifiedEmail,
        verifyEmailUrl, productName, invitationUrl, resetPasswordTtl, resetPasswordUrl);
  }

  public KeyholdSettings withRequireVerifiedEmail(boolean value) {
    return new KeyholdSettings(issuer, audience, accessTokenTtl, refreshTokenTtl, verifyEmailTtl, value,
        verifyEmailUrl, productName, invitationUrl, resetPasswordTtl, resetPasswordUrl);
  }

  public KeyholdSettings withProductName(String value) {
    return new KeyholdSettings(issuer, audience, accessTokenTtl, refreshTokenTtl, verifyEmailTtl, requireVerifiedEmail,
        verifyEmailUrl, value, invitationUrl, resetPasswordTtl, resetPasswordUrl);
  }

  public KeyholdSettings withInvitationUrl(String value) {
    return new KeyholdSettings(issuer, audience, accessTokenTtl, refreshTokenTtl, verifyEmailTtl, requireVerifiedEmail,
        verifyEmailUrl, productName, value, resetPasswordTtl, resetPasswordUrl);
  }

  public KeyholdSettings withResetPasswordTtl(Duration value) {
    return new KeyholdSettings(issuer, audience, accessTokenTtl, refreshTokenTtl, verifyEmailTtl, requireVerifiedEmail,
        verifyEmailUrl, productName, invitationUrl, value, resetPasswordUrl);
  }

  public KeyholdSettings withResetPasswordUrl(String value) {
    return new KeyholdSettings(issuer, audience, accessTokenTtl, refreshTokenTtl, verifyEmailTtl, requireVerifiedEmail,
        verifyEmailUrl, productName, invitationUrl, resetPasswordTtl, value);
  }

  private static void requirePositive(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive");
    }
  }

  private static void requireTokenPlaceholder(String url, String name) {
    Objects.requireNonNull(url, name);
    if (!url.contains("{token}")) {
      throw new IllegalArgumentException(name + " must contain {token}");
    }
  }
}
