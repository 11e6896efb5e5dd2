package dev.keyhold.adapter.jdbi;

import static dev.keyhold.adapter.jdbi.Columns.instant;
import static dev.keyhold.adapter.jdbi.Columns.timestamptz;
import static dev.keyhold.adapter.jdbi.Columns.uuid;

import dev.keyhold.adapter.jdbi.Database.UniqueViolation;
import dev.keyhold.identity.model.access.OrgId;
import dev.keyhold.identity.model.access.RoleId;
import dev.keyhold.identity.model.org.Invitation;
import dev.keyhold.identity.model.org.InvitationId;
import dev.keyhold.identity.model.org.Membership;
import dev.keyhold.identity.model.token.TokenHash;
import dev.keyhold.identity.model.user.Email;
import dev.keyhold.identity.model.user.UserId;
import dev.keyhold.identity.spi.InvitationRepository;
import dev.keyhold.identity.spi.Mailer;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Invitations in {@code invitations}, their tokens as hashes. Inserting one locks the organization's row first, so
 * two invitations of one address cannot both stay pending; accepting one is a conditional update of the pending row
 * followed by the membership's insert, in one transaction.
 */
final class JdbiInvitationRepository implements InvitationRepository {

  private static final String COLUMNS = "id, org_id, email_normalized, email_display, role_id, token_hash, "
      + "invited_by, created_at, expires_at, accepted_at, accepted_by, revoked_at";
  private static final String PENDING = "accepted_at IS NULL AND revoked_at IS NULL AND expires_at > :now";

  private final Database database;

  JdbiInvitationRepository(Database database) {
    this.database = database;
  }

  @Override
  public void insertReplacingPending(Invitation invitation) {
    Objects.requireNonNull(invitation, "invitation");
    database.transaction("store an invitation", handle -> insertReplacingPending(handle, invitation),
        UniqueViolation.duplicate("an invitation with this id or token hash"));
  }

  /**
   * {@inheritDoc} The invitation is stored, the others revoked and the mail inserted in one transaction; the mail is
   * due at the invitation's creation.
   *
   * @throws IllegalStateException when an invitation with this id or token hash, or a mail with this id, exists;
   *     nothing is stored, revoked or enqueued then
   */
  @Override
  public void insertReplacingPending(Invitation invitation, UUID mailId, Mailer.Message mail) {
    Objects.requireNonNull(invitation, "invitation");
    Objects.requireNonNull(mailId, "mailId");
    Objects.requireNonNull(mail, "mail");
    database.transaction("store an invitation and enqueue its mail", handle -> {
      insertReplacingPending(handle, invitation);
      JdbiMailOutbox.insert(handle, mailId, mail, invitation.createdAt());
      return null;
    }, UniqueViolation.duplicate("an invitation with this id or token hash, or a mail with this id"));
  }

  private static int insertReplacingPending(Handle handle, Invitation invitation) {
    // Serializes invitations per organization; foreign-key checks do not wait for this lock.
    handle.createQuery("SELECT id FROM organizations WHERE id = :org_id FOR NO KEY UPDATE")
        .bind("org_id", invitation.orgId().value())
        .mapTo(UUID.class)
        .findOne();
    handle.createUpdate("UPDATE invitations SET revoked_at = :now "
            + "WHERE org_id = :org_id AND email_normalized = :email AND id <> :id AND " + PENDING)
        .bind("org_id", invitation.orgId().value())
        .bind("email", invitation.email().normalized())
        .bind("id", invitation.id().value())
        .bind("now", timestamptz(invitation.createdAt()))
        .execute();
    return handle.createUpdate("INSERT INTO invitations (" + COLUMNS + ") VALUES (:id, :org_id, "
            + ":email_normalized, :email_display, :role_id, :token_hash, :invited_by, :created_at, :expires_at, "
            + ":accepted_at, :accepted_by, :revoked_at)")
        .bind("id", invitation.id().value())
        .bind("org_id", invitation.orgId().value())
        .bind("email_normalized", invitation.email().normalized())
        .bind("email_display", invitation.email().display())
        .bind("role_id", invitation.roleId().value())
        .bind("token_hash", invitation.tokenHash().hex())
        .bind("invited_by", invitation.invitedBy().value())
        .bind("created_at", timestamptz(invitation.createdAt()))
        .bind("expires_at", timestamptz(invitation.expiresAt()))
        .bind("accepted_at", timestamptz(invitation.acceptedAt()))
        .bind("accepted_by", invitation.acceptedBy() == null ? null : invitation.acceptedBy().value())
        .bind("revoked_at", timestamptz(invitation.revokedAt()))
        .execute();
  }

  @Override
  public Optional<Invitation> findById(OrgId orgId, InvitationId id) {
    Objects.requireNonNull(orgId, "orgId");
    Objects.requireNonNull(id, "id");
    return database.call("find an invitation by id", handle -> handle
        .createQuery("SELECT " + COLUMNS + " FROM invitations WHERE id = :id AND org_id = :org_id")
        .bind("id", id.value())
        .bind("org_id", orgId.value())
        .map(JdbiInvitationRepository::invitation)
        .findOne());
  }

  @Override
  public Optional<Invitation> findByTokenHash(TokenHash hash) {
    Objects.requireNonNull(hash, "hash");
    return database.call("find an invitation by token", handle -> handle
        .createQuery("SELECT " + COLUMNS + " FROM invitations WHERE token_hash = :hash")
        .bind("hash", hash.hex())
        .map(JdbiInvitationRepository::invitation)
        .findOne());
  }

  @Override
  public List<Invitation> listPending(OrgId orgId, Instant now) {
    Objects.requireNonNull(orgId, "orgId");
    Objects.requireNonNull(now, "now");
    return database.call("list pending invitations", handle -> handle
        .createQuery("SELECT " + COLUMNS + " FROM invitations WHERE org_id = :org_id AND " + PENDING
            + " ORDER BY created_at DESC, id")
        .bind("org_id", orgId.value())
        .bind("now", timestamptz(now))
        .map(JdbiInvitationRepository::invitation)
        .list());
  }

  @Override
  public boolean hasPending(OrgId orgId, Email email, Instant now) {
    Objects.requireNonNull(orgId, "orgId");
    Objects.requireNonNull(email, "email");
    Objects.requireNonNull(now, "now");
    return database.call("look for a pending invitation", handle -> handle
        .createQuery("SELECT EXISTS (SELECT 1 FROM invitations "
            + "WHERE org_id = :org_id AND email_normalized = :email AND " + PENDING + ")")
        .bind("org_id", orgId.value())
        .bind("email", email.normalized())
        .bind("now", timestamptz(now))
        .mapTo(Boolean.class)
        .one());
  }

  @Override
  public boolean revoke(OrgId orgId, InvitationId id, Instant now) {
    Objects.requireNonNull(orgId, "orgId");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(now, "now");
    return database.call("revoke an invitation", handle -> handle.createUpdate(
            "UPDATE invitations SET revoked_at = :now WHERE id = :id AND org_id = :org_id AND " + PENDING)
        .bind("id", id.value())
        .bind("org_id", orgId.value())
        .bind("now", timestamptz(now))
        .execute()) == 1;
  }

  /**
   * {@inheritDoc}
   *
   * <p>The conditional update makes concurrent acceptances wait for each other on the invitation's row; when the
   * membership's insert finds the user already a member, the transaction rolls back and the invitation stays pending.
   *
   * @throws IllegalArgumentException when the membership's organization or role is not the invitation's; nothing
   *     changes then
   */
  @Override
  public Acceptance accept(TokenHash hash, Membership membership, Instant now) {
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(membership, "membership");
    Objects.requireNonNull(now, "now");
    return database.transaction("accept an invitation", handle -> {
      Optional<Invitation> accepted = handle.createQuery("UPDATE invitations "
              + "SET accepted_at = :now, accepted_by = :user_id WHERE token_hash = :hash AND " + PENDING
              + " RETURNING " + COLUMNS)
          .bind("hash", hash.hex())
          .bind("user_id", membership.userId().value())
          .bind("now", timestamptz(now))
          .map(JdbiInvitationRepository::invitation)
          .findOne();
      if (accepted.isEmpty()) {
        return Acceptance.NOT_PENDING;
      }
      Invitation invitation = accepted.get();
      if (!invitation.orgId().equals(membership.orgId()) || !invitation.roleId().equals(membership.roleId())) {
        throw new IllegalArgumentException("the membership's organization and role must be the invitation's");
      }
      JdbiMembershipRepository.insert(handle, membership);
      return Acceptance.ACCEPTED;
    }, constraint -> {
      if (JdbiMembershipRepository.PRIMARY_KEY.equals(constraint)) {
        return Acceptance.ALREADY_MEMBER;
      }
      throw new IllegalStateException("accepting the invitation broke the unique constraint " + constraint);
    });
  }

  private static Invitation invitation(ResultSet row, StatementContext context) throws SQLException {
    UUID acceptedBy = uuid(row, "accepted_by");
    return new Invitation(
        new InvitationId(uuid(row, "id")),
        new OrgId(uuid(row, "org_id")),
        new Email(row.getString("email_normalized"), row.getString("email_display")),
        new RoleId(uuid(row, "role_id")),
        new TokenHash(row.getString("token_hash")),
        new UserId(uuid(row, "invited_by")),
        instant(row, "created_at"),
        instant(row, "expires_at"),
        instant(row, "accepted_at"),
        acceptedBy == null ? null : new UserId(acceptedBy),
        instant(row, "revoked_at"));
  }
}
