package dev.keyhold.identity.core.internal.admin;

import dev.keyhold.identity.core.internal.audit.Auditor;
import dev.keyhold.identity.core.internal.event.EventPublisher;
import dev.keyhold.identity.core.internal.extension.Hooks;
import dev.keyhold.identity.core.password.PasswordPolicy;
import dev.keyhold.identity.error.EmailTakenException;
import dev.keyhold.identity.model.ClientInfo;
import dev.keyhold.identity.model.access.BuiltInRoles;
import dev.keyhold.identity.model.event.IdentityEvent;
import dev.keyhold.identity.model.hook.PasswordCandidate;
import dev.keyhold.identity.model.user.Email;
import dev.keyhold.identity.model.user.User;
import dev.keyhold.identity.model.user.UserId;
import dev.keyhold.identity.model.user.UserStatus;
import dev.keyhold.identity.spi.PasswordHasher;
import dev.keyhold.identity.spi.SecretGenerator;
import dev.keyhold.identity.spi.UserRepository;
import dev.keyhold.identity.spi.UserRoleRepository;
import dev.keyhold.identity.usecase.BootstrapAdmin;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** The first administrator, for operators: creates the user if needed and grants the {@code admin} role. */
final class AdminBootstrap implements BootstrapAdmin {

  private final UserRepository users;
  private final UserRoleRepository userRoles;
  private final PasswordHasher hasher;
  private final PasswordPolicy passwordPolicy;
  private final Hooks hooks;
  private final SecretGenerator secrets;
  private final Auditor audit;
  private final EventPublisher events;
  private final Clock clock;

  AdminBootstrap(UserRepository users, UserRoleRepository userRoles, PasswordHasher hasher,
      PasswordPolicy passwordPolicy, Hooks hooks, SecretGenerator secrets, Auditor audit, EventPublisher events,
      Clock clock) {
    this.hooks = hooks;
    this.users = users;
    this.userRoles = userRoles;
    this.hasher = hasher;
    this.passwordPolicy = passwordPolicy;
    this.secrets = secrets;
    this.audit = audit;
    this.events = events;
    this.clock = clock;
  }

  @Override
  public UserId bootstrapAdmin(BootstrapAdmin.Command command) {
    ClientInfo client = command.client();
    Email address = Email.parse(command.email());
    Optional<User> existing = users.findByEmail(address);
    User user;
    if (existing.isPresent()) {
      user = existing.get();
    } else {
      passwordPolicy.check(command.password(),
          address.normalized().substring(0, address.normalized().indexOf('@')));
      hooks.checkPassword(new PasswordCandidate(command.password(),
          PasswordCandidate.Purpose.ADMINISTRATOR_BOOTSTRAP, address.display(), null), "password");
      Instant now = clock.instant();
      User fresh = new User(new UserId(secrets.newId()), address, null, UserStatus.ACTIVE, now,
          hasher.hash(command.password()), now, now);
      try {
        users.insert(fresh);
        user = fresh;
        audit.success("user.registered", null, user.id(), client, Map.of("via", "bootstrap_admin"));
        events.publish(new IdentityEvent.UserRegistered(user.id(), address.display(), now));
      } catch (EmailTakenException raced) {
        user = users.findByEmail(address).orElseThrow(() -> raced);
      }
    }
    if (userRoles.grant(user.id(), BuiltInRoles.ADMIN.id(), clock.instant())) {
      audit.success("role.granted", null, user.id(), client,
          Map.of("role", BuiltInRoles.ADMIN.name(), "via", "bootstrap_admin"));
    }
    return user.id();
  }
}
