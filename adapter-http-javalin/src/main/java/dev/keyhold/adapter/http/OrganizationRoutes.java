package dev.keyhold.adapter.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.keyhold.identity.error.ValidationException;
import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.access.OrgId;
import dev.keyhold.identity.model.org.Invitation;
import dev.keyhold.identity.model.org.InvitationId;
import dev.keyhold.identity.model.user.UserId;
import dev.keyhold.identity.usecase.AcceptInvitation;
import dev.keyhold.identity.usecase.ChangeMemberRole;
import dev.keyhold.identity.usecase.CreateOrganization;
import dev.keyhold.identity.usecase.CreateOrganizationRole;
import dev.keyhold.identity.usecase.DeleteOrganization;
import dev.keyhold.identity.usecase.InviteMember;
import dev.keyhold.identity.usecase.IssueOrganizationToken;
import dev.keyhold.identity.usecase.Organizations;
import dev.keyhold.identity.usecase.RemoveMember;
import dev.keyhold.identity.usecase.RevokeInvitation;
import dev.keyhold.identity.usecase.TransferOwnership;
import dev.keyhold.identity.usecase.UpdateOrganization;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.List;

/**
 * The organization endpoints under {@code /api/v1/orgs} and {@code /api/v1/invitations}. Every one needs a bearer
 * token; authorization is the use case's. Path ids that are not canonical UUIDs are organizations, invitations and
 * users that do not exist (404), checked after authentication so that they reveal nothing to strangers.
 */
final class OrganizationRoutes {

  /** The bounds of {@code expires_in_seconds}: {@link Invitation}'s. */
  static final long MIN_INVITATION_SECONDS = Invitation.MIN_LIFETIME.toSeconds();
  static final long MAX_INVITATION_SECONDS = Invitation.MAX_LIFETIME.toSeconds();

  record CreateRequest(String name, @OptionalField String slug) {}

  record UpdateRequest(@OptionalField String name, @OptionalField String slug, @OptionalField Boolean requireMfa) {}

  record InviteRequest(String email, String role, @OptionalField Long expiresInSeconds) {}

  record AcceptRequest(String token) {
    @Override
    public String toString() {
      return "AcceptRequest[token=***]";
    }
  }

  record ChangeRoleRequest(String role) {}

  record TransferRequest(String userId) {}

  record CreateRoleRequest(String name, List<String> scopes) {}

  /** An organization-scoped access token; {@code scope} is left out when there are no scopes. */
  record OrganizationTokenResponse(
      String accessToken,
      String tokenType,
      long expiresIn,
      @JsonInclude(JsonInclude.Include.NON_NULL) String scope,
      String orgId) {

    static OrganizationTokenResponse of(Organizations.OrganizationToken token) {
      return new OrganizationTokenResponse(token.accessToken(), "Bearer", token.expiresIn().toSeconds(),
          token.scopes().isEmpty() ? null : String.join(" ", token.scopes()), token.orgId().toString());
    }

    @Override
    public String toString() {
      return "OrganizationTokenResponse[accessToken=***, orgId=" + orgId + ", scope=" + scope + "]";
    }
  }

  private final JsonBodies bodies;
  private final Callers callers;
  private final Organizations organizations;

  OrganizationRoutes(JsonBodies bodies, Callers callers, Organizations organizations) {
    this.bodies = bodies;
    this.callers = callers;
    this.organizations = organizations;
  }

  void create(Context ctx) {
    Actor actor = callers.actor(ctx);
    CreateRequest request = bodies.read(ctx, CreateRequest.class);
    Views.Organization created =
        Views.Organization.of(organizations.create(
            new CreateOrganization.Command(actor, request.name(), request.slug())));
    ctx.header("Location", "/api/v1/orgs/" + created.id());
    Views.respond(ctx, 201, created);
  }

  void listMine(Context ctx) {
    Actor actor = callers.actor(ctx);
    QueryParameters.none(ctx);
    Views.respond(ctx, 200, Views.Items.of(organizations.listMine(actor), Views.Organization::of));
  }

  void get(Context ctx) {
    Actor actor = callers.actor(ctx);
    QueryParameters.none(ctx);
    Views.respond(ctx, 200, Views.Organization.of(organizations.get(actor, org(ctx))));
  }

  /** Changes the name, the slug, the two-factor requirement or several; a body with none of them is refused. */
  void update(Context ctx) {
    Actor actor = callers.actor(ctx);
    OrgId org = org(ctx);
    UpdateRequest request = bodies.read(ctx, UpdateRequest.class);
    if (request.name() == null && request.slug() == null && request.requireMfa() == null) {
      throw ValidationException.of("", "no_changes", "Give a new name, a new slug, require_mfa, or several.");
    }
    UpdateOrganization.Command command =
        new UpdateOrganization.Command(actor, org, request.name(), request.slug(), request.requireMfa());
    Views.respond(ctx, 200, Views.Organization.of(organizations.update(command)));
  }

  void delete(Context ctx) {
    Actor actor = callers.actor(ctx);
    organizations.delete(new DeleteOrganization.Command(actor, org(ctx)));
    ctx.status(204);
  }

  void invite(Context ctx) {
    Actor actor = callers.actor(ctx);
    OrgId org = org(ctx);
    InviteRequest request = bodies.read(ctx, InviteRequest.class);
    Duration expiresIn = null;
    if (request.expiresInSeconds() != null) {
      long seconds = request.expiresInSeconds();
      if (seconds < MIN_INVITATION_SECONDS || seconds > MAX_INVITATION_SECONDS) {
        throw ValidationException.of("expires_in_seconds", "out_of_range",
            "Must be from " + MIN_INVITATION_SECONDS + " to " + MAX_INVITATION_SECONDS + " seconds ("
                + Invitation.MAX_LIFETIME.toDays() + " days).");
      }
      expiresIn = Duration.ofSeconds(seconds);
    }
    Views.Invitation invitation =
        Views.Invitation.of(organizations.invite(
            new InviteMember.Command(actor, org, request.email(), request.role(), expiresIn)));
    ctx.header("Location", "/api/v1/orgs/" + org + "/invitations/" + invitation.id());
    Views.respond(ctx, 201, invitation);
  }

  void listInvitations(Context ctx) {
    Actor actor = callers.actor(ctx);
    QueryParameters.none(ctx);
    Views.respond(ctx, 200, Views.Items.of(organizations.listInvitations(actor, org(ctx)), Views.Invitation::of));
  }

  void revokeInvitation(Context ctx) {
    Actor actor = callers.actor(ctx);
    OrgId org = org(ctx);
    InvitationId invitation = InvitationId.parse(ctx.pathParam("inv"));
    organizations.revokeInvitation(new RevokeInvitation.Command(actor, org, invitation));
    ctx.status(204);
  }

  void acceptInvitation(Context ctx) {
    Actor actor = callers.actor(ctx);
    AcceptRequest request = bodies.read(ctx, AcceptRequest.class);
    Views.respond(ctx, 200,
        Views.Organization.of(organizations.acceptInvitation(new AcceptInvitation.Command(actor, request.token()))));
  }

  void listMembers(Context ctx) {
    Actor actor = callers.actor(ctx);
    QueryParameters.none(ctx);
    Views.respond(ctx, 200, Views.Items.of(organizations.listMembers(actor, org(ctx)), Views.Member::of));
  }

  void changeRole(Context ctx) {
    Actor actor = callers.actor(ctx);
    OrgId org = org(ctx);
    UserId member = Callers.userInPath(ctx, "user");
    ChangeRoleRequest request = bodies.read(ctx, ChangeRoleRequest.class);
    Views.respond(ctx, 200,
        Views.Member.of(organizations.changeRole(new ChangeMemberRole.Command(actor, org, member, request.role()))));
  }

  void removeMember(Context ctx) {
    Actor actor = callers.actor(ctx);
    OrgId org = org(ctx);
    organizations.removeMember(new RemoveMember.Command(actor, org, Callers.userInPath(ctx, "user")));
    ctx.status(204);
  }

  void transferOwnership(Context ctx) {
    Actor actor = callers.actor(ctx);
    OrgId org = org(ctx);
    TransferRequest request = bodies.read(ctx, TransferRequest.class);
    UserId newOwner = UserId.parse(request.userId(), "user_id");
    organizations.transferOwnership(new TransferOwnership.Command(actor, org, newOwner));
    ctx.status(204);
  }

  void listRoles(Context ctx) {
    Actor actor = callers.actor(ctx);
    QueryParameters.none(ctx);
    Views.respond(ctx, 200, Views.Items.of(organizations.listRoles(actor, org(ctx)), Views.Role::of));
  }

  void createRole(Context ctx) {
    Actor actor = callers.actor(ctx);
    OrgId org = org(ctx);
    CreateRoleRequest request = bodies.read(ctx, CreateRoleRequest.class);
    CreateOrganizationRole.Command command =
        new CreateOrganizationRole.Command(actor, org, request.name(), request.scopes());
    Views.respond(ctx, 201, Views.Role.of(organizations.createRole(command)));
  }

  /** An access token for the organization: no body, or an empty JSON object. */
  void token(Context ctx) {
    Actor actor = callers.actor(ctx);
    OrgId org = org(ctx);
    bodies.readNothing(ctx);
    OrganizationTokenResponse response =
        OrganizationTokenResponse.of(organizations.issueToken(new IssueOrganizationToken.Command(actor, org)));
    TokenResponse.noStore(ctx);
    ctx.status(200).json(response);
  }

  private static OrgId org(Context ctx) {
    return OrgId.parse(ctx.pathParam("id"));
  }
}
