package dev.keyhold.identity.spi;

import dev.keyhold.identity.model.access.OrgId;
import dev.keyhold.identity.model.org.Invitation;
import dev.keyhold.identity.model.org.InvitationId;
import dev.keyhold.identity.model.org.Membership;
import dev.keyhold.identity.model.token.TokenHash;
import dev.keyhold.identity.model.user.Email;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Invitations to organizations, their tokens stored as hashes only. Every method may throw
 * {@link dev.keyhold.identity.error.StoreUnavailableException}; all are safe under concurrency.
 */
public interface InvitationRepository {

  /** The outcome of {@link #accept}. */
  enum Acceptance {
    /** The invitation is now accepted and the membership stored. */
    ACCEPTED,
    /** No pending invitation has this token (unknown, accepted, revoked or expired); nothing changed. */
    NOT_PENDING,
    /** The user already belongs to the organization; nothing changed, the invitation stays pending. */
    ALREADY_MEMBER
  }

  /**
   * Stores a new invitation and revokes (at its {@code createdAt}) every other pending invitation of the same
   * organization to the same normalized email, atomically: a new invitation replaces the old ones.
   */
  void insertReplacingPending(Invitation invitation);

  /**
   * {@link #insertReplacingPending} and the enqueueing of the invitation mail in this store's {@link MailOutbox}, in
   * one atomic step.
   */
  void insertReplacingPending(Invitation invitation, UUID mailId, Mailer.Message mail);

  /** The invitation with this id in this organization, in any state, or empty (also when it is another org's). */
  Optional<Invitation> findById(OrgId orgId, InvitationId id);

  /** The invitation with this token hash, in any state, or empty. */
  Optional<Invitation> findByTokenHash(TokenHash hash);

  /** The organization's invitations still pending at {@code now}, newest first. */
  List<Invitation> listPending(OrgId orgId, Instant now);

  /**
   * Whether a pending invitation for this normalized email to this organization exists at {@code now}.
   */
  boolean hasPending(OrgId orgId, Email email, Instant now);

  /**
   * Revokes a pending invitation of this organization.
   *
   * @return true when this call revoked it; false when it is unknown, another organization's, or not pending
   */
  boolean revoke(OrgId orgId, InvitationId id, Instant now);

  /**
   * Accepts, atomically: if the invitation with this token hash is pending at {@code now} and the membership's user
   * is not yet a member, marks it accepted (at {@code now}, by the membership's user) and stores the membership.
   * Of many concurrent calls for one invitation at most one returns {@link Acceptance#ACCEPTED}.
   *
   * @param membership the membership to create; its organization and role must be the invitation's
   */
  Acceptance accept(TokenHash hash, Membership membership, Instant now);
}
