package dev.keyhold.identity.core.internal.mfa;

import dev.keyhold.identity.core.crypto.BoundedPasswordHasher;
import dev.keyhold.identity.core.crypto.Totp;
import dev.keyhold.identity.core.internal.audit.Auditor;
import dev.keyhold.identity.core.internal.event.EventPublisher;
import dev.keyhold.identity.core.internal.protection.CurrentPassword;
import dev.keyhold.identity.core.internal.protection.Protection;
import dev.keyhold.identity.error.ConflictException;
import dev.keyhold.identity.error.ErrorCode;
import dev.keyhold.identity.error.InvalidCredentialsException;
import dev.keyhold.identity.error.InvalidTokenException;
import dev.keyhold.identity.error.ValidationException;
import dev.keyhold.identity.model.ClientInfo;
import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.event.IdentityEvent;
import dev.keyhold.identity.model.mfa.MfaChallenge;
import dev.keyhold.identity.model.mfa.TotpCredential;
import dev.keyhold.identity.model.token.RefreshSession;
import dev.keyhold.identity.model.user.PasswordHash;
import dev.keyhold.identity.model.user.User;
import dev.keyhold.identity.spi.MailOutbox;
import dev.keyhold.identity.spi.RefreshTokenRepository;
import dev.keyhold.identity.spi.SecretGenerator;
import dev.keyhold.identity.spi.TotpCredentialRepository;
import dev.keyhold.identity.spi.UserRepository;
import dev.keyhold.identity.usecase.ConfirmTotpEnrolment;
import dev.keyhold.identity.usecase.DisableTotp;
import dev.keyhold.identity.usecase.ReplaceRecoveryCodes;
import dev.keyhold.identity.usecase.StartTotpEnrolment;
import dev.keyhold.identity.usecase.TwoFactor;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A user's own two-factor sign-in. Every step that proves something (the current password, a code) counts a wrong
 * answer toward the account's lockout, exactly like a failed login, behind the same rate limits as the login's second
 * step; a signed-in attacker with a stolen access token can neither turn two-factor off nor guess codes faster than
 * at the login.
 */
public final class TwoFactorService implements TwoFactor {

  /** Collaborators, grouped so the constructor stays readable. */
  public record Dependencies(
      UserRepository users,
      TotpCredentialRepository credentials,
      TotpFactor totp,
      RecoveryCodeFactor recoveryCodes,
      RefreshTokenRepository sessions,
      BoundedPasswordHasher hasher,
      PasswordHash dummyHash,
      Protection protection,
      MailOutbox outbox,
      SecretGenerator secrets,
      Auditor audit,
      EventPublisher events,
      Clock clock,
      String productName) {}

  private final Dependencies d;

  public TwoFactorService(Dependencies dependencies) {
    this.d = dependencies;
  }

  @Override
  public Enrolment startTotpEnrolment(StartTotpEnrolment.Command command) {
    User user = activeUser(command.actor());
    checkPassword(user, command.currentPassword(), command.actor().client(), "mfa.enrolment_started");
    if (d.credentials().find(user.id()).filter(TotpCredential::confirmed).isPresent()) {
      throw alreadyEnabled();
    }
    String secret = Totp.newSecret(d.secrets().newSecret());
    Instant now = d.clock().instant();
    if (!d.credentials().savePending(TotpCredential.pending(user.id(), d.totp().seal(user.id(), secret), now))) {
      throw alreadyEnabled();
    }
    d.audit().success("mfa.enrolment_started", user.id(), user.id(), command.actor().client(), Map.of());
    String uri = otpauthUri(d.productName(), user.email().display(), secret);
    return new Enrolment(secret, uri, QrSvg.of(uri));
  }

  @Override
  public RecoveryCodeSet confirmTotpEnrolment(ConfirmTotpEnrolment.Command command) {
    Actor actor = command.actor();
    User user = activeUser(actor);
    TotpCredential pending = d.credentials().find(user.id())
        .orElseThrow(() -> new ConflictException(ErrorCode.MFA_NOT_ENABLED,
            "Start enrolling an authenticator app first."));
    if (pending.confirmed()) {
      throw alreadyEnabled();
    }
    requireCode(command.code());
    d.protection().checkSecondFactor(user.email(), actor.client());
    OptionalLong step = d.totp().matchingStep(pending, command.code());
    if (step.isEmpty()) {
      throw wrongCode(user, actor.client(), "mfa.enabled");
    }
    Instant now = d.clock().instant();
    if (!d.credentials().confirm(user.id(), step.getAsLong(), now)) {
      throw alreadyEnabled();
    }
    List<String> codes = d.recoveryCodes().newSet(user.id());
    int revoked = revokeOtherSessions(actor, now);
    mail(user, MfaMail.Change.ENABLED, now);
    d.audit().success("mfa.enabled", user.id(), user.id(), actor.client(),
        Map.of("sessions_revoked", Integer.toString(revoked)));
    d.events().publish(new IdentityEvent.TwoFactorChanged(user.id(), true, now));
    return new RecoveryCodeSet(codes);
  }

  @Override
  public void disableTotp(DisableTotp.Command command) {
    Actor actor = command.actor();
    User user = activeUser(actor);
    requireEnabled(user);
    checkPassword(user, command.currentPassword(), actor.client(), "mfa.disabled");
    requireCode(command.code());
    d.protection().checkSecondFactor(user.email(), actor.client());
    if (!d.totp().verify(user.id(), command.code()) && !d.recoveryCodes().verify(user.id(), command.code())) {
      throw wrongCode(user, actor.client(), "mfa.disabled");
    }
    d.credentials().delete(user.id());
    d.recoveryCodes().deleteAll(user.id());
    Instant now = d.clock().instant();
    mail(user, MfaMail.Change.DISABLED, now);
    d.audit().success("mfa.disabled", user.id(), user.id(), actor.client(), Map.of());
    d.events().publish(new IdentityEvent.TwoFactorChanged(user.id(), false, now));
  }

  @Override
  public RecoveryCodeSet replaceRecoveryCodes(ReplaceRecoveryCodes.Command command) {
    Actor actor = command.actor();
    User user = activeUser(actor);
    requireEnabled(user);
    requireCode(command.code());
    d.protection().checkSecondFactor(user.email(), actor.client());
    if (!d.totp().verify(user.id(), command.code())) {
      throw wrongCode(user, actor.client(), "mfa.recovery_codes_replaced");
    }
    List<String> codes = d.recoveryCodes().newSet(user.id());
    mail(user, MfaMail.Change.RECOVERY_CODES_REPLACED, d.clock().instant());
    d.audit().success("mfa.recovery_codes_replaced", user.id(), user.id(), actor.client(), Map.of());
    return new RecoveryCodeSet(codes);
  }

  /**
   * {@code otpauth://totp/<product>:<account>?secret=...&issuer=<product>&algorithm=SHA1&digits=6&period=30}, the Key
   * URI Format authenticator apps read: label parts and issuer percent-encoded (a space as {@code %20}).
   */
  static String otpauthUri(String product, String account, String secret) {
    return "otpauth://totp/" + encode(product) + ":" + encode(account) + "?secret=" + secret + "&issuer="
        + encode(product) + "&algorithm=SHA1&digits=" + TotpCredential.DIGITS + "&period="
        + TotpCredential.PERIOD.getSeconds();
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private User activeUser(Actor actor) {
    return d.users().findById(actor.userId()).filter(User::active)
        .orElseThrow(() -> new InvalidTokenException(InvalidTokenException.Kind.ACCESS_TOKEN, "user_inactive"));
  }

  private void requireEnabled(User user) {
    if (d.credentials().find(user.id()).filter(TotpCredential::confirmed).isEmpty()) {
      throw new ConflictException(ErrorCode.MFA_NOT_ENABLED, "Two-factor sign-in is off.");
    }
  }

  private static void requireCode(String code) {
    if (code == null || code.isEmpty() || code.length() > MfaChallenge.MAX_CODE_LENGTH) {
      throw ValidationException.of("code", "invalid_code",
          "Give the code: at most " + MfaChallenge.MAX_CODE_LENGTH + " characters.");
    }
  }

  /**
   * The current password, checked like a login; a right one does not reset the lockout (an account with two-factor
   * sign-in resets it only by a whole login).
   */
  private void checkPassword(User user, String given, ClientInfo client, String action) {
    new CurrentPassword(d.hasher(), d.dummyHash(), d.protection(), d.audit()).check(user, given, client, action, false);
  }

  private InvalidCredentialsException wrongCode(User user, ClientInfo client, String action) {
    d.audit().failure(action, user.id(), user.id(), client, Map.of("reason", "bad_code"));
    d.protection().loginFailed(user.email(), user.id(), client);
    return InvalidCredentialsException.mfaCode();
  }

  private static ConflictException alreadyEnabled() {
    return new ConflictException(ErrorCode.MFA_ALREADY_ENABLED,
        "Two-factor sign-in is already on; turn it off before enrolling another authenticator.");
  }

  private int revokeOtherSessions(Actor actor, Instant now) {
    int revoked = 0;
    for (RefreshSession session : d.sessions().findActiveSessions(actor.userId(), now)) {
      if (!session.id().equals(actor.sessionId()) && d.sessions().revokeSession(session.id(), now)) {
        revoked++;
      }
    }
    return revoked;
  }

  private void mail(User user, MfaMail.Change change, Instant now) {
    d.outbox().enqueue(d.secrets().newId(), MfaMail.notice(user.email().display(), change, d.productName()), now);
  }
}
