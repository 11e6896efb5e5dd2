package dev.keyhold.identity.core.internal.account;

import dev.keyhold.identity.core.internal.audit.Auditor;
import dev.keyhold.identity.core.internal.event.EventPublisher;
import dev.keyhold.identity.error.ConflictException;
import dev.keyhold.identity.error.ErrorCode;
import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.access.BuiltInRoles;
import dev.keyhold.identity.model.event.IdentityEvent;
import dev.keyhold.identity.model.org.Membership;
import dev.keyhold.identity.model.user.User;
import dev.keyhold.identity.spi.MailOutbox;
import dev.keyhold.identity.spi.MembershipRepository;
import dev.keyhold.identity.spi.SecretGenerator;
import dev.keyhold.identity.spi.UserRepository.Deletion;
import dev.keyhold.identity.spi.UserRepository;
import java.time.Clock;
import java.util.Map;

/**
 * Deletes an account once the caller is authorized to: the user themselves ({@code DeleteAccount}) or an
 * administrator ({@code DeleteUser}). An organization never loses its only owner this way: the check beforehand names
 * the organization in the audit log, and the store repeats it atomically with the deletion
 * ({@link UserRepository#delete(dev.keyhold.identity.model.user.UserId, dev.keyhold.identity.model.access.RoleId)}),
 * so two co-owners deleting their accounts at once cannot both succeed. The address is mailed a notice.
 */
public final class AccountRemoval {

  /** Who asked for the deletion, which the notice and the audit event tell. */
  public enum Requester { THE_USER, AN_ADMINISTRATOR }

  private final UserRepository users;
  private final MembershipRepository memberships;
  private final MailOutbox outbox;
  private final SecretGenerator secrets;
  private final Auditor audit;
  private final EventPublisher events;
  private final Clock clock;
  private final String productName;

  public AccountRemoval(UserRepository users, MembershipRepository memberships, MailOutbox outbox,
      SecretGenerator secrets, Auditor audit, EventPublisher events, Clock clock, String productName) {
    this.events = events;
    this.users = users;
    this.memberships = memberships;
    this.outbox = outbox;
    this.secrets = secrets;
    this.audit = audit;
    this.clock = clock;
    this.productName = productName;
  }

  /**
   * Deletes {@code user} for {@code actor}, audited as {@code user.deleted} or {@code refusedEvent}.
   *
   * @return false when the user was gone already (nothing mailed, nothing audited)
   * @throws ConflictException {@code last_owner} while the user is the only owner of an organization; nothing changes
   */
  public boolean remove(User user, Actor actor, Requester requester, String refusedEvent) {
    for (Membership membership : memberships.listByUser(user.id())) {
      if (membership.roleId().equals(BuiltInRoles.OWNER.id())
          && memberships.countWithRole(membership.orgId(), BuiltInRoles.OWNER.id()) <= 1) {
        throw lastOwner(user, actor, requester, refusedEvent, Map.of("org_id", membership.orgId().toString()));
      }
    }
    Deletion outcome = users.delete(user.id(), BuiltInRoles.OWNER.id());
    if (outcome == Deletion.LAST_OWNER) {
      throw lastOwner(user, actor, requester, refusedEvent, Map.of());
    }
    if (outcome == Deletion.NOT_FOUND) {
      return false;
    }
    outbox.enqueue(secrets.newId(), requester == Requester.THE_USER
        ? AccountMail.goodbye(user.email().display(), productName)
        : AccountMail.deletedByAdministrator(user.email().display(), productName), clock.instant());
    audit.success("user.deleted", actor.userId(), user.id(), actor.client(),
        Map.of("by", requester == Requester.THE_USER ? "self" : "administrator"));
    events.publish(new IdentityEvent.UserDeleted(user.id(), actor.userId(), clock.instant()));
    return true;
  }

  private ConflictException lastOwner(User user, Actor actor, Requester requester, String refusedEvent,
      Map<String, String> organization) {
    Map<String, String> details = new java.util.HashMap<>(organization);
    details.put("reason", "last_owner");
    audit.failure(refusedEvent, actor.userId(), user.id(), actor.client(), details);
    return new ConflictException(ErrorCode.LAST_OWNER, requester == Requester.THE_USER
        ? "You are the only owner of an organization: transfer the ownership or delete the organization first."
        : "The user is the only owner of an organization: transfer its ownership or delete it first.");
  }
}
