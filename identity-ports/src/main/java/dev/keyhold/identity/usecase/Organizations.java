package dev.keyhold.identity.usecase;

import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.access.RoleId;
import dev.keyhold.identity.model.org.InvitationId;
import dev.keyhold.identity.model.org.InvitationStatus;
import dev.keyhold.identity.model.org.OrgId;
import dev.keyhold.identity.model.user.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Multi-tenancy: organizations, memberships, invitations, organization roles and organization-scoped tokens.
 *
 * <p>Authorization is checked against the stores on every call, never against token claims, so removing a member or
 * changing a role takes effect at once. Rules: a caller who does not belong to an organization gets
 * {@link dev.keyhold.identity.error.NotFoundException} (the organization's existence is not revealed); a member
 * lacking the scope gets {@link dev.keyhold.identity.error.ForbiddenException}; nobody grants, invites with or creates
 * a role with a scope they do not hold; members cannot change their own role; an organization always keeps an owner.
 * Every change is audited with the organization, the actor and the request id.
 */
public interface Organizations {

  /** An organization as its members see it, with the caller's role in it. */
  record OrganizationView(OrgId id, String name, String slug, Instant createdAt, String role) {}

  /** A member as other members see them. */
  record MemberView(UserId userId, String email, String displayName, RoleId roleId, String role, Instant joinedAt) {}

  /** An invitation, without its secret. */
  record InvitationView(
      InvitationId id, String email, RoleId roleId, String role, UserId invitedBy, Instant createdAt,
      Instant expiresAt, InvitationStatus status) {}

  /** A role as an organization sees it. */
  record RoleView(RoleId id, String name, List<String> scopes, boolean builtIn) {
    public RoleView {
      scopes = List.copyOf(scopes);
    }
  }

  /** An access token scoped to one organization (no refresh token: refresh the session, then ask again). */
  record OrganizationToken(String accessToken, Duration expiresIn, OrgId orgId, List<String> scopes) {
    public OrganizationToken {
      Objects.requireNonNull(accessToken, "accessToken");
      scopes = List.copyOf(scopes);
    }

    @Override
    public String toString() {
      return "OrganizationToken[accessToken=***, orgId=" + orgId + ", scopes=" + scopes + "]";
    }
  }

  /**
   * Creates an organization; the caller becomes its owner.
   *
   * @throws dev.keyhold.identity.error.ValidationException for a bad name or slug
   * @throws dev.keyhold.identity.error.ConflictException {@code slug_taken}
   */
  OrganizationView create(Actor actor, String name, String slug);

  /** The caller's organizations, oldest membership first. */
  List<OrganizationView> listMine(Actor actor);

  /** Needs {@code org:read}. */
  OrganizationView get(Actor actor, OrgId orgId);

  /**
   * Renames; {@code null} keeps a field. Needs {@code org:write}.
   *
   * @throws dev.keyhold.identity.error.ConflictException {@code slug_taken}
   */
  OrganizationView update(Actor actor, OrgId orgId, String name, String slug);

  /** Deletes the organization with its memberships, invitations and roles. Needs {@code org:delete}. */
  void delete(Actor actor, OrgId orgId);

  /**
   * Invites an email address with a role (by name) and mails the link; replaces earlier pending invitations of the
   * same address. Needs {@code invitations:write} and every scope of the role.
   *
   * @param expiresIn how long the invitation works, or {@code null} for the default (7 days)
   * @throws dev.keyhold.identity.error.ConflictException {@code already_member} when the address belongs to a
   *     member
   */
  InvitationView invite(Actor actor, OrgId orgId, String email, String role, Duration expiresIn);

  /** Pending invitations, newest first. Needs {@code invitations:read}. */
  List<InvitationView> listInvitations(Actor actor, OrgId orgId);

  /**
   * Revokes a pending invitation. Needs {@code invitations:write}.
   *
   * @throws dev.keyhold.identity.error.NotFoundException when no pending invitation of this organization has the id
   */
  void revokeInvitation(Actor actor, OrgId orgId, InvitationId invitationId);

  /**
   * Accepts an invitation by the token from its link. The caller's verified email must equal the invited one.
   *
   * @throws dev.keyhold.identity.error.InvalidTokenException of kind {@code LINK_TOKEN} when no pending invitation
   *     has the token, or the caller's verified email is not the invited one (the same answer, so the token's
   *     validity is not revealed to the wrong person)
   * @throws dev.keyhold.identity.error.ConflictException {@code already_member}
   */
  OrganizationView acceptInvitation(Actor actor, String token);

  /** Needs {@code members:read}. */
  List<MemberView> listMembers(Actor actor, OrgId orgId);

  /**
   * Gives a member another role (by name). Needs {@code members:write} and every scope of both the member's current
   * role and the new one; never one's own role.
   *
   * @throws dev.keyhold.identity.error.ConflictException {@code last_owner}
   */
  MemberView changeRole(Actor actor, OrgId orgId, UserId member, String role);

  /**
   * Removes a member. Removing oneself (leaving) needs no scope; removing others needs {@code members:write} and every
   * scope of their role.
   *
   * @throws dev.keyhold.identity.error.ConflictException {@code last_owner}
   */
  void removeMember(Actor actor, OrgId orgId, UserId member);

  /** Makes another member an owner and the caller an {@code admin}. Only an owner may. */
  void transferOwnership(Actor actor, OrgId orgId, UserId newOwner);

  /** The roles the organization can use. Needs {@code roles:read}. */
  List<RoleView> listRoles(Actor actor, OrgId orgId);

  /**
   * Creates a custom role from the organization scope catalog. Needs {@code roles:write} and every scope given.
   *
   * @throws dev.keyhold.identity.error.ConflictException {@code role_name_taken}
   */
  RoleView createRole(Actor actor, OrgId orgId, String name, List<String> scopes);

  /** An access token with {@code org_id} and the caller's current scopes in the organization. Any member may. */
  OrganizationToken token(Actor actor, OrgId orgId);
}
