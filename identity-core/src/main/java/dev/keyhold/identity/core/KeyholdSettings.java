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
 * @param changeEmailUrl the link mailed to a new address to confirm an email change, with {@code {token}} where the
 *     token goes; it works as long as a verification link ({@code verifyEmailTtl})
 * @param refreshRetryGrace how long after a refresh token was used it may be presented once more, as the retry of a
 *     refresh whose answer was lost (a 503 after the commit, a dropped connection), while its successor has not been
 *     used: the retry gets new tokens and the unused successor stops working; zero makes rotation strict
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
    String resetPasswordUrl,
    String changeEmailUrl,
    Duration refreshRetryGrace) {

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
    requireTokenPlaceholder(changeEmailUrl, "changeEmailUrl");
    Objects.requireNonNull(refreshRetryGrace, "refreshRetryGrace");
    if (refreshRetryGrace.isNegative()) {
      throw new IllegalArgumentException("refreshRetryGrace must not be negative");
    }
  }

  /**
   * The defaults for a deployment reachable at {@code publicUrl}: 15-minute access tokens, 30-day sessions, 24-hour
   * verification links, verified email required, invitation links at {@code <publicUrl>/invitations/accept},
   * 30-minute password-reset links at {@code <publicUrl>/reset-password}, email-change links at
   * {@code <publicUrl>/confirm-email}, and a one-minute grace for retrying a refresh whose answer was lost.
   */
  public static KeyholdSettings defaults(String publicUrl) {
    return builder(publicUrl).build();
  }

  /**
   * Starts from {@link #defaults(String)} for {@code publicUrl}, which is the issuer and the base of the mailed links
   * unless they are set; {@code build()} checks the result as the constructor does.
   *
   * <pre>{@code
   * KeyholdSettings settings = KeyholdSettings.builder("https://id.example.com")
   *     .accessTokenTtl(Duration.ofMinutes(5))
   *     .resetPasswordUrl("https://app.example.com/reset?token={token}")
   *     .build();
   * }</pre>
   */
  public static Builder builder(String publicUrl) {
    Objects.requireNonNull(publicUrl, "publicUrl");
    return new Builder(publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl);
  }

  /** A builder holding these settings, to change some of them. */
  public Builder toBuilder() {
    Builder builder = new Builder(issuer);
    builder.audience = audience;
    builder.accessTokenTtl = accessTokenTtl;
    builder.refreshTokenTtl = refreshTokenTtl;
    builder.verifyEmailTtl = verifyEmailTtl;
    builder.requireVerifiedEmail = requireVerifiedEmail;
    builder.verifyEmailUrl = verifyEmailUrl;
    builder.productName = productName;
    builder.invitationUrl = invitationUrl;
    builder.resetPasswordTtl = resetPasswordTtl;
    builder.resetPasswordUrl = resetPasswordUrl;
    builder.changeEmailUrl = changeEmailUrl;
    builder.refreshRetryGrace = refreshRetryGrace;
    return builder;
  }

  /** Collects settings; each setter replaces one, and {@link #build()} checks them all. Not thread-safe. */
  public static final class Builder {

    private String issuer;
    private String audience = "keyhold";
    private Duration accessTokenTtl = Duration.ofMinutes(15);
    private Duration refreshTokenTtl = Duration.ofDays(30);
    private Duration verifyEmailTtl = Duration.ofHours(24);
    private boolean requireVerifiedEmail = true;
    private String verifyEmailUrl;
    private String productName = "Keyhold";
    private String invitationUrl;
    private Duration resetPasswordTtl = Duration.ofMinutes(30);
    private String resetPasswordUrl;
    private String changeEmailUrl;
    private Duration refreshRetryGrace = Duration.ofMinutes(1);

    private Builder(String base) {
      this.issuer = base;
      this.verifyEmailUrl = base + "/verify-email?token={token}";
      this.invitationUrl = base + "/invitations/accept?token={token}";
      this.resetPasswordUrl = base + "/reset-password?token={token}";
      this.changeEmailUrl = base + "/confirm-email?token={token}";
    }

    /** The {@code iss} of access tokens. Default: the public URL; the links do not follow it. */
    public Builder issuer(String value) {
      this.issuer = value;
      return this;
    }

    /** The {@code aud} of access tokens. Default: {@code keyhold}. */
    public Builder audience(String value) {
      this.audience = value;
      return this;
    }

    /** How long an access token lives. Default: 15 minutes. */
    public Builder accessTokenTtl(Duration value) {
      this.accessTokenTtl = value;
      return this;
    }

    /** The absolute lifetime of a session; rotation never extends it. Default: 30 days. */
    public Builder refreshTokenTtl(Duration value) {
      this.refreshTokenTtl = value;
      return this;
    }

    /** How long an email-verification link works. Default: 24 hours. */
    public Builder verifyEmailTtl(Duration value) {
      this.verifyEmailTtl = value;
      return this;
    }

    /** Whether login needs a verified email. Default: true. */
    public Builder requireVerifiedEmail(boolean value) {
      this.requireVerifiedEmail = value;
      return this;
    }

    /** The verification link, with {@code {token}}. Default: {@code <publicUrl>/verify-email?token={token}}. */
    public Builder verifyEmailUrl(String value) {
      this.verifyEmailUrl = value;
      return this;
    }

    /** The name mail is signed with. Default: {@code Keyhold}. */
    public Builder productName(String value) {
      this.productName = value;
      return this;
    }

    /** The invitation link, with {@code {token}}. Default: {@code <publicUrl>/invitations/accept?token={token}}. */
    public Builder invitationUrl(String value) {
      this.invitationUrl = value;
      return this;
    }

    /** How long a password-reset link works. Default: 30 minutes. */
    public Builder resetPasswordTtl(Duration value) {
      this.resetPasswordTtl = value;
      return this;
    }

    /** The password-reset link, with {@code {token}}. Default: {@code <publicUrl>/reset-password?token={token}}. */
    public Builder resetPasswordUrl(String value) {
      this.resetPasswordUrl = value;
      return this;
    }

    /**
     * The link that confirms an email change, with {@code {token}}. Default:
     * {@code <publicUrl>/confirm-email?token={token}}.
     */
    public Builder changeEmailUrl(String value) {
      this.changeEmailUrl = value;
      return this;
    }

    /**
     * How long after a refresh token was used it may be presented once more while its successor is unused: the retry
     * of a refresh whose answer was lost gets new tokens, and the successor it never received stops working. Zero
     * makes every second presentation a reuse. Default: 1 minute.
     */
    public Builder refreshRetryGrace(Duration value) {
      this.refreshRetryGrace = value;
      return this;
    }

    /**
     * The settings.
     *
     * @throws NullPointerException when a value is null
     * @throws IllegalArgumentException when a lifetime is not positive or a link lacks {@code {token}} (the message
     *     names the setting)
     */
    public KeyholdSettings build() {
      return new KeyholdSettings(issuer, audience, accessTokenTtl, refreshTokenTtl, verifyEmailTtl,
          requireVerifiedEmail, verifyEmailUrl, productName, invitationUrl, resetPasswordTtl, resetPasswordUrl,
          changeEmailUrl, refreshRetryGrace);
    }
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
