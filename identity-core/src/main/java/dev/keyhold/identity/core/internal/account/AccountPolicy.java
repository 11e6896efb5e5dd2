package dev.keyhold.identity.core.internal.account;

import java.time.Duration;
import java.util.Objects;

/**
 * What the account use cases need of the instance's settings: the links they mail, how long those work, the name
 * mail is signed with, and whether login needs a verified address. Keyhold derives it from its
 * {@link dev.keyhold.identity.core.KeyholdSettings}, which this package therefore does not depend on.
 *
 * @param productName the name mail is signed with
 * @param requireVerifiedEmail whether login needs a verified email
 * @param verifyEmailUrl the verification link, with {@code {token}} where the token goes
 * @param verifyEmailTtl how long a verification link works
 * @param resetPasswordUrl the password-reset link, with {@code {token}} where the token goes
 * @param resetPasswordTtl how long a password-reset link works
 * @param changeEmailUrl the link confirming an email change, with {@code {token}}; it works for {@code verifyEmailTtl}
 */
public record AccountPolicy(String productName, boolean requireVerifiedEmail, String verifyEmailUrl,
    Duration verifyEmailTtl, String resetPasswordUrl, Duration resetPasswordTtl, String changeEmailUrl) {

  public AccountPolicy {
    Objects.requireNonNull(productName, "productName");
    Objects.requireNonNull(verifyEmailUrl, "verifyEmailUrl");
    Objects.requireNonNull(verifyEmailTtl, "verifyEmailTtl");
    Objects.requireNonNull(resetPasswordUrl, "resetPasswordUrl");
    Objects.requireNonNull(resetPasswordTtl, "resetPasswordTtl");
    Objects.requireNonNull(changeEmailUrl, "changeEmailUrl");
  }
}
