package dev.keyhold.adapter.http;

import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.user.UserId;
import dev.keyhold.identity.model.user.UserStatus;
import dev.keyhold.identity.usecase.Administration;
import dev.keyhold.identity.usecase.CreateGlobalRole;
import dev.keyhold.identity.usecase.CreateUser;
import dev.keyhold.identity.usecase.DisableUser;
import dev.keyhold.identity.usecase.DeleteUser;
import dev.keyhold.identity.usecase.EnableUser;
import dev.keyhold.identity.usecase.GetUser;
import dev.keyhold.identity.usecase.GrantGlobalRole;
import dev.keyhold.identity.usecase.ListUsers;
import dev.keyhold.identity.usecase.LogoutUser;
import dev.keyhold.identity.usecase.ResetUserMfa;
import dev.keyhold.identity.usecase.RevokeGlobalRole;
import io.javalin.http.Context;
import java.util.List;
import java.util.Set;

/**
 * The platform administration endpoints: global roles under {@code /api/v1/roles} and users under
 * {@code /api/v1/admin/users}. Every one needs a bearer token; authorization is the use case's. A user id in a path
 * that is not a canonical UUID is a user that does not exist (404).
 */
final class AdministrationRoutes {

  static final int DEFAULT_PAGE_SIZE = 50;
  static final int MAX_PAGE_SIZE = 200;
  private static final Set<String> USER_QUERY = Set.of("email_prefix", "q", "status", "cursor", "limit");

  record CreateRoleRequest(String name, List<String> scopes) {}

  record CreateUserRequest(String email, @OptionalField String displayName) {}

  private final JsonBodies bodies;
  private final Callers callers;
  private final Administration administration;

  AdministrationRoutes(JsonBodies bodies, Callers callers, Administration administration) {
    this.bodies = bodies;
    this.callers = callers;
    this.administration = administration;
  }

  void listRoles(Context ctx) {
    Actor actor = callers.actor(ctx);
    QueryParameters.none(ctx);
    Views.respond(ctx, 200, Views.Items.of(administration.listGlobalRoles(actor), Views.Role::of));
  }

  void createRole(Context ctx) {
    Actor actor = callers.actor(ctx);
    CreateRoleRequest request = bodies.read(ctx, CreateRoleRequest.class);
    CreateGlobalRole.Command command = new CreateGlobalRole.Command(actor, request.name(), request.scopes());
    Views.respond(ctx, 201, Views.Role.of(administration.createGlobalRole(command)));
  }

  void grantRole(Context ctx) {
    Actor actor = callers.actor(ctx);
    UserId user = Callers.userInPath(ctx, "id");
    bodies.readNothing(ctx);
    administration.grantRole(new GrantGlobalRole.Command(actor, user, ctx.pathParam("role")));
    ctx.status(204);
  }

  void revokeRole(Context ctx) {
    Actor actor = callers.actor(ctx);
    UserId user = Callers.userInPath(ctx, "id");
    administration.revokeRole(new RevokeGlobalRole.Command(actor, user, ctx.pathParam("role")));
    ctx.status(204);
  }

  /**
   * {@code ?email_prefix=&q=&status=active|disabled&cursor=&limit=}, all optional; a page of users by email. {@code q}
   * is the start of the display name, in any case.
   */
  void listUsers(Context ctx) {
    Actor actor = callers.actor(ctx);
    QueryParameters query = new QueryParameters(ctx, USER_QUERY);
    String emailPrefix = query.text("email_prefix");
    String namePrefix = query.text("q");
    UserStatus status = query.oneOf("status", UserStatus.class);
    String cursor = query.text("cursor");
    int limit = query.integer("limit", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE);
    query.done();
    ListUsers.Query page = new ListUsers.Query(actor, emailPrefix, namePrefix, status, cursor, limit);
    Views.respond(ctx, 200, Views.Page.of(administration.listUsers(page), Views.User::of));
  }

  /** 201 with the new user; a taken address is 409 {@code email_taken}. */
  void createUser(Context ctx) {
    Actor actor = callers.actor(ctx);
    CreateUserRequest request = bodies.read(ctx, CreateUserRequest.class);
    CreateUser.Command command = new CreateUser.Command(actor, request.email(), request.displayName());
    Views.respond(ctx, 201, Views.User.of(administration.createUser(command)));
  }

  void getUser(Context ctx) {
    Actor actor = callers.actor(ctx);
    QueryParameters.none(ctx);
    UserId user = Callers.userInPath(ctx, "id");
    Views.respond(ctx, 200, Views.UserDetails.of(administration.getUser(new GetUser.Query(actor, user))));
  }

  void disableUser(Context ctx) {
    Actor actor = callers.actor(ctx);
    UserId user = Callers.userInPath(ctx, "id");
    bodies.readNothing(ctx);
    Views.respond(ctx, 200, Views.User.of(administration.disableUser(new DisableUser.Command(actor, user))));
  }

  void enableUser(Context ctx) {
    Actor actor = callers.actor(ctx);
    UserId user = Callers.userInPath(ctx, "id");
    bodies.readNothing(ctx);
    Views.respond(ctx, 200, Views.User.of(administration.enableUser(new EnableUser.Command(actor, user))));
  }

  /** 204 however many sessions there were to end: afterwards the user has none (idempotent). */
  void logoutUser(Context ctx) {
    Actor actor = callers.actor(ctx);
    UserId user = Callers.userInPath(ctx, "id");
    bodies.readNothing(ctx);
    administration.logoutUser(new LogoutUser.Command(actor, user));
    ctx.status(204);
  }

  /** 204 once the user is deleted; 404 for an unknown (or already deleted) user. */
  void deleteUser(Context ctx) {
    Actor actor = callers.actor(ctx);
    UserId user = Callers.userInPath(ctx, "id");
    bodies.readNothing(ctx);
    administration.deleteUser(new DeleteUser.Command(actor, user));
    ctx.status(204);
  }

  /**
   * 204 whether or not the user had two-factor sign-in: afterwards they have none (idempotent, like revoking a role).
   */
  void resetMfa(Context ctx) {
    Actor actor = callers.actor(ctx);
    UserId user = Callers.userInPath(ctx, "id");
    administration.resetMfa(new ResetUserMfa.Command(actor, user));
    ctx.status(204);
  }
}
