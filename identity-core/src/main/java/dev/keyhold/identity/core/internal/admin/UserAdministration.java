package dev.keyhold.identity.core.internal.admin;

import static dev.keyhold.identity.core.internal.admin.AdminChecks.NO_SUCH_USER;

import dev.keyhold.identity.core.internal.access.AccessResolver;
import dev.keyhold.identity.core.internal.access.Authorizer;
import dev.keyhold.identity.core.internal.access.GlobalAccess;
import dev.keyhold.identity.core.internal.account.AccountRemoval;
import dev.keyhold.identity.core.internal.audit.Auditor;
import dev.keyhold.identity.core.internal.event.EventPublisher;
import dev.keyhold.identity.error.ForbiddenException;
import dev.keyhold.identity.error.NotFoundException;
import dev.keyhold.identity.error.ValidationException;
import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.access.Role;
import dev.keyhold.identity.model.access.RoleId;
import dev.keyhold.identity.model.access.Scopes;
import dev.keyhold.identity.model.event.IdentityEvent;
import dev.keyhold.identity.model.user.Email;
import dev.keyhold.identity.model.user.User;
import dev.keyhold.identity.model.user.UserId;
import dev.keyhold.identity.model.user.UserStatus;
import dev.keyhold.identity.spi.RefreshTokenRepository;
import dev.keyhold.identity.spi.RoleRepository;
import dev.keyhold.identity.spi.UserRepository;
import dev.keyhold.identity.spi.UserRoleRepository;
import dev.keyhold.identity.usecase.Administration.Page;
import dev.keyhold.identity.usecase.Administration.UserSummary;
import dev.keyhold.identity.usecase.DeleteUser;
import dev.keyhold.identity.usecase.DisableUser;
import dev.keyhold.identity.usecase.EnableUser;
import dev.keyhold.identity.usecase.ListUsers;
import dev.keyhold.identity.usecase.LogoutUser;
import java.text.Normalizer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Users as administrators see them: listing them, disabling and enabling them, ending their sessions, deleting them.
 * Changing a user's status, ending their sessions or deleting them needs every global scope that user holds, so a
 * help-desk role with {@code users:write} alone cannot lock administrators out; nobody disables, signs out or deletes
 * themselves here.
 */
final class UserAdministration implements ListUsers, DisableUser, EnableUser, LogoutUser, DeleteUser {

  /** The largest page of {@link #listUsers}. */
  static final int MAX_PAGE_SIZE = 200;

  private final UserRepository users;
  private final RoleRepository roles;
  private final UserRoleRepository userRoles;
  private final RefreshTokenRepository sessions;
  private final AccessResolver grants;
  private final Authorizer access;
  private final AccountRemoval removal;
  private final Auditor audit;
  private final EventPublisher events;
  private final Clock clock;

  UserAdministration(UserRepository users, RoleRepository roles, UserRoleRepository userRoles,
      RefreshTokenRepository sessions, AccessResolver grants, Authorizer access, AccountRemoval removal,
      Auditor audit, EventPublisher events, Clock clock) {
    this.events = events;
    this.users = users;
    this.roles = roles;
    this.userRoles = userRoles;
    this.sessions = sessions;
    this.grants = grants;
    this.access = access;
    this.removal = removal;
    this.audit = audit;
    this.clock = clock;
  }

  @Override
  public Page<UserSummary> listUsers(ListUsers.Query query) {
    access.onPlatform(query.actor(), Scopes.USERS_READ);
    int limit = query.limit();
    if (limit < 1 || limit > MAX_PAGE_SIZE) {
      throw ValidationException.of("limit", "invalid_limit", "Ask for 1 to " + MAX_PAGE_SIZE + " users.");
    }
    UserRepository.Position after = query.cursor() == null ? null : UserCursor.decode(query.cursor());
    List<User> found = users.search(normalizedPrefix(query.emailPrefix()), namePrefix(query.namePrefix()),
        query.status(), after, limit + 1);
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
  public UserSummary disableUser(DisableUser.Command command) {
    Actor actor = command.actor();
    UserId userId = command.userId();
    GlobalAccess caller = access.onPlatform(actor, Scopes.USERS_WRITE);
    if (userId.equals(actor.userId())) {
      audit.failure("user.disable_refused", actor.userId(), userId, actor.client(), Map.of("reason", "self"));
      throw new ForbiddenException("You cannot disable your own account.");
    }
    User user = users.findById(userId).orElseThrow(() -> new NotFoundException(NO_SUCH_USER));
    AdminChecks.requireGrantable(audit, actor, caller, grants.global(userId).scopes(), "user.disable_refused",
        userId);
    Instant now = clock.instant();
    users.updateStatus(user.id(), UserStatus.DISABLED, now);
    int ended = sessions.revokeAllSessions(user.id(), now);
    audit.success("user.disabled", actor.userId(), user.id(), actor.client(),
        Map.of("sessions_revoked", Integer.toString(ended)));
    events.publish(new IdentityEvent.UserStatusChanged(user.id(), false, actor.userId(), now));
    return summary(reload(user.id()), new HashMap<>());
  }

  @Override
  public UserSummary enableUser(EnableUser.Command command) {
    Actor actor = command.actor();
    UserId userId = command.userId();
    GlobalAccess caller = access.onPlatform(actor, Scopes.USERS_WRITE);
    User user = users.findById(userId).orElseThrow(() -> new NotFoundException(NO_SUCH_USER));
    AdminChecks.requireGrantable(audit, actor, caller, grants.global(userId).scopes(), "user.enable_refused",
        userId);
    if (!user.active()) {
      users.updateStatus(user.id(), UserStatus.ACTIVE, clock.instant());
      audit.success("user.enabled", actor.userId(), user.id(), actor.client(), Map.of());
      events.publish(new IdentityEvent.UserStatusChanged(user.id(), true, actor.userId(), clock.instant()));
    }
    return summary(reload(user.id()), new HashMap<>());
  }

  @Override
  public void deleteUser(DeleteUser.Command command) {
    Actor actor = command.actor();
    UserId userId = command.userId();
    GlobalAccess caller = access.onPlatform(actor, Scopes.USERS_WRITE);
    if (userId.equals(actor.userId())) {
      audit.failure("user.delete_refused", actor.userId(), userId, actor.client(), Map.of("reason", "self"));
      throw new ForbiddenException("Delete your own account with DELETE /api/v1/me, not as an administrator.");
    }
    User user = users.findById(userId).orElseThrow(() -> new NotFoundException(NO_SUCH_USER));
    AdminChecks.requireGrantable(audit, actor, caller, grants.global(userId).scopes(), "user.delete_refused",
        userId);
    if (!removal.remove(user, actor, AccountRemoval.Requester.AN_ADMINISTRATOR, "user.delete_refused")) {
      throw new NotFoundException(NO_SUCH_USER);
    }
  }

  @Override
  public int logoutUser(LogoutUser.Command command) {
    Actor actor = command.actor();
    UserId userId = command.userId();
    GlobalAccess caller = access.onPlatform(actor, Scopes.USERS_WRITE);
    if (userId.equals(actor.userId())) {
      audit.failure("user.logout_refused", actor.userId(), userId, actor.client(), Map.of("reason", "self"));
      throw new ForbiddenException("End your own sessions with POST /api/v1/logout-all, not as an administrator.");
    }
    User user = users.findById(userId).orElseThrow(() -> new NotFoundException(NO_SUCH_USER));
    AdminChecks.requireGrantable(audit, actor, caller, grants.global(userId).scopes(), "user.logout_refused",
        userId);
    int ended = sessions.revokeAllSessions(user.id(), clock.instant());
    audit.success("user.logged_out", actor.userId(), user.id(), actor.client(),
        Map.of("sessions_revoked", Integer.toString(ended)));
    return ended;
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

  /** The display-name prefix lower-cased as the store compares it, or {@code null} for none. */
  private static String namePrefix(String prefix) {
    if (prefix == null) {
      return null;
    }
    String lowered = prefix.strip().toLowerCase(Locale.ROOT);
    if (lowered.codePointCount(0, lowered.length()) > User.DISPLAY_NAME_MAX_LENGTH) {
      throw ValidationException.of("q", "invalid_name_prefix",
          "Use at most " + User.DISPLAY_NAME_MAX_LENGTH + " characters.");
    }
    return lowered.isEmpty() ? null : lowered;
  }

  private User reload(UserId id) {
    return users.findById(id).orElseThrow(() -> new NotFoundException(NO_SUCH_USER));
  }

  /** The user as administrators see them in a list. */
  UserSummary summary(User user) {
    return summary(user, new HashMap<>());
  }

  private UserSummary summary(User user, Map<RoleId, String> roleNames) {
    List<String> held = new ArrayList<>();
    for (RoleId roleId : userRoles.rolesOf(user.id())) {
      String name = roleNames.computeIfAbsent(roleId, id -> roles.findById(id).map(Role::name).orElse(null));
      if (name != null) {
        held.add(name);
      }
    }
    return new UserSummary(user.id(), user.email().display(), user.displayName(), user.status(),
        user.emailVerified(), user.createdAt(), held);
  }
}
