package dev.keyhold.identity.core.internal.account;

import static dev.keyhold.identity.model.token.OneTimeTokenPurpose.RESET_PASSWORD;

import dev.keyhold.identity.core.crypto.TokenDigests;
import dev.keyhold.identity.core.internal.account.AccountMail.PasswordChange;
import dev.keyhold.identity.core.internal.protection.CurrentPassword;
import dev.keyhold.identity.error.ForbiddenException;
import dev.keyhold.identity.error.InvalidTokenException;
import dev.keyhold.identity.error.ValidationException;
import dev.keyhold.identity.model.ClientInfo;
import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.event.IdentityEvent;
import dev.keyhold.identity.model.hook.PasswordCandidate;
import dev.keyhold.identity.model.token.OneTimeToken;
import dev.keyhold.identity.model.token.RefreshSession;
import dev.keyhold.identity.model.token.SessionId;
import dev.keyhold.identity.model.token.TokenHash;
import dev.keyhold.identity.model.user.Email;
import dev.keyhold.identity.model.user.PasswordHash;
import dev.keyhold.identity.model.user.Passwords;
import dev.keyhold.identity.model.user.User;
import dev.keyhold.identity.model.user.UserId;
import dev.keyhold.identity.spi.RefreshTokenRepository;
import dev.keyhold.identity.usecase.ChangePassword;
import dev.keyhold.identity.usecase.DeleteAccount;
import dev.keyhold.identity.usecase.ResetPassword;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Password reset by a mailed link, and password change by the signed-in user. Neither signs anyone in; both end
 * sessions and mail the owner a notice without a link.
 *
 * <p>A reset request does the same for every address (see {@link LinkRequests}); later, outside the request, only an
 * active account with a password, or without one but linked to an external provider (a user created by a first
 * sign-in there, who may add a password this way), gets a token stored (earlier ones invalidated) and the link queued
 * in the outbox with it.
 *
 * <p>Confirming a reset checks the new password against the policy before consuming the token, so a refused password
 * leaves the link usable. That check cannot include the user's own inputs (email, name): whose token it is becomes
 * known only by consuming it, and the store has no look-up by hash. The length, dictionary and guessability rules
 * apply in full.
 *
 * <p>A change needs the current password, checked like a login: it counts against the {@code login-ip} and
 * {@code login-account} limits, is refused while the account key is locked, a wrong one counts toward lockout and a
 * right one resets the counters.
 */
final class PasswordService {

  static final String NEW_PASSWORD = "new_password";
  static final String CURRENT_PASSWORD = "current_password";
  private static final String NO_PASSWORD = "no_password";

  private final AccountService.Dependencies d;
  private final PasswordHash dummyHash;
  private final CurrentPassword currentPassword;
  private final AccountRemoval removal;
  private final Reauthentication reauthentication;

  PasswordService(AccountService.Dependencies dependencies, PasswordHash dummyHash) {
    this.d = dependencies;
    this.dummyHash = dummyHash;
    this.currentPassword = new CurrentPassword(d.hasher(), dummyHash, d.protection(), d.audit());
    this.removal = new AccountRemoval(d.users(), d.memberships(), d.outbox(), d.secrets(), d.audit(), d.events(),
        d.clock(), d.settings().productName());
    this.reauthentication = new Reauthentication(currentPassword, d.sessions(), d.audit(), d.clock());
  }

  /**
   * The deferred half of a reset request: a link for an active account with a password or a linked provider, else
   * only an audit row.
   */
  void sendResetLink(Email email, ClientInfo client) {
    Optional<User> found = d.users().findByEmail(email);
    Optional<String> refusal = resetRefusal(found);
    if (refusal.equals(Optional.of(NO_PASSWORD)) && !d.externalIdentities().listByUser(found.get().id()).isEmpty()) {
      refusal = Optional.empty();
    }
    if (refusal.isPresent()) {
      d.audit().failure("password.reset_requested", null, found.map(User::id).orElse(null), client,
          Map.of("reason", refusal.get()));
      return;
    }
    User user = found.get();
    Instant now = d.clock().instant();
    Duration ttl = d.settings().resetPasswordTtl();
    d.oneTimeTokens().invalidateAll(user.id(), RESET_PASSWORD, now);
    String secret = d.secrets().newSecret();
    String link = d.settings().resetPasswordUrl().replace("{token}", secret);
    d.oneTimeTokens().insertWithMail(
        new OneTimeToken(TokenDigests.sha256(secret), RESET_PASSWORD, user.id(), now, now.plus(ttl), null),
        d.secrets().newId(), AccountMail.resetPassword(user.email().display(), link, ttl, d.settings().productName()));
    d.audit().success("password.reset_requested", null, user.id(), client, Map.of());
  }

  void confirmPasswordReset(ResetPassword.Confirmation confirmation) {
    ClientInfo client = confirmation.client();
    TokenHash hash = AccountService.linkTokenHash(confirmation.token());
    checkNewPassword(confirmation.newPassword(), PasswordCandidate.Purpose.RESET, null, null);
    Instant now = d.clock().instant();
    OneTimeToken consumed = d.oneTimeTokens().consume(hash, RESET_PASSWORD, now)
        .orElseThrow(() -> resetRefused("unknown_used_or_expired", null, client));
    User user = d.users().findById(consumed.userId()).filter(User::active)
        .orElseThrow(() -> resetRefused("user_inactive", consumed.userId(), client));

    d.users().updatePasswordHash(user.id(), d.hasher().hash(confirmation.newPassword()), now);
    int revoked = d.sessions().revokeAllSessions(user.id(), now);
    d.protection().passwordReset(user.email());
    if (d.users().markEmailVerified(user.id(), now)) {
      d.audit().success("email.verified", user.id(), user.id(), client, Map.of("by", "password_reset"));
      d.events().publish(new IdentityEvent.EmailVerified(user.id(), user.email().display(), now));
    }
    d.outbox().enqueue(d.secrets().newId(), AccountMail.passwordChanged(user.email().display(), PasswordChange.RESET,
        d.settings().productName()), now);
    d.audit().success("password.reset", user.id(), user.id(), client,
        Map.of("sessions_revoked", Integer.toString(revoked)));
    d.events().publish(new IdentityEvent.PasswordChanged(user.id(), true, now));
  }

  int changePassword(ChangePassword.Command command) {
    Actor actor = command.actor();
    User user = d.users().findById(actor.userId()).filter(User::active)
        .orElseThrow(() -> new InvalidTokenException(InvalidTokenException.Kind.ACCESS_TOKEN, "user_inactive"));
    String current = command.currentPassword() == null ? "" : command.currentPassword();
    currentPassword.check(user, current, actor.client(), "password.change_failed", true);

    String next = command.newPassword();
    checkNewPassword(next, PasswordCandidate.Purpose.CHANGE, user.email().display(), user.displayName(),
        AccountService.localPart(user.email()), user.displayName());
    if (TokenDigests.constantTimeEquals(next, current)) {
      throw ValidationException.of(NEW_PASSWORD, "password_unchanged",
          "The new password is your current one. Choose another.");
    }
    Instant now = d.clock().instant();
    d.users().updatePasswordHash(user.id(), d.hasher().hash(next), now);
    int revoked = revokeOtherSessions(user.id(), actor.sessionId(), now);
    d.outbox().enqueue(d.secrets().newId(), AccountMail.passwordChanged(user.email().display(), PasswordChange.CHANGE,
        d.settings().productName()), now);
    d.audit().success("password.changed", user.id(), user.id(), actor.client(),
        Map.of("sessions_revoked", Integer.toString(revoked)));
    d.events().publish(new IdentityEvent.PasswordChanged(user.id(), false, now));
    return revoked;
  }

  /** The check before grave changes, shared with the email change. */
  Reauthentication reauthentication() {
    return reauthentication;
  }

  /**
   * Deletes the caller's account after the same password check as a change (a user without a password instead
   * needs a session begun within {@link DeleteAccount#RECENT_SIGN_IN}), unless they are some organization's only
   * owner.
   */
  void deleteAccount(DeleteAccount.Command command) {
    Actor actor = command.actor();
    User user = d.users().findById(actor.userId()).filter(User::active)
        .orElseThrow(() -> new InvalidTokenException(InvalidTokenException.Kind.ACCESS_TOKEN, "user_inactive"));
    reauthentication.require(user, actor, command.currentPassword(), "user.delete_refused", "delete the account");
    if (!removal.remove(user, actor, AccountRemoval.Requester.THE_USER, "user.delete_refused")) {
      throw new InvalidTokenException(InvalidTokenException.Kind.ACCESS_TOKEN, "user_inactive");
    }
  }

  /** Why no reset link goes out for this address, or empty when one does. Only for the audit log. */
  private static Optional<String> resetRefusal(Optional<User> found) {
    if (found.isEmpty()) {
      return Optional.of("unknown_email");
    }
    if (!found.get().active()) {
      return Optional.of("account_disabled");
    }
    return found.get().password().isEmpty() ? Optional.of(NO_PASSWORD) : Optional.empty();
  }

  /**
   * Ends the user's active sessions but {@code keep}. A session started while this runs (a login with the old
   * password racing the change) is not ended; the mailed notice tells the owner what to do if that was not them.
   */
  private int revokeOtherSessions(UserId userId, SessionId keep, Instant now) {
    return revokeOtherSessions(d.sessions(), userId, keep, now);
  }

  /** Ends the user's active sessions but {@code keep} (which may be {@code null}); how many this call ended. */
  static int revokeOtherSessions(RefreshTokenRepository sessions, UserId userId, SessionId keep, Instant now) {
    int revoked = 0;
    for (RefreshSession session : sessions.findActiveSessions(userId, now)) {
      if (!session.id().equals(keep) && sessions.revokeSession(session.id(), now)) {
        revoked++;
      }
    }
    return revoked;
  }

  /**
   * The policy's check, then the operator's password rules, reported on the {@code new_password} field the use
   * cases take it from.
   */
  private void checkNewPassword(String password, PasswordCandidate.Purpose purpose, String email, String displayName,
      String... userInputs) {
    try {
      d.passwordPolicy().check(password, userInputs);
    } catch (ValidationException e) {
      throw new ValidationException(e.violations().stream()
          .map(v -> new ValidationException.Violation(NEW_PASSWORD, v.code(), v.message()))
          .toList());
    }
    d.hooks().checkPassword(new PasswordCandidate(password, purpose, email, displayName), NEW_PASSWORD);
  }

  private InvalidTokenException resetRefused(String reason, UserId target, ClientInfo client) {
    d.audit().failure("password.reset_failed", null, target, client, Map.of("reason", reason));
    return new InvalidTokenException(InvalidTokenException.Kind.LINK_TOKEN, reason);
  }
}
