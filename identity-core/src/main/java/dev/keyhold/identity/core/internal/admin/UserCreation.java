package dev.keyhold.identity.core.internal.admin;

import dev.keyhold.identity.core.internal.access.Authorizer;
import dev.keyhold.identity.core.internal.account.PasswordSetupLinks;
import dev.keyhold.identity.core.internal.audit.Auditor;
import dev.keyhold.identity.core.internal.event.EventPublisher;
import dev.keyhold.identity.error.EmailTakenException;
import dev.keyhold.identity.error.ValidationException;
import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.access.Scopes;
import dev.keyhold.identity.model.event.IdentityEvent;
import dev.keyhold.identity.model.user.Email;
import dev.keyhold.identity.model.user.User;
import dev.keyhold.identity.model.user.UserId;
import dev.keyhold.identity.model.user.UserStatus;
import dev.keyhold.identity.spi.SecretGenerator;
import dev.keyhold.identity.spi.UserRepository;
import dev.keyhold.identity.usecase.Administration.UserSummary;
import dev.keyhold.identity.usecase.CreateUser;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;

/**
 * An administrator creates a verified account without a password; the user is mailed a link to choose one. Unlike
 * registration, a taken address is said so ({@code email_taken}): the caller can list users anyway.
 */
final class UserCreation implements CreateUser {

  private final UserRepository users;
  private final PasswordSetupLinks links;
  private final Function<User, UserSummary> summaries;
  private final Authorizer access;
  private final SecretGenerator secrets;
  private final Auditor audit;
  private final EventPublisher events;
  private final Clock clock;

  UserCreation(UserRepository users, PasswordSetupLinks links, Function<User, UserSummary> summaries,
      Authorizer access, SecretGenerator secrets, Auditor audit, EventPublisher events, Clock clock) {
    this.users = users;
    this.links = links;
    this.summaries = summaries;
    this.access = access;
    this.secrets = secrets;
    this.audit = audit;
    this.events = events;
    this.clock = clock;
  }

  @Override
  public UserSummary createUser(CreateUser.Command command) {
    Actor actor = command.actor();
    access.onPlatform(actor, Scopes.USERS_WRITE);
    Email email = Email.parse(command.email());
    String displayName = displayName(command.displayName());
    Instant now = clock.instant();
    User user = new User(new UserId(secrets.newId()), email, displayName, UserStatus.ACTIVE, now, null, now, now);
    try {
      users.insert(user);
    } catch (EmailTakenException taken) {
      audit.failure("user.create_refused", actor.userId(), users.findByEmail(email).map(User::id).orElse(null),
          actor.client(), Map.of("reason", "email_taken"));
      throw taken;
    }
    links.mail(user);
    audit.success("user.created", actor.userId(), user.id(), actor.client(), Map.of());
    events.publish(new IdentityEvent.UserRegistered(user.id(), email.display(), now));
    return summaries.apply(user);
  }

  /** As at registration: stripped, blank is none, at most the limit and no control characters. */
  private static String displayName(String raw) {
    String name = raw == null ? "" : raw.strip();
    if (name.isEmpty()) {
      return null;
    }
    if (name.codePointCount(0, name.length()) > User.DISPLAY_NAME_MAX_LENGTH
        || name.chars().anyMatch(Character::isISOControl)) {
      throw ValidationException.of("display_name", "invalid_display_name",
          "Use at most " + User.DISPLAY_NAME_MAX_LENGTH + " characters and no control characters.");
    }
    return name;
  }
}
