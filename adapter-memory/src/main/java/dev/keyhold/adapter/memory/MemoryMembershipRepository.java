package dev.keyhold.adapter.memory;

import dev.keyhold.identity.error.ConflictException;
import dev.keyhold.identity.error.ErrorCode;
import dev.keyhold.identity.model.access.OrgId;
import dev.keyhold.identity.model.access.RoleId;
import dev.keyhold.identity.model.org.Membership;
import dev.keyhold.identity.model.user.UserId;
import dev.keyhold.identity.spi.MembershipRepository;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Memberships in the shared {@link MemoryOrgData}. The last-owner check and the change it guards happen under the
 * one lock, so two owners demoting or removing each other at once cannot both succeed.
 */
final class MemoryMembershipRepository implements MembershipRepository {

  private static final Comparator<Membership> BY_ORGANIZATION_ORDER = Comparator
      .comparing(Membership::createdAt)
      .thenComparing(membership -> membership.userId().value(), MemoryOrder.UUIDS);

  private static final Comparator<Membership> BY_USER_ORDER = Comparator
      .comparing(Membership::createdAt)
      .thenComparing(membership -> membership.orgId().value(), MemoryOrder.UUIDS);

  private final MemoryOrgData data;

  MemoryMembershipRepository(MemoryOrgData data) {
    this.data = data;
  }

  @Override
  public void add(Membership membership) {
    Objects.requireNonNull(membership, "membership");
    synchronized (data.lock) {
      if (data.membership(membership.orgId(), membership.userId()) != null) {
        throw new ConflictException(ErrorCode.ALREADY_MEMBER, "The user already belongs to the organization.");
      }
      data.putMembership(membership);
    }
  }

  @Override
  public Optional<Membership> find(OrgId orgId, UserId userId) {
    synchronized (data.lock) {
      return Optional.ofNullable(data.membership(orgId, userId));
    }
  }

  @Override
  public List<Membership> listByOrganization(OrgId orgId) {
    synchronized (data.lock) {
      Map<UserId, Membership> members = data.memberships.getOrDefault(orgId, Map.of());
      return members.values().stream().sorted(BY_ORGANIZATION_ORDER).toList();
    }
  }

  @Override
  public List<Membership> listByUser(UserId userId) {
    synchronized (data.lock) {
      return data.memberships.values().stream()
          .map(members -> members.get(userId))
          .filter(Objects::nonNull)
          .sorted(BY_USER_ORDER)
          .toList();
    }
  }

  @Override
  public Change changeRole(OrgId orgId, UserId userId, RoleId newRole, RoleId ownerRole, Instant at) {
    Objects.requireNonNull(newRole, "newRole");
    Objects.requireNonNull(ownerRole, "ownerRole");
    Objects.requireNonNull(at, "at");
    synchronized (data.lock) {
      Membership current = data.membership(orgId, userId);
      if (current == null) {
        return Change.NOT_FOUND;
      }
      if (!newRole.equals(ownerRole) && isLastOwner(current, ownerRole)) {
        return Change.LAST_OWNER;
      }
      data.putMembership(new Membership(orgId, userId, newRole, current.createdAt(), at));
      return Change.DONE;
    }
  }

  @Override
  public Change remove(OrgId orgId, UserId userId, RoleId ownerRole) {
    Objects.requireNonNull(ownerRole, "ownerRole");
    synchronized (data.lock) {
      Membership current = data.membership(orgId, userId);
      if (current == null) {
        return Change.NOT_FOUND;
      }
      if (isLastOwner(current, ownerRole)) {
        return Change.LAST_OWNER;
      }
      data.removeMembership(orgId, userId);
      return Change.DONE;
    }
  }

  @Override
  public int countWithRole(OrgId orgId, RoleId roleId) {
    synchronized (data.lock) {
      return data.countWithRole(orgId, roleId);
    }
  }

  /** Whether {@code membership} is its organization's only holder of {@code ownerRole}; call holding the lock. */
  private boolean isLastOwner(Membership membership, RoleId ownerRole) {
    return membership.roleId().equals(ownerRole) && data.countWithRole(membership.orgId(), ownerRole) == 1;
  }
}
