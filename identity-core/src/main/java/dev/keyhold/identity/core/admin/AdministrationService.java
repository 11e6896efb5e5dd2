package dev.keyhold.identity.core.admin;

import dev.keyhold.identity.core.access.AccessPolicy;
import dev.keyhold.identity.core.access.GlobalAccess;
import dev.keyhold.identity.core.audit.Auditor;
import dev.keyhold.identity.core.event.EventPublisher;
import dev.keyhold.identity.core.password.PasswordPolicy;
import dev.keyhold.identity.error.EmailTakenException;
import dev.keyhold.identity.error.ForbiddenException;
import dev.keyhold.identity.error.NotFoundException;
import dev.keyhold.identity.error.ValidationException;
import dev.keyhold.identity.model.ClientInfo;
import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.access.BuiltInRoles;
import dev.keyhold.identity.model.access.Role;
import dev.keyhold.identity.model.access.RoleId;
import dev.keyhold.identity.model.access.RoleKind;
import dev.keyhold.identity.model.access.Scopes;
import dev.keyhold.identity.model.event.IdentityEvent;
import dev.keyhold.identity.model.user.Email;
import dev.keyhold.identity.model.user.User;
import dev.keyhold.identity.model.user.UserId;
import dev.keyhold.identity.model.user.UserStatus;
import dev.keyhold.identity.spi.PasswordHasher;
import dev.keyhold.identity.spi.RefreshTokenRepository;
import dev.keyhold.identity.spi.RoleRepository;
import dev.keyhold.identity.spi.SecretGenerator;
import dev.keyhold.identity.spi.UserRepository;
import dev.keyhold.identity.spi.UserRoleRepository;
import dev.keyhold.identity.usecase.Administration;
import java.text.Normalizer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Global roles and user administration, authorized by the caller's current global roles in the stores.
 *
 * <p>No escalation: granting, revoking or creating a global role needs every scope of that role; and changing a
 * user's status (disable, enable) needs every global scope that user holds, so a help-desk role with
 * {@code users:write} alone cannot lock administrators out. Nobody disables themselves (a
 * {@link ForbiddenException}) or revokes their own {@code admin} role.
 */
public final class AdministrationService implements Administration {

  /** The largest page of {@link #listUsers}. */
  public static final int MAX_PAGE_SIZE = 200;

  private static final String NO_SUCH_USER = "No such user.";

  /** Collaborators, grouped so the constructor stays readable. */
  public record Dependencies(
      UserRepository users,
      RoleRepository roles,
      UserRoleRepository userRoles,
      RefreshTokenRepository sessions,
      AccessPolicy access,
      PasswordHasher hasher,
      PasswordPolicy passwordPolicy,
      SecretGenerator secrets,
      Auditor audit,
      EventPublisher events,
      Clock clock) {}

  private final Dependencies d;

  public AdministrationService(Dependencies dependencies) {
    this.d = dependencies;
  }

  @Override
  public List<GlobalRoleView> listGlobalRoles(Actor actor) {
    d.access().requireGlobal(actor, Scopes.ROLES_WRITE);
    return d.roles().listGlobal().stream().map(AdministrationService::view).toList();
  }

  @Override
  public GlobalRoleView createGlobalRole(Actor actor, String name, List<String> scopes) {
    GlobalAccess access = d.access().requireGlobal(actor, Scopes.ROLES_WRITE);
    String validName = Role.validName(name);
    Set<String> wanted = Role.validScopes(RoleKind.GLOBAL, scopeSet(scopes));
    requireGrantable(actor, access, wanted, "role.create_refused", validName);
    Role role = new Role(new RoleId(d.secrets().newId()), RoleKind.GLOBAL, null, validName, wanted, false,
        d.clock().instant());
    d.roles().insert(role);
    d.audit().success("role.created", actor.userId(), role.id(), actor.client(),
        Map.of("name", role.name(), "scopes", String.join(" ", Scopes.sorted(role.scopes()))));
    return view(role);
  }

  @Override
  public void grantRole(Actor actor, UserId userId, String role) {
    GlobalAccess access = d.access().requireGlobal(actor, Scopes.ROLES_WRITE);
    Role granted = globalRole(role);
    requireGrantable(actor, access, granted.scopes(), "role.grant_refused", userId);
    User user = d.users().findById(userId).orElseThrow(() -> new NotFoundException(NO_SUCH_USER));
    if (granted.id().equals(BuiltInRoles.USER.id())) {
      return; // every user holds it implicitly
    }
    boolean changed = d.userRoles().grant(user.id(), granted.id(), d.clock().instant());
    if (changed) {
      d.audit().success("role.granted", actor.userId(), user.id(), actor.client(), Map.of("role", granted.name()));
    }
  }

  @Override
  public void revokeRole(Actor actor, UserId userId, String role) {
    GlobalAccess access = d.access().requireGlobal(actor, Scopes.ROLES_WRITE);
    Role revoked = globalRole(role);
    if (revoked.id().equals(BuiltInRoles.USER.id())) {
      throw ValidationException.of("role", "implicit_role", "Every user holds the user role; it cannot be revoked.");
    }
    requireGrantable(actor, access, revoked.scopes(), "role.revoke_refused", userId);
    if (userId.equals(actor.userId()) && revoked.id().equals(BuiltInRoles.ADMIN.id())) {
      d.audit().failure("role.revoke_refused", actor.userId(), userId, actor.client(), Map.of("reason", "own_admin"));
      throw new ForbiddenException("You cannot revoke your own admin role; ask another administrator.");
    }
    User user = d.users().findById(userId).orElseThrow(() -> new NotFoundException(NO_SUCH_USER));
    if (d.userRoles().revoke(user.id(), revoked.id())) {
      d.audit().success("role.revoked", actor.userId(), user.id(), actor.client(), Map.of("role", revoked.name()));
    }
  }

  @Override
  public Page<UserSummary> listUsers(Actor actor, String emailPrefix, UserStatus status, String cursor, int limit) {
    d.access().requireGlobal(actor, Scopes.USERS_READ);
    if (limit < 1 || limit > MAX_PAGE_SIZE) {
      throw ValidationException.of("limit", "invalid_limit", "Ask for 1 to " + MAX_PAGE_SIZE + " users.");
    }
    UserRepository.Position after = cursor == null ? null : UserCursor.decode(cursor);
    List<User> found = d.users().search(normalizedPrefix(emailPrefix), status, after, limit + 1);
    List<User> page = found.size() > limit ? found.subList(0, limit) : found;
    String next = null;
    if (found.size() > limit) {
      User last = page.get(page.size() - 1);
      next = UserCursor.encode(new UserRepository.Position(last.email().normalized(), last.id()));
    }
    Map<RoleId, String> roleNames = new HashMap<>();
    List<UserSummary> items = new ArrayList<>(page.size());
    for (User user : page) {
      items.add(summary(user, roleNames));
    }
    return new Page<>(items, next);
  }

  @Override
  public UserSummary disableUser(Actor actor, UserId userId) {
    GlobalAccess access = d.access().requireGlobal(actor, Scopes.USERS_WRITE);
    if (userId.equals(actor.userId())) {
      d.audit().failure("user.disable_refused", actor.userId(), userId, actor.client(), Map.of("reason", "self"));
      throw new ForbiddenException("You cannot disable your own account.");
    }
    User user = d.users().findById(userId).orElseThrow(() -> new NotFoundException(NO_SUCH_USER));
    requireGrantable(actor, access, d.access().global(userId).scopes(), "user.disable_refused", userId);
    Instant now = d.clock().instant();
    d.users().updateStatus(user.id(), UserStatus.DISABLED, now);
    int ended = d.sessions().revokeAllSessions(user.id(), now);
    d.audit().success("user.disabled", actor.userId(), user.id(), actor.client(),
        Map.of("sessions_revoked", Integer.toString(ended)));
    return summary(reload(user.id()), new HashMap<>());
  }

  @Override
  public UserSummary enableUser(Actor actor, UserId userId) {
    GlobalAccess access = d.access().requireGlobal(actor, Scopes.USERS_WRITE);
    User user = d.users().findById(userId).orElseThrow(() -> new NotFoundException(NO_SUCH_USER));
    requireGrantable(actor, access, d.access().global(userId).scopes(), "user.enable_refused", userId);
    if (!user.active()) {
      d.users().updateStatus(user.id(), UserStatus.ACTIVE, d.clock().instant());
      d.audit().success("user.enabled", actor.userId(), user.id(), actor.client(), Map.of());
    }
    return summary(reload(user.id()), new HashMap<>());
  }

  @Override
  public UserId bootstrapAdmin(String email, String password, ClientInfo client) {
    Email address = Email.parse(email);
    Optional<User> existing = d.users().findByEmail(address);
    User user;
    if (existing.isPresent()) {
      user = existing.get();
    } else {
      d.passwordPolicy().check(password, address.normalized().substring(0, address.normalized().indexOf('@')));
      Instant now = d.clock().instant();
      User fresh = new User(new UserId(d.secrets().newId()), address, null, UserStatus.ACTIVE, now,
          d.hasher().hash(password), now, now);
      try {
        d.users().insert(fresh);
        user = fresh;
        d.audit().success("user.registered", null, user.id(), client, Map.of("via", "bootstrap_admin"));
        d.events().publish(new IdentityEvent.UserRegistered(user.id(), address.display(), now));
      } catch (EmailTakenException raced) {
        user = d.users().findByEmail(address).orElseThrow(() -> raced);
      }
    }
    if (d.userRoles().grant(user.id(), BuiltInRoles.ADMIN.id(), d.clock().instant())) {
      d.audit().success("role.granted", null, user.id(), client,
          Map.of("role", BuiltInRoles.ADMIN.name(), "via", "bootstrap_admin"));
    }
    return user.id();
  }

  /** A list of scope names as a set; {@code null} or null entries are a validation failure of field {@code scopes}. */
  private static Set<String> scopeSet(Collection<String> scopes) {
    if (scopes == null || scopes.stream().anyMatch(scope -> scope == null)) {
      throw ValidationException.of("scopes", "unknown_scope", "Give the role's scopes as a list of scope names.");
    }
    return Set.copyOf(scopes);
  }

  /** The prefix in the normalized form emails are compared in, or {@code null} for none. */
  private static String normalizedPrefix(String prefix) {
    if (prefix == null) {
      return null;
    }
    String normalized = Normalizer.normalize(prefix.strip(), Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    if (normalized.length() > Email.MAX_LENGTH) {
      throw ValidationException.of("email_prefix", "invalid_email_prefix",
          "Use at most " + Email.MAX_LENGTH + " characters.");
    }
    return normalized.isEmpty() ? null : normalized;
  }

  private Role globalRole(String name) {
    return d.access().globalRole(name).orElseThrow(() -> new NotFoundException("No such role."));
  }

  private void requireGrantable(Actor actor, GlobalAccess access, Collection<String> scopes, String refusal,
      Object target) {
    try {
      access.requireGrantable(scopes);
    } catch (ForbiddenException e) {
      d.audit().failure(refusal, actor.userId(), target, actor.client(), Map.of("reason", "escalation"));
      throw e;
    }
  }

  private User reload(UserId id) {
    return d.users().findById(id).orElseThrow(() -> new NotFoundException(NO_SUCH_USER));
  }

  private UserSummary summary(User user, Map<RoleId, String> roleNames) {
    List<String> roles = new ArrayList<>();
    for (RoleId roleId : d.userRoles().rolesOf(user.id())) {
      String name = roleNames.computeIfAbsent(roleId, id -> d.roles().findById(id).map(Role::name).orElse(null));
      if (name != null) {
        roles.add(name);
      }
    }
    return new UserSummary(user.id(), user.email().display(), user.displayName(), user.status(),
        user.emailVerified(), user.createdAt(), roles);
  }

  private static GlobalRoleView view(Role role) {
    return new GlobalRoleView(role.id(), role.name(), Scopes.sorted(role.scopes()), role.builtIn());
  }
}
