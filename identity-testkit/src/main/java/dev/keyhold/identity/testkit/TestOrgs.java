package dev.keyhold.identity.testkit;

import static dev.keyhold.identity.testkit.TestTimes.T0;

import dev.keyhold.identity.model.access.BuiltInRoles;
import dev.keyhold.identity.model.access.OrgId;
import dev.keyhold.identity.model.access.Role;
import dev.keyhold.identity.model.access.RoleId;
import dev.keyhold.identity.model.access.RoleKind;
import dev.keyhold.identity.model.access.Scopes;
import dev.keyhold.identity.model.org.Invitation;
import dev.keyhold.identity.model.org.InvitationId;
import dev.keyhold.identity.model.org.Membership;
import dev.keyhold.identity.model.org.Organization;
import dev.keyhold.identity.model.user.Email;
import dev.keyhold.identity.model.user.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** Organizations, memberships, roles and invitations for tests. Every call returns fresh ids and token hashes. */
public final class TestOrgs {

  /** How long invitations made by {@link #invitation(OrgId, String, RoleId, UserId, Instant)} work. */
  public static final Duration INVITATION_LIFETIME = Duration.ofDays(7);

  private TestOrgs() {}

  /**
   * An organization with this slug that does not require a second factor, created and last updated at
   * {@link TestTimes#T0}.
   */
  public static Organization organization(String slug) {
    return new Organization(newId(), "Org " + slug, slug, T0, T0);
  }

  /**
   * An organization with every field set to a value different from its default: a name with non-ASCII letters, a
   * second factor required, and creation and update times that differ by microseconds.
   */
  public static Organization fullyPopulated(String slug) {
    return new Organization(newId(), "\u00c6r\u00f8 & S\u00f6hne \u2014 Gro\u00df", slug, true, T0,
        T0.plusSeconds(90).plusNanos(7_000));
  }

  /** The owner membership of {@code userId} in {@code organization}, from the organization's creation. */
  public static Membership ownerOf(Organization organization, UserId userId) {
    return membership(organization.id(), userId, BuiltInRoles.OWNER.id(), organization.createdAt());
  }

  /** A membership with {@code roleId} that started, and last changed, at {@code at}. */
  public static Membership membership(OrgId orgId, UserId userId, RoleId roleId, Instant at) {
    return new Membership(orgId, userId, roleId, at, at);
  }

  /** A custom role of {@code orgId} that may read the organization and its members. */
  public static Role customRole(OrgId orgId, String name, Instant createdAt) {
    return customRole(new RoleId(UUID.randomUUID()), orgId, name, createdAt);
  }

  /** A custom role of {@code orgId} with the given id. */
  public static Role customRole(RoleId id, OrgId orgId, String name, Instant createdAt) {
    return new Role(id, RoleKind.ORGANIZATION, orgId, name, Set.of(Scopes.ORG_READ, Scopes.MEMBERS_READ), false,
        createdAt);
  }

  /** A custom global role that may read users. */
  public static Role globalRole(String name, Instant createdAt) {
    return globalRole(new RoleId(UUID.randomUUID()), name, createdAt);
  }

  /** A custom global role with the given id. */
  public static Role globalRole(RoleId id, String name, Instant createdAt) {
    return new Role(id, RoleKind.GLOBAL, null, name, Set.of(Scopes.USERS_READ), false, createdAt);
  }

  /** A pending invitation of {@code email} (parsed as typed) that works for {@link #INVITATION_LIFETIME}. */
  public static Invitation invitation(OrgId orgId, String email, RoleId roleId, UserId invitedBy, Instant createdAt) {
    return invitation(orgId, email, roleId, invitedBy, createdAt, createdAt.plus(INVITATION_LIFETIME));
  }

  /** A pending invitation of {@code email} (parsed as typed) from {@code createdAt} to {@code expiresAt}. */
  public static Invitation invitation(
      OrgId orgId, String email, RoleId roleId, UserId invitedBy, Instant createdAt, Instant expiresAt) {
    return new Invitation(new InvitationId(UUID.randomUUID()), orgId, Email.parse(email), roleId,
        TestTokens.randomHash(), invitedBy, createdAt, expiresAt, null, null, null);
  }

  /** {@code invitation} as it looks after {@code userId} accepted it at {@code at}. */
  public static Invitation acceptedAt(Invitation invitation, UserId userId, Instant at) {
    return new Invitation(invitation.id(), invitation.orgId(), invitation.email(), invitation.roleId(),
        invitation.tokenHash(), invitation.invitedBy(), invitation.createdAt(), invitation.expiresAt(), at, userId,
        invitation.revokedAt());
  }

  /** {@code invitation} as it looks after being revoked at {@code at}. */
  public static Invitation revokedAt(Invitation invitation, Instant at) {
    return new Invitation(invitation.id(), invitation.orgId(), invitation.email(), invitation.roleId(),
        invitation.tokenHash(), invitation.invitedBy(), invitation.createdAt(), invitation.expiresAt(),
        invitation.acceptedAt(), invitation.acceptedBy(), at);
  }

  /** A fresh random organization id. */
  public static OrgId newId() {
    return new OrgId(UUID.randomUUID());
  }
}
