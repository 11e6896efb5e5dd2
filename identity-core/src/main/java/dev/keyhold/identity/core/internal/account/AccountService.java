package dev.keyhold.identity.core.internal.account;

import dev.keyhold.identity.core.crypto.BoundedPasswordHasher;
import dev.keyhold.identity.core.crypto.TokenDigests;
import dev.keyhold.identity.core.internal.audit.Auditor;
import dev.keyhold.identity.core.internal.event.EventPublisher;
import dev.keyhold.identity.core.internal.extension.Hooks;
import dev.keyhold.identity.core.internal.mfa.MfaLogin;
import dev.keyhold.identity.core.internal.protection.Protection;
import dev.keyhold.identity.core.internal.token.RecentReads;
import dev.keyhold.identity.core.internal.token.SessionIssuer;
import dev.keyhold.identity.core.password.PasswordPolicy;
import dev.keyhold.identity.core.protection.RateLimits;
import dev.keyhold.identity.error.EmailNotVerifiedException;
import dev.keyhold.identity.error.EmailTakenException;
import dev.keyhold.identity.error.InvalidCredentialsException;
import dev.keyhold.identity.error.InvalidTokenException;
import dev.keyhold.identity.error.NotFoundException;
import dev.keyhold.identity.error.OverloadedException;
import dev.keyhold.identity.error.RefusedByHookException;
import dev.keyhold.identity.error.ValidationException;
import dev.keyhold.identity.model.ClientInfo;
import dev.keyhold.identity.model.event.IdentityEvent;
import dev.keyhold.identity.model.hook.PasswordCandidate;
import dev.keyhold.identity.model.hook.RegistrationAttempt;
import dev.keyhold.identity.model.token.IssuedTokens;
import dev.keyhold.identity.model.token.OneTimeToken;
import dev.keyhold.identity.model.token.OneTimeTokenPurpose;
import dev.keyhold.identity.model.token.TokenHash;
import dev.keyhold.identity.model.user.Email;
import dev.keyhold.identity.model.user.PasswordHash;
import dev.keyhold.identity.model.user.Passwords;
import dev.keyhold.identity.model.user.User;
import dev.keyhold.identity.model.user.UserId;
import dev.keyhold.identity.spi.EmailChangeRepository;
import dev.keyhold.identity.spi.ExternalIdentityRepository;
import dev.keyhold.identity.spi.LinkRequestQueue.Kind;
import dev.keyhold.identity.spi.LinkRequestQueue;
import dev.keyhold.identity.spi.MailOutbox;
import dev.keyhold.identity.spi.MembershipRepository;
import dev.keyhold.identity.spi.OneTimeTokenRepository;
import dev.keyhold.identity.spi.RefreshTokenRepository;
import dev.keyhold.identity.spi.SecretGenerator;
import dev.keyhold.identity.spi.UserRepository;
import dev.keyhold.identity.usecase.Accounts;
import dev.keyhold.identity.usecase.Authenticate;
import dev.keyhold.identity.usecase.ChangeEmail;
import dev.keyhold.identity.usecase.ChangePassword;
import dev.keyhold.identity.usecase.CompleteMfaLogin;
import dev.keyhold.identity.usecase.ConfirmEmailChange;
import dev.keyhold.identity.usecase.DeleteAccount;
import dev.keyhold.identity.usecase.RegisterAccount;
import dev.keyhold.identity.usecase.ResendVerification;
import dev.keyhold.identity.usecase.ResetPassword;
import dev.keyhold.identity.usecase.UpdateProfile;
import dev.keyhold.identity.usecase.VerifyEmail;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Registration, email verification, password login and profile; password reset and change are delegated to
 * {@link PasswordService}.
 *
 * <p>Enumeration safety: registration hashes the password and sends one mail whether or not the address is taken;
 * login verifies a password hash (a dummy one for unknown or password-less users) before deciding, and answers every
 * failure with the same {@link InvalidCredentialsException}.
 *
 * <p>Abuse protection: login, registration and resends count against per-address and per-account rate limits once
 * the email has parsed and before anything costly (a hash, a lookup, a mail); registration counts against the
 * per-account limit only once the password is acceptable, so mistakes on the form do not use it up. Login then
 * refuses a locked account key before looking up the user or checking any password. Every
 * {@code invalid_credentials} answer counts as a failure toward lockout, a disabled account's correct password
 * included (else lockout would tell it apart); a correct password resets the counters, also when the login then
 * stops at {@link EmailNotVerifiedException} (NIST SP 800-63B counts wrong secrets only, and that answer already says
 * the password was right).
 */
public final class AccountService implements Accounts {


  /** Collaborators, grouped so the constructor stays readable. */
  public record Dependencies(
      UserRepository users,
      ExternalIdentityRepository externalIdentities,
      OneTimeTokenRepository oneTimeTokens,
      EmailChangeRepository emailChanges,
      RefreshTokenRepository sessions,
      MembershipRepository memberships,
      BoundedPasswordHasher hasher,
      PasswordHash dummyHash,
      PasswordPolicy passwordPolicy,
      SessionIssuer sessionIssuer,
      MfaLogin mfa,
      SecretGenerator secrets,
      MailOutbox outbox,
      LinkRequestQueue linkRequests,
      Auditor audit,
      EventPublisher events,
      Protection protection,
      Clock clock,
      AccountPolicy settings,
      Hooks hooks,
      RecentReads<UserId, Profile> profiles) {}

  private final Dependencies d;
  private final PasswordHash dummyHash;
  private final PasswordService passwords;
  private final EmailChangeService emailChanges;
  private final LinkRequests linkRequests;

  public AccountService(Dependencies dependencies) {
    this.d = dependencies;
    this.dummyHash = d.dummyHash();
    this.passwords = new PasswordService(dependencies, dummyHash);
    this.emailChanges = new EmailChangeService(dependencies, passwords.reauthentication());
    this.linkRequests = new LinkRequests(d.linkRequests(), d.secrets(), d.clock(), (kind, email, client) -> {
      switch (kind) {
        case PASSWORD_RESET -> passwords.sendResetLink(email, client);
        case VERIFICATION -> sendAnotherVerificationLink(email, client);
        default -> throw new IllegalStateException("unhandled link request " + kind);
      }
    });
  }

  @Override
  public Result register(RegisterAccount.Command command) {
    Email email = Email.parse(command.email());
    d.protection().checkAddress(RateLimits.REGISTER_IP, command.client());
    String displayName = displayName(command.displayName());
    d.passwordPolicy().check(command.password(), localPart(email), displayName);
    d.hooks().checkPassword(new PasswordCandidate(command.password(), PasswordCandidate.Purpose.REGISTRATION,
        email.display(), displayName), "password");
    checkRegistration(new RegistrationAttempt(email, displayName, "password", command.client()));
    d.protection().checkAccount(RateLimits.REGISTER_ACCOUNT, email, command.client());
    PasswordHash hash = d.hasher().hash(command.password());

    Optional<User> existing = d.users().findByEmail(email);
    if (existing.isPresent()) {
      return alreadyRegistered(existing.get(), command.client());
    }
    Instant now = d.clock().instant();
    User user = User.registered(new UserId(d.secrets().newId()), email, displayName, hash, now);
    try {
      d.users().insert(user);
    } catch (EmailTakenException raced) {
      Optional<User> winner = d.users().findByEmail(email);
      if (winner.isEmpty()) {
        // taken and gone again between the insert and this read: there is no account left to warn
        d.audit().failure("user.register_duplicate", null, null, command.client(), Map.of());
        return new AlreadyRegistered();
      }
      return alreadyRegistered(winner.get(), command.client());
    }
    sendVerificationLink(user, now);
    d.audit().success("user.registered", user.id(), user.id(), command.client(), Map.of());
    d.events().publish(new IdentityEvent.UserRegistered(user.id(), email.display(), now));
    return new Created(user.id());
  }

  @Override
  public UserId verifyEmail(VerifyEmail.Command command) {
    TokenHash hash = linkTokenHash(command.token());
    Instant now = d.clock().instant();
    OneTimeToken consumed = d.oneTimeTokens()
        .consume(hash, OneTimeTokenPurpose.VERIFY_EMAIL, now)
        .orElseThrow(() -> {
          d.audit().failure("email.verify_failed", null, null, command.client(), Map.of());
          return new InvalidTokenException(InvalidTokenException.Kind.LINK_TOKEN, "unknown_used_or_expired");
        });
    UserId userId = consumed.userId();
    if (d.users().markEmailVerified(userId, now)) {
      d.audit().success("email.verified", userId, userId, command.client(), Map.of());
      d.users().findById(userId).ifPresent(user ->
          d.events().publish(new IdentityEvent.EmailVerified(userId, user.email().display(), now)));
    }
    return userId;
  }

  @Override
  public void resendVerification(ResendVerification.Command command) {
    Email email = Email.parse(command.email());
    d.protection().checkAddressAndAccount(RateLimits.RESEND_IP, RateLimits.RESEND_ACCOUNT, email, command.client());
    linkRequests.accept(Kind.VERIFICATION, email, command.client());
  }

  /**
   * The deferred half of {@link #resendVerification}: a fresh link for an active, unverified account, else only an
   * audit row saying why none went out.
   */
  void sendAnotherVerificationLink(Email email, ClientInfo client) {
    Optional<User> found = d.users().findByEmail(email);
    Optional<String> refusal = resendRefusal(found);
    if (refusal.isPresent()) {
      d.audit().failure("email.verification_requested", null, found.map(User::id).orElse(null), client,
          Map.of("reason", refusal.get()));
      return;
    }
    User user = found.get();
    Instant now = d.clock().instant();
    d.oneTimeTokens().invalidateAll(user.id(), OneTimeTokenPurpose.VERIFY_EMAIL, now);
    sendVerificationLink(user, now);
    d.audit().success("email.verification_requested", null, user.id(), client, Map.of());
  }

  /** Why no verification link goes out for this address, or empty when one does. Only for the audit log. */
  private static Optional<String> resendRefusal(Optional<User> found) {
    if (found.isEmpty()) {
      return Optional.of("unknown_email");
    }
    if (!found.get().active()) {
      return Optional.of("account_disabled");
    }
    return found.get().emailVerified() ? Optional.of("already_verified") : Optional.empty();
  }

  @Override
  public LoginResult login(Authenticate.Command command) {
    String password = command.password() == null ? "" : command.password();
    if (Passwords.length(password) > Passwords.MAX_LENGTH) {
      throw ValidationException.of("password", "password_too_long",
          "Passwords are at most " + Passwords.MAX_LENGTH + " characters.");
    }
    Email email = Email.parse(command.email());
    d.protection().checkLogin(email, command.client());
    d.hasher().admit();
    Optional<User> found = d.users().findByEmail(email);
    PasswordHash hash = found.flatMap(User::password).orElse(dummyHash);
    boolean passwordMatches = d.hasher().verify(hash, password);

    if (found.isEmpty() || found.get().password().isEmpty() || !passwordMatches || !found.get().active()) {
      Map<String, String> details =
          new HashMap<>(found.isPresent() ? Map.of() : d.protection().unknownAddress(email));
      details.put("reason", failureReason(found, passwordMatches));
      d.audit().failure("login.failed", null, found.map(User::id).orElse(null), command.client(), details);
      d.protection().loginFailed(email, found.map(User::id).orElse(null), command.client());
      throw new InvalidCredentialsException();
    }
    User user = found.get();
    List<String> secondFactors = d.mfa().methodsFor(user.id());
    if (secondFactors.isEmpty()) {
      d.protection().loginSucceeded(email); // with a second factor, only the whole login resets the lockout
    }
    if (d.settings().requireVerifiedEmail() && !user.emailVerified()) {
      d.audit().failure("login.failed", user.id(), user.id(), command.client(), Map.of("reason", "email_unverified"));
      throw new EmailNotVerifiedException();
    }
    if (d.hasher().needsRehash(hash)) {
      rehash(user, password);
    }
    if (!secondFactors.isEmpty()) {
      return d.mfa().challenge(user, secondFactors, command.client());
    }
    IssuedTokens tokens =
        d.sessionIssuer().startSession(user, List.of("pwd"), command.client(), "login.succeeded", Map.of());
    d.events().publish(new IdentityEvent.SessionStarted(user.id(), tokens.sessionId(), d.clock().instant()));
    return new Authenticated(user.id(), tokens);
  }

  /** Upgrades a hash made with old parameters; when hashing is at its bound, the next login does it instead. */
  private void rehash(User user, String password) {
    try {
      d.users().updatePasswordHash(user.id(), d.hasher().hash(password), d.clock().instant());
    } catch (OverloadedException busy) {
      // the password was right and the session starts; the upgrade waits for a quieter login
    }
  }

  @Override
  public Authenticated completeMfaLogin(CompleteMfaLogin.Command command) {
    return d.mfa().completeMfaLogin(command);
  }

  @Override
  public void requestPasswordReset(ResetPassword.Request request) {
    Email email = Email.parse(request.email());
    d.protection().checkAddressAndAccount(RateLimits.RESET_IP, RateLimits.RESET_ACCOUNT, email, request.client());
    linkRequests.accept(Kind.PASSWORD_RESET, email, request.client());
  }

  /**
   * Handles the link requests that are due (password resets, verification resends): finds the account, stores the
   * token and queues the mail, or only audits when no link goes out. {@link dev.keyhold.identity.core.Keyhold#mail()}
   * runs this before each delivery round.
   *
   * @return how many requests were handled
   * @throws dev.keyhold.identity.error.StoreUnavailableException when a store cannot be reached; the requests not
   *     handled stay queued
   */
  public int handleLinkRequests() {
    return linkRequests.handleDue();
  }

  @Override
  public void confirmPasswordReset(ResetPassword.Confirmation confirmation) {
    passwords.confirmPasswordReset(confirmation);
  }

  @Override
  public int changePassword(ChangePassword.Command command) {
    return passwords.changePassword(command);
  }

  @Override
  public void changeEmail(ChangeEmail.Command command) {
    emailChanges.changeEmail(command);
  }

  @Override
  public ConfirmEmailChange.Confirmed confirmEmailChange(ConfirmEmailChange.Command command) {
    return emailChanges.confirmEmailChange(command);
  }

  @Override
  public void deleteAccount(DeleteAccount.Command command) {
    passwords.deleteAccount(command);
  }

  @Override
  public Profile profile(UserId userId) {
    // remembered briefly (the session check's bound), forgotten at once by this node's changes to the user
    return d.profiles().get(userId, id -> {
      User user = d.users().findById(id).orElseThrow(() -> new NotFoundException("No such user."));
      return new Profile(user.id(), user.email().display(), user.displayName(), user.emailVerified(), user.status(),
          user.createdAt(), d.mfa().enabledFor(user.id()));
    });
  }

  @Override
  public Profile updateProfile(UpdateProfile.Command command) {
    UserId userId = command.actor().userId();
    String name = displayName(command.displayName());
    User user = d.users().findById(userId).filter(User::active)
        .orElseThrow(() -> new InvalidTokenException(InvalidTokenException.Kind.ACCESS_TOKEN, "user_inactive"));
    if (!Objects.equals(name, user.displayName())) {
      d.users().updateDisplayName(userId, name, d.clock().instant());
      d.audit().success("user.profile_updated", userId, userId, command.actor().client(),
          Map.of("fields", "display_name"));
      d.events().publish(new IdentityEvent.ProfileUpdated(userId, d.clock().instant()));
    }
    return profile(userId);
  }

  /** The operator's registration checks; a refusal is audited (without the address) and thrown. */
  private void checkRegistration(RegistrationAttempt attempt) {
    try {
      d.hooks().checkRegistration(attempt);
    } catch (RefusedByHookException refused) {
      d.audit().failure("user.register_refused", null, null, attempt.client(),
          Map.of("reason", refused.reason(), "via", attempt.via()));
      throw refused;
    }
  }

  /**
   * Warns the owner of {@code existing} that someone tried to sign up with their address. The notice goes to the
   * address as stored, never as typed: a typed form that folds into it (another case, a compatibility character)
   * may be a mailbox the owner does not hold.
   */
  private Result alreadyRegistered(User existing, ClientInfo client) {
    d.outbox().enqueue(d.secrets().newId(),
        AccountMail.alreadyRegistered(existing.email().display(), d.settings().productName()), d.clock().instant());
    d.audit().failure("user.register_duplicate", null, null, client, Map.of());
    return new AlreadyRegistered();
  }

  private void sendVerificationLink(User user, Instant now) {
    String secret = d.secrets().newSecret();
    String link = d.settings().verifyEmailUrl().replace("{token}", secret);
    d.oneTimeTokens().insertWithMail(new OneTimeToken(TokenDigests.sha256(secret), OneTimeTokenPurpose.VERIFY_EMAIL,
        user.id(), now, now.plus(d.settings().verifyEmailTtl()), null), d.secrets().newId(),
        AccountMail.verifyAddress(user.email().display(), link, d.settings().productName()));
  }

  private static String failureReason(Optional<User> found, boolean passwordMatches) {
    if (found.isEmpty()) {
      return "unknown_email";
    }
    if (found.get().password().isEmpty()) {
      return "no_password";
    }
    return passwordMatches ? "account_disabled" : "bad_password";
  }

  /**
   * The stored form of a token from a link, after a shape check that keeps absurd input from being hashed.
   *
   * @throws InvalidTokenException of kind {@code LINK_TOKEN} when the token is missing or too long
   */
  static TokenHash linkTokenHash(String token) {
    if (token == null || token.isEmpty() || token.length() > TokenHash.MAX_LINK_TOKEN_LENGTH) {
      throw new InvalidTokenException(InvalidTokenException.Kind.LINK_TOKEN, "malformed");
    }
    return TokenDigests.sha256(token);
  }

  static String localPart(Email email) {
    return email.normalized().substring(0, email.normalized().indexOf('@'));
  }

  private static String displayName(String raw) {
    if (raw == null) {
      return null;
    }
    String name = raw.strip();
    if (name.isEmpty()) {
      return null;
    }
    if (name.codePointCount(0, name.length()) > User.DISPLAY_NAME_MAX_LENGTH || name.chars().anyMatch(Character::isISOControl)) {
      throw ValidationException.of("display_name", "invalid_display_name",
          "Use at most " + User.DISPLAY_NAME_MAX_LENGTH + " characters and no control characters.");
    }
    return name;
  }
}
