package dev.keyhold.identity.core.internal.external;

import dev.keyhold.identity.core.internal.audit.Auditor;
import dev.keyhold.identity.core.internal.event.EventPublisher;
import dev.keyhold.identity.core.internal.extension.Hooks;
import dev.keyhold.identity.core.internal.external.LinkingPolicy.Decision;
import dev.keyhold.identity.error.EmailTakenException;
import dev.keyhold.identity.error.ExternalLoginException;
import dev.keyhold.identity.error.InvalidCredentialsException;
import dev.keyhold.identity.error.RefusedByHookException;
import dev.keyhold.identity.error.ValidationException;
import dev.keyhold.identity.model.ClientInfo;
import dev.keyhold.identity.model.event.IdentityEvent;
import dev.keyhold.identity.model.external.ExternalIdentity;
import dev.keyhold.identity.model.external.ExternalIdentityId;
import dev.keyhold.identity.model.external.VerifiedExternalIdentity;
import dev.keyhold.identity.model.hook.RegistrationAttempt;
import dev.keyhold.identity.model.user.Email;
import dev.keyhold.identity.model.user.User;
import dev.keyhold.identity.model.user.UserId;
import dev.keyhold.identity.spi.ExternalIdentityRepository;
import dev.keyhold.identity.spi.IdentityProvider;
import dev.keyhold.identity.spi.MailOutbox;
import dev.keyhold.identity.spi.RecoveryCodeRepository;
import dev.keyhold.identity.spi.RefreshTokenRepository;
import dev.keyhold.identity.spi.SecretGenerator;
import dev.keyhold.identity.spi.TotpCredentialRepository;
import dev.keyhold.identity.spi.UserRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Finds or makes the account a verified provider identity signs in to, as {@link LinkingPolicy} decides, and carries
 * the decision out: links, the takeover of an unverified account, new users, with their audit rows, events and
 * notices. Refuses disabled accounts before changing anything.
 *
 * <p>Races between nodes are settled by the stores' uniqueness (of issuer and subject, of email): a step that loses
 * one (the identity linked, or the address registered, by someone else meanwhile) decides again once on what is then
 * stored.
 */
final class AccountLinker {

  private final UserRepository users;
  private final ExternalIdentityRepository identities;
  private final RefreshTokenRepository sessions;
  private final TotpCredentialRepository totpCredentials;
  private final RecoveryCodeRepository recoveryCodes;
  private final MailOutbox outbox;
  private final SecretGenerator secrets;
  private final Auditor audit;
  private final EventPublisher events;
  private final Clock clock;
  private final String productName;
  private final Hooks hooks;

  AccountLinker(UserRepository users, ExternalIdentityRepository identities, RefreshTokenRepository sessions,
      TotpCredentialRepository totpCredentials, RecoveryCodeRepository recoveryCodes, MailOutbox outbox,
      SecretGenerator secrets, Auditor audit, EventPublisher events, Clock clock, String productName, Hooks hooks) {
    this.hooks = hooks;
    this.users = users;
    this.identities = identities;
    this.sessions = sessions;
    this.totpCredentials = totpCredentials;
    this.recoveryCodes = recoveryCodes;
    this.outbox = outbox;
    this.secrets = secrets;
    this.audit = audit;
    this.events = events;
    this.clock = clock;
    this.productName = productName;
  }

  /** Thrown inside when a store says someone else got there first; the caller decides again. */
  private static final class Raced extends Exception {
    Raced() {
      super(null, null, false, false);
    }
  }

  /**
   * The active user {@code identity} signs in.
   *
   * @throws ExternalLoginException {@code oauth_login_failed} when the policy refuses, or the identity is malformed
   * @throws InvalidCredentialsException when the account is disabled
   */
  User accountFor(IdentityProvider provider, VerifiedExternalIdentity identity, ClientInfo client) {
    if (!isKey(identity.issuer()) || !isKey(identity.subject())) {
      throw failed(provider, "invalid_subject", null, client);
    }
    try {
      return decideAndAct(provider, identity, client);
    } catch (Raced first) {
      try {
        return decideAndAct(provider, identity, client);
      } catch (Raced again) {
        throw failed(provider, "concurrent_sign_in", null, client);
      }
    }
  }

  private User decideAndAct(IdentityProvider provider, VerifiedExternalIdentity identity, ClientInfo client)
      throws Raced {
    Optional<ExternalIdentity> link = identities.find(identity.issuer(), identity.subject());
    Optional<Email> email = emailOf(identity);
    Optional<User> account = link.isPresent() ? Optional.empty() : email.flatMap(users::findByEmail);
    Decision decision = LinkingPolicy.decide(link.isPresent(), account.isPresent(),
        account.map(User::emailVerified).orElse(false), email.isPresent() && identity.emailVerified());
    switch (decision) {
      case SIGN_IN_LINKED_USER -> {
        UserId userId = link.get().userId();
        User user = users.findById(userId).orElseThrow(() -> failed(provider, "unknown_user", userId, client));
        return active(provider, user, client);
      }
      case LINK_VERIFIED_ACCOUNT -> {
        User user = active(provider, account.get(), client);
        ExternalIdentity linked = link(provider, identity, user);
        linked(provider, user, linked, "verified_email", Map.of(), client);
        notice(user, ExternalMail.Change.LINKED, provider);
        return user;
      }
      case CLAIM_UNVERIFIED_ACCOUNT -> {
        return claim(provider, identity, active(provider, account.get(), client), client);
      }
      case CREATE_USER -> {
        return create(provider, identity, email.get(), client);
      }
      default -> throw failed(provider, decision.reason(), account.map(User::id).orElse(null), client);
    }
  }

  /**
   * The pre-account-hijacking defence: the account was registered with an address nobody proved, so whatever its
   * registrant set up goes before the proven owner's identity is linked. The password goes first, so that no new
   * session can start with it while the old ones end.
   */
  private User claim(IdentityProvider provider, VerifiedExternalIdentity identity, User account, ClientInfo client)
      throws Raced {
    Instant now = clock.instant();
    users.updatePasswordHash(account.id(), null, now);
    boolean hadAuthenticator = totpCredentials.delete(account.id());
    int recoveryCodesRemoved = recoveryCodes.deleteAll(account.id());
    int linksRemoved = 0;
    for (ExternalIdentity other : identities.listByUser(account.id())) {
      if (identities.delete(account.id(), other.id())) {
        linksRemoved++;
      }
    }
    int revoked = sessions.revokeAllSessions(account.id(), now);
    if (users.markEmailVerified(account.id(), now)) {
      audit.success("email.verified", account.id(), account.id(), client, Map.of("by", "oauth"));
      events.publish(new IdentityEvent.EmailVerified(account.id(), account.email().display(), now));
    }
    User claimed = users.findById(account.id()).orElse(account.withPasswordHash(null, now).withEmailVerifiedAt(now));
    ExternalIdentity linked = link(provider, identity, claimed);
    Map<String, String> details = new LinkedHashMap<>();
    details.put("password_removed", Boolean.toString(account.password().isPresent()));
    details.put("second_factor_removed", Boolean.toString(hadAuthenticator || recoveryCodesRemoved > 0));
    details.put("links_removed", Integer.toString(linksRemoved));
    details.put("sessions_revoked", Integer.toString(revoked));
    linked(provider, claimed, linked, "claimed_unverified_account", details, client);
    notice(claimed, ExternalMail.Change.CLAIMED, provider);
    return claimed;
  }

  private User create(IdentityProvider provider, VerifiedExternalIdentity identity, Email email, ClientInfo client)
      throws Raced {
    String name = displayName(identity.displayName());
    try {
      hooks.checkRegistration(new RegistrationAttempt(email, name, provider.name(), client));
    } catch (RefusedByHookException refused) {
      audit.failure("user.register_refused", null, null, client,
          Map.of("reason", refused.reason(), "via", provider.name()));
      throw refused;
    }
    Instant now = clock.instant();
    User user = User.external(new UserId(secrets.newId()), email, name, now);
    try {
      users.insert(user);
    } catch (EmailTakenException raced) {
      throw new Raced();
    }
    audit.success("user.registered", user.id(), user.id(), client, Map.of("provider", provider.name()));
    events.publish(new IdentityEvent.UserRegistered(user.id(), email.display(), now));
    ExternalIdentity linked = link(provider, identity, user);
    linked(provider, user, linked, "new_user", Map.of(), client);
    return user;
  }

  private ExternalIdentity link(IdentityProvider provider, VerifiedExternalIdentity identity, User user)
      throws Raced {
    ExternalIdentity link = new ExternalIdentity(new ExternalIdentityId(secrets.newId()), user.id(), provider.name(),
        identity.issuer(), identity.subject(), emailOf(identity).map(Email::display).orElse(null), clock.instant());
    if (!identities.insert(link)) {
      throw new Raced();
    }
    return link;
  }

  private void linked(IdentityProvider provider, User user, ExternalIdentity link, String via,
      Map<String, String> more, ClientInfo client) {
    Map<String, String> details = new LinkedHashMap<>();
    details.put("provider", provider.name());
    details.put("identity", link.id().toString());
    details.put("via", via);
    details.putAll(more);
    audit.success("oauth.identity_linked", user.id(), user.id(), client, details);
  }

  private User active(IdentityProvider provider, User user, ClientInfo client) {
    if (!user.active()) {
      audit.failure("oauth.login_failed", null, user.id(), client,
          Map.of("provider", provider.name(), "reason", "account_disabled"));
      throw new InvalidCredentialsException();
    }
    return user;
  }

  private void notice(User user, ExternalMail.Change change, IdentityProvider provider) {
    outbox.enqueue(secrets.newId(),
        ExternalMail.notice(user.email().display(), change, provider.displayName(), productName), clock.instant());
  }

  private ExternalLoginException failed(IdentityProvider provider, String reason, UserId target, ClientInfo client) {
    audit.failure("oauth.login_failed", null, target, client, Map.of("provider", provider.name(), "reason", reason));
    return ExternalLoginException.failed(reason);
  }

  /** The address the provider gave, when it is one; an unparseable one counts as none. */
  private static Optional<Email> emailOf(VerifiedExternalIdentity identity) {
    if (identity.email() == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Email.parse(identity.email()));
    } catch (ValidationException notAnAddress) {
      return Optional.empty();
    }
  }

  /** The provider's name for the person, trimmed and cut to the longest display name; none when it holds controls. */
  static String displayName(String raw) {
    if (raw == null || raw.isBlank() || raw.chars().anyMatch(Character::isISOControl)) {
      return null;
    }
    String name = raw.strip();
    if (name.codePointCount(0, name.length()) > User.DISPLAY_NAME_MAX_LENGTH) {
      name = name.substring(0, name.offsetByCodePoints(0, User.DISPLAY_NAME_MAX_LENGTH)).strip();
    }
    return name;
  }

  private static boolean isKey(String value) {
    return value != null && !value.isEmpty() && value.length() <= ExternalIdentity.MAX_KEY_LENGTH;
  }
}
