package dev.keyhold.adapter.http;

import dev.keyhold.identity.error.NotFoundException;
import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.external.ExternalIdentityId;
import dev.keyhold.identity.usecase.Authenticate;
import dev.keyhold.identity.usecase.CompleteExternalLogin;
import dev.keyhold.identity.usecase.ExternalLogin;
import dev.keyhold.identity.usecase.ListIdentityProviders;
import dev.keyhold.identity.usecase.ListLinkedIdentities;
import dev.keyhold.identity.usecase.StartExternalLogin;
import dev.keyhold.identity.usecase.UnlinkIdentity;
import io.javalin.http.Context;
import java.util.Set;
import java.util.UUID;

/**
 * Sign-in through external OpenID Connect providers under {@code /api/v1/oauth}, for the application that drives the
 * browser: it asks for the provider's authorization URL (with the {@code state} to bring back), sends the browser
 * there, and posts the {@code code} and {@code state} the provider redirected back with, for the same answer as
 * {@code POST /api/v1/login}. And the caller's links to providers under {@code /api/v1/me/identities}. Answers that
 * carry a {@code state} or tokens are sent with {@code no-store}.
 */
final class ExternalLoginRoutes {

  static final String REDIRECT_URI = "redirect_uri";
  private static final Set<String> AUTHORIZE_QUERY = Set.of(REDIRECT_URI);

  record Provider(String name, String displayName) {

    static Provider of(ListIdentityProviders.ProviderView view) {
      return new Provider(view.name(), view.displayName());
    }
  }

  /** Where to send the browser, and the {@code state} the callback must bring back. */
  record AuthorizationResponse(String authorizationUrl, String state) {

    static AuthorizationResponse of(StartExternalLogin.Authorization authorization) {
      return new AuthorizationResponse(authorization.authorizationUrl().toString(), authorization.state());
    }

    @Override
    public String toString() {
      return "AuthorizationResponse[authorizationUrl=***, state=***]";
    }
  }

  /** What the provider redirected the browser back with. */
  record CallbackRequest(String code, String state) {
    @Override
    public String toString() {
      return "CallbackRequest[code=***, state=***]";
    }
  }

  /** A link as its user sees it; never the provider's subject. */
  record LinkedIdentity(String id, String provider, String email, String linkedAt) {

    static LinkedIdentity of(ListLinkedIdentities.LinkedIdentity view) {
      return new LinkedIdentity(Views.text(view.id()), view.provider(), view.email(), Views.instant(view.linkedAt()));
    }
  }

  private final JsonBodies bodies;
  private final Callers callers;
  private final ExternalLogin externalLogin;
  private final RefreshCookie cookie;

  ExternalLoginRoutes(JsonBodies bodies, Callers callers, ExternalLogin externalLogin, RefreshCookie cookie) {
    this.bodies = bodies;
    this.callers = callers;
    this.externalLogin = externalLogin;
    this.cookie = cookie;
  }

  /** {@code GET /oauth/providers}: the enabled providers, for sign-in buttons. */
  void providers(Context ctx) {
    QueryParameters.none(ctx);
    ctx.status(200).json(Views.Items.of(externalLogin.providers(), Provider::of));
  }

  /** {@code GET /oauth/{provider}/authorize[?redirect_uri=]}. */
  void authorize(Context ctx) {
    QueryParameters query = new QueryParameters(ctx, AUTHORIZE_QUERY);
    String redirectUri = query.text(REDIRECT_URI);
    query.done();
    StartExternalLogin.Authorization authorization = externalLogin.startExternalLogin(
        new StartExternalLogin.Command(ctx.pathParam("provider"), redirectUri, RequestScope.client(ctx)));
    TokenResponse.noStore(ctx);
    ctx.status(200).json(AuthorizationResponse.of(authorization));
  }

  /** {@code POST /oauth/{provider}/callback}: the answers of {@code POST /login}, tokens or {@code mfa_required}; the
   * refresh token in the cookie for a request that opted in ({@link RefreshCookie}). */
  void callback(Context ctx) {
    boolean optedIn = cookie.optedIn(ctx);
    CallbackRequest request = bodies.read(ctx, CallbackRequest.class);
    Authenticate.LoginResult result = externalLogin.completeExternalLogin(new CompleteExternalLogin.Command(
        ctx.pathParam("provider"), request.code(), request.state(), RequestScope.client(ctx)));
    TokenResponse.noStore(ctx);
    if (result instanceof Authenticate.MfaRequired challenge) {
      ctx.status(200).json(AccountRoutes.MfaRequiredResponse.of(challenge));
      return;
    }
    AccountRoutes.respondWithTokens(ctx, AccountRoutes.tokensOf(result), optedIn ? cookie : RefreshCookie.OFF);
  }

  /** {@code GET /me/identities}: the caller's links, oldest first. */
  void identities(Context ctx) {
    Actor actor = callers.actor(ctx);
    QueryParameters.none(ctx);
    Views.respond(ctx, 200, Views.Items.of(externalLogin.linkedIdentities(actor), LinkedIdentity::of));
  }

  /** {@code DELETE /me/identities/{id}}: 204, or 409 {@code last_sign_in_method}. */
  void unlink(Context ctx) {
    Actor actor = callers.actor(ctx);
    UUID id = Callers.canonicalUuid(ctx.pathParam("id"));
    if (id == null) {
      throw new NotFoundException("No such sign-in method.");
    }
    externalLogin.unlink(new UnlinkIdentity.Command(actor, new ExternalIdentityId(id)));
    ctx.status(204);
  }
}
