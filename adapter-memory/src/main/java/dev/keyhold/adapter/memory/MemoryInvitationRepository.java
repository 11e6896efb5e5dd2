package dev.keyhold.adapter.memory;

import dev.keyhold.identity.model.access.OrgId;
import dev.keyhold.identity.model.org.Invitation;
import dev.keyhold.identity.model.org.InvitationId;
import dev.keyhold.identity.model.org.InvitationStatus;
import dev.keyhold.identity.model.org.Membership;
import dev.keyhold.identity.model.token.TokenHash;
import dev.keyhold.identity.model.user.Email;
import dev.keyhold.identity.spi.InvitationRepository;
import dev.keyhold.identity.spi.Mailer;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Invitations in the shared {@link MemoryOrgData}, indexed by id and by token hash. Accepting checks the invitation
 * and the membership and stores both under the one lock, so of many concurrent acceptances exactly one wins.
 * Inserting with mail checks the invitation, then enqueues (which either fails having changed nothing or succeeds),
 * then stores, all under the lock: both or neither.
 */
final class MemoryInvitationRepository implements InvitationRepository {

  private static final Comparator<Invitation> NEWEST_FIRST = Comparator
      .comparing(Invitation::createdAt).reversed()
      .thenComparing(invitation -> invitation.id().value(), MemoryOrder.UUIDS);

  private final MemoryOrgData data;
  private final MemoryMailOutbox outbox;

  MemoryInvitationRepository(MemoryOrgData data, MemoryMailOutbox outbox) {
    this.data = data;
    this.outbox = outbox;
  }

  @Override
  public void insertReplacingPending(Invitation invitation) {
    Objects.requireNonNull(invitation, "invitation");
    synchronized (data.lock) {
      checkNew(invitation);
      storeReplacingPending(invitation);
    }
  }

  @Override
  public void insertReplacingPending(Invitation invitation, UUID mailId, Mailer.Message mail) {
    Objects.requireNonNull(invitation, "invitation");
    synchronized (data.lock) {
      checkNew(invitation);
      outbox.enqueue(mailId, mail, invitation.createdAt());
      storeReplacingPending(invitation);
    }
  }

  /** Throws when the invitation's id or token hash is taken; call holding the lock. */
  private void checkNew(Invitation invitation) {
    if (data.invitations.containsKey(invitation.id())
        || data.invitationIdByHash.containsKey(invitation.tokenHash())) {
      throw new IllegalStateException("an invitation with this id or token hash exists");
    }
  }

  /** Revokes the pending invitations it replaces and stores it; call holding the lock, after {@link #checkNew}. */
  private void storeReplacingPending(Invitation invitation) {
    List<Invitation> replaced =
        pending(invitation.orgId(), invitation.createdAt())
            .filter(other -> other.email().sameAddressAs(invitation.email()))
            .toList();
    replaced.forEach(other -> put(revoked(other, invitation.createdAt())));
    put(invitation);
  }

  @Override
  public Optional<Invitation> findById(OrgId orgId, InvitationId id) {
    synchronized (data.lock) {
      return Optional.ofNullable(data.invitations.get(id)).filter(invitation -> invitation.orgId().equals(orgId));
    }
  }

  @Override
  public Optional<Invitation> findByTokenHash(TokenHash hash) {
    synchronized (data.lock) {
      return Optional.ofNullable(data.invitationIdByHash.get(hash)).map(data.invitations::get);
    }
  }

  @Override
  public List<Invitation> listPending(OrgId orgId, Instant now) {
    Objects.requireNonNull(now, "now");
    synchronized (data.lock) {
      return pending(orgId, now).sorted(NEWEST_FIRST).toList();
    }
  }

  @Override
  public boolean hasPending(OrgId orgId, Email email, Instant now) {
    Objects.requireNonNull(email, "email");
    Objects.requireNonNull(now, "now");
    synchronized (data.lock) {
      return pending(orgId, now).anyMatch(invitation -> invitation.email().sameAddressAs(email));
    }
  }

  @Override
  public boolean revoke(OrgId orgId, InvitationId id, Instant now) {
    Objects.requireNonNull(now, "now");
    synchronized (data.lock) {
      Invitation invitation = data.invitations.get(id);
      if (invitation == null || !invitation.orgId().equals(orgId)
          || invitation.statusAt(now) != InvitationStatus.PENDING) {
        return false;
      }
      put(revoked(invitation, now));
      return true;
    }
  }

  @Override
  public Acceptance accept(TokenHash hash, Membership membership, Instant now) {
    Objects.requireNonNull(membership, "membership");
    Objects.requireNonNull(now, "now");
    synchronized (data.lock) {
      Invitation invitation = Optional.ofNullable(data.invitationIdByHash.get(hash))
          .map(data.invitations::get)
          .orElse(null);
      if (invitation == null || invitation.statusAt(now) != InvitationStatus.PENDING) {
        return Acceptance.NOT_PENDING;
      }
      if (!membership.orgId().equals(invitation.orgId()) || !membership.roleId().equals(invitation.roleId())) {
        throw new IllegalArgumentException("the membership is not of the invitation's organization and role");
      }
      if (data.membership(membership.orgId(), membership.userId()) != null) {
        return Acceptance.ALREADY_MEMBER;
      }
      put(new Invitation(invitation.id(), invitation.orgId(), invitation.email(), invitation.roleId(),
          invitation.tokenHash(), invitation.invitedBy(), invitation.createdAt(), invitation.expiresAt(), now,
          membership.userId(), invitation.revokedAt()));
      data.putMembership(membership);
      return Acceptance.ACCEPTED;
    }
  }

  /** The organization's invitations pending at {@code at}, in no order; call holding the lock. */
  private Stream<Invitation> pending(OrgId orgId, Instant at) {
    return data.invitations.values().stream()
        .filter(invitation -> invitation.orgId().equals(orgId))
        .filter(invitation -> invitation.statusAt(at) == InvitationStatus.PENDING);
  }

  /** Stores or replaces an invitation under its id and token hash; call holding the lock. */
  private void put(Invitation invitation) {
    data.invitations.put(invitation.id(), invitation);
    data.invitationIdByHash.put(invitation.tokenHash(), invitation.id());
  }

  private static Invitation revoked(Invitation invitation, Instant at) {
    return new Invitation(invitation.id(), invitation.orgId(), invitation.email(), invitation.roleId(),
        invitation.tokenHash(), invitation.invitedBy(), invitation.createdAt(), invitation.expiresAt(),
        invitation.acceptedAt(), invitation.acceptedBy(), at);
  }
}
