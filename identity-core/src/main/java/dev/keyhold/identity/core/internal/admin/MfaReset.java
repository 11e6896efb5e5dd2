package dev.keyhold.identity.core.internal.admin;

import static dev.keyhold.identity.core.internal.admin.AdminChecks.NO_SUCH_USER;

import dev.keyhold.identity.core.internal.access.AccessResolver;
import dev.keyhold.identity.core.internal.access.Authorizer;
import dev.keyhold.identity.core.internal.access.GlobalAccess;
import dev.keyhold.identity.core.internal.audit.Auditor;
import dev.keyhold.identity.core.internal.event.EventPublisher;
import dev.keyhold.identity.core.internal.mfa.MfaRemoval;
import dev.keyhold.identity.error.NotFoundException;
import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.access.Scopes;
import dev.keyhold.identity.model.event.IdentityEvent;
import dev.keyhold.identity.model.user.User;
import dev.keyhold.identity.spi.UserRepository;
import dev.keyhold.identity.usecase.ResetUserMfa;
import java.util.Map;

/**
 * An administrator removes a user's two-factor sign-in. Like disabling a user, it needs every global scope that user
 * holds: a help-desk role with {@code users:write} alone cannot strip an administrator's second factor.
 */
final class MfaReset implements ResetUserMfa {

  private final UserRepository users;
  private final MfaRemoval removal;
  private final AccessResolver grants;
  private final Authorizer access;
  private final Auditor audit;
  private final EventPublisher events;
  private final java.time.Clock clock;

  MfaReset(UserRepository users, MfaRemoval removal, AccessResolver grants, Authorizer access, Auditor audit,
      EventPublisher events, java.time.Clock clock) {
    this.events = events;
    this.clock = clock;
    this.users = users;
    this.removal = removal;
    this.grants = grants;
    this.access = access;
    this.audit = audit;
  }

  @Override
  public boolean resetMfa(ResetUserMfa.Command command) {
    Actor actor = command.actor();
    GlobalAccess caller = access.onPlatform(actor, Scopes.USERS_WRITE);
    User user = users.findById(command.userId()).orElseThrow(() -> new NotFoundException(NO_SUCH_USER));
    AdminChecks.requireGrantable(audit, actor, caller, grants.global(user.id()).scopes(), "mfa.reset_refused",
        user.id());
    boolean removed = removal.remove(user);
    audit.success("mfa.reset_by_admin", actor.userId(), user.id(), actor.client(),
        Map.of("removed", Boolean.toString(removed)));
    if (removed) {
      events.publish(new IdentityEvent.TwoFactorChanged(user.id(), false, clock.instant()));
    }
    return removed;
  }
}
