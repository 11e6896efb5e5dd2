package dev.keyhold.identity.core.internal.account;

import dev.keyhold.identity.core.crypto.TokenDigests;
import dev.keyhold.identity.core.internal.event.EventPublisher;
import dev.keyhold.identity.error.EmailTakenException;
import dev.keyhold.identity.error.InvalidTokenException;
import dev.keyhold.identity.error.ValidationException;
import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.event.IdentityEvent;
import dev.keyhold.identity.model.token.OneTimeTokenPurpose;
import dev.keyhold.identity.model.token.PendingEmailChange;
import dev.keyhold.identity.model.user.Email;
import dev.keyhold.identity.model.user.User;
import dev.keyhold.identity.usecase.ChangeEmail;
import dev.keyhold.identity.usecase.ConfirmEmailChange;
import java.time.Instant;
import java.util.Map;

/**
 * Changing one's email address in two steps: the request (re-authenticated like a deletion) mails a link to the new
 * address and a notice to the current one; the link applies it.
 *
 * <p>Whether the new address is free is not revealed to the requester: a taken one gets a notice without a link
 * instead, and the answer is the same. It is checked again, atomically, when the link is used
 * ({@link dev.keyhold.identity.spi.UserRepository#updateEmail}): of two users confirming one address at once, one
 * wins and the other gets {@code email_taken}, which tells them only what the address's owner already knows.
 *
 * <p>Applying a change ends every session but the one that asked, and voids the user's outstanding verification and
 * password-reset links: those went to the old address, whose holder must not keep a way into the account.
 */
final class EmailChangeService {

  static final String NEW_EMAIL = "new_email";

  private final AccountService.Dependencies d;
  private final Reauthentication reauthentication;

  EmailChangeService(AccountService.Dependencies dependencies, Reauthentication reauthentication) {
    this.d = dependencies;
    this.reauthentication = reauthentication;
  }

  void changeEmail(ChangeEmail.Command command) {
    Actor actor = command.actor();
    User user = d.users().findById(actor.userId()).filter(User::active)
        .orElseThrow(() -> new InvalidTokenException(InvalidTokenException.Kind.ACCESS_TOKEN, "user_inactive"));
    Email newEmail = newEmail(command.newEmail());
    if (newEmail.sameAddressAs(user.email())) {
      throw ValidationException.of(NEW_EMAIL, "same_email", "This is your current address already.");
    }
    reauthentication.require(user, actor, command.currentPassword(), "user.email_change_refused",
        "change your address");
    Instant now = d.clock().instant();
    String productName = d.settings().productName();
    if (d.users().findByEmail(newEmail).isPresent()) {
      d.outbox().enqueue(d.secrets().newId(), AccountMail.addressAlreadyUsed(newEmail.display(), productName), now);
      d.audit().failure("user.email_change_refused", user.id(), user.id(), actor.client(),
          Map.of("reason", "email_taken"));
    } else {
      String secret = d.secrets().newSecret();
      String link = d.settings().changeEmailUrl().replace("{token}", secret);
      d.emailChanges().replaceWithMail(new PendingEmailChange(TokenDigests.sha256(secret), user.id(), newEmail,
              actor.sessionId(), now, now.plus(d.settings().verifyEmailTtl())), d.secrets().newId(),
          AccountMail.confirmNewAddress(newEmail.display(), link, d.settings().verifyEmailTtl(), productName));
      d.audit().success("user.email_change_requested", user.id(), user.id(), actor.client(), Map.of());
    }
    d.outbox().enqueue(d.secrets().newId(),
        AccountMail.addressChangeRequested(user.email().display(), newEmail.display(), productName), now);
  }

  ConfirmEmailChange.Confirmed confirmEmailChange(ConfirmEmailChange.Command command) {
    Instant now = d.clock().instant();
    PendingEmailChange change = d.emailChanges().take(AccountService.linkTokenHash(command.token()), now)
        .orElseThrow(() -> {
          d.audit().failure("user.email_change_failed", null, null, command.client(), Map.of());
          return new InvalidTokenException(InvalidTokenException.Kind.LINK_TOKEN, "unknown_used_or_expired");
        });
    User user = d.users().findById(change.userId()).filter(User::active).orElseThrow(() -> {
      d.audit().failure("user.email_change_failed", change.userId(), change.userId(), command.client(),
          Map.of("reason", "account_inactive"));
      return new InvalidTokenException(InvalidTokenException.Kind.LINK_TOKEN, "unknown_used_or_expired");
    });
    try {
      if (!d.users().updateEmail(user.id(), change.newEmail(), now)) {
        throw new InvalidTokenException(InvalidTokenException.Kind.LINK_TOKEN, "unknown_used_or_expired");
      }
    } catch (EmailTakenException e) {
      d.audit().failure("user.email_change_failed", user.id(), user.id(), command.client(),
          Map.of("reason", "email_taken"));
      throw e;
    }
    d.oneTimeTokens().invalidateAll(user.id(), OneTimeTokenPurpose.RESET_PASSWORD, now);
    d.oneTimeTokens().invalidateAll(user.id(), OneTimeTokenPurpose.VERIFY_EMAIL, now);
    int ended = PasswordService.revokeOtherSessions(d.sessions(), user.id(), change.requestedBy(), now);
    d.audit().success("user.email_changed", user.id(), user.id(), command.client(),
        Map.of("sessions_revoked", Integer.toString(ended)));
    d.events().publish(new IdentityEvent.EmailChanged(user.id(), change.newEmail().display(), now));
    return new ConfirmEmailChange.Confirmed(user.id(), change.newEmail().display(), ended);
  }

  /** The new address, or a validation error on the {@code new_email} field. */
  private static Email newEmail(String raw) {
    try {
      return Email.parse(raw);
    } catch (ValidationException e) {
      throw ValidationException.of(NEW_EMAIL, "invalid_email", "Enter a valid email address.");
    }
  }
}
