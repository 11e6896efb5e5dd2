package dev.keyhold.identity.model.org;

import dev.keyhold.identity.model.access.OrgId;
import dev.keyhold.identity.model.access.RoleId;
import dev.keyhold.identity.model.token.TokenHash;
import dev.keyhold.identity.model.user.Email;
import dev.keyhold.identity.model.user.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * An offer to join an organization with a role, sent to an email address. The token it carries is stored only as
 * its hash. Pending while not accepted, not revoked and not expired.
 *
 * @param id identity
 * @param orgId the organization
 * @param email the invited address; only a user with this verified address may accept
 * @param roleId the role the new member gets
 * @param tokenHash SHA-256 of the secret token in the invitation link
 * @param invitedBy who invited
 * @param createdAt when it was sent
 * @param expiresAt when it stops working
 * @param acceptedAt when it was accepted, or {@code null}
 * @param acceptedBy who accepted it, or {@code null}
 * @param revokedAt when it was revoked, or {@code null}
 */
public record Invitation(
    InvitationId id,
    OrgId orgId,
    Email email,
    RoleId roleId,
    TokenHash tokenHash,
    UserId invitedBy,
    Instant createdAt,
    Instant expiresAt,
    Instant acceptedAt,
    UserId acceptedBy,
    Instant revokedAt) {

  /** The shortest lifetime an inviter may choose. */
  public static final Duration MIN_LIFETIME = Duration.ofMinutes(1);

  /** The longest lifetime an inviter may choose. */
  public static final Duration MAX_LIFETIME = Duration.ofDays(30);

  /** How long an invitation works unless the inviter says otherwise. */
  public static final Duration DEFAULT_LIFETIME = Duration.ofDays(7);

  public Invitation {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(orgId, "orgId");
    Objects.requireNonNull(email, "email");
    Objects.requireNonNull(roleId, "roleId");
    Objects.requireNonNull(tokenHash, "tokenHash");
    Objects.requireNonNull(invitedBy, "invitedBy");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    if (!expiresAt.isAfter(createdAt)) {
      throw new IllegalArgumentException("an invitation must expire after it is sent");
    }
    if ((acceptedAt == null) != (acceptedBy == null)) {
      throw new IllegalArgumentException("acceptedAt and acceptedBy are set together");
    }
  }

  /** The invitation's state at {@code now}. */
  public InvitationStatus statusAt(Instant now) {
    if (acceptedAt != null) {
      return InvitationStatus.ACCEPTED;
    }
    if (revokedAt != null) {
      return InvitationStatus.REVOKED;
    }
    return now.isBefore(expiresAt) ? InvitationStatus.PENDING : InvitationStatus.EXPIRED;
  }
}
