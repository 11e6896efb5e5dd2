package dev.keyhold.identity.usecase;

import dev.keyhold.identity.model.access.OrgId;
import dev.keyhold.identity.model.access.RoleId;
import dev.keyhold.identity.model.org.InvitationId;
import dev.keyhold.identity.model.org.InvitationStatus;
import dev.keyhold.identity.model.user.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Multi-tenancy: organizations, memberships, invitations, organization roles and organization-scoped tokens. One
 * interface per use case, each with its {@code Command}; this one gathers them for callers that use them all (the
 * HTTP adapter, {@code Keyhold#organizations()}) and declares the views they answer with.
 *
 * <p>Authorization is checked against the stores on every call, never against token claims, so removing a member or
 * changing a role takes effect at once. Rules: a caller who does not belong to an organization gets
 * {@link dev.keyhold.identity.error.NotFoundException} (the organization's existence is not revealed); a member
 * lacking the scope gets {@link dev.keyhold.identity.error.ForbiddenException}; nobody grants, invites with or creates
 * a role with a scope they do not hold; members cannot change their own role; an organization always keeps an owner.
 * Every change is audited with the organization, the actor and the request id.
 */
public interface Organizations
    extends CreateOrganization, ListMyOrganizations, GetOrganization, UpdateOrganization, DeleteOrganization,
        InviteMember, ListInvitations, RevokeInvitation, AcceptInvitation,
        ListMembers, ChangeMemberRole, RemoveMember, TransferOwnership,
        ListOrganizationRoles, CreateOrganizationRole, IssueOrganizationToken {

  /**
   * An organization as its members see it, with the caller's role in it.
   *
   * @param requireMfa whether the organization's tokens need a session with a second factor
   */
  record OrganizationView(OrgId id, String name, String slug, boolean requireMfa, Instant createdAt, String role) {}

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
}
