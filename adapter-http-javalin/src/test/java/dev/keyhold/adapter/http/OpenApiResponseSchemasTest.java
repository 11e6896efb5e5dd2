package dev.keyhold.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.keyhold.identity.error.ConflictException;
import dev.keyhold.identity.error.EmailTakenException;
import dev.keyhold.identity.error.ErrorCode;
import dev.keyhold.identity.error.ExternalLoginException;
import dev.keyhold.identity.error.ForbiddenException;
import dev.keyhold.identity.error.InvalidCredentialsException;
import dev.keyhold.identity.error.InvalidTokenException;
import dev.keyhold.identity.error.MfaRequiredException;
import dev.keyhold.identity.error.NotFoundException;
import dev.keyhold.identity.error.ProviderUnavailableException;
import dev.keyhold.identity.error.StoreUnavailableException;
import dev.keyhold.identity.error.TooManyRequestsException;
import dev.keyhold.identity.usecase.Administration;
import dev.keyhold.identity.usecase.Organizations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real answers of the server (against the fakes) held to the document: each status must be documented for its
 * operation, the body must be valid by the documented schema of its media type (closed-world: no undocumented field),
 * and every header the document says is always sent must be there and valid by its schema.
 */
class OpenApiResponseSchemasTest extends HttpApiTestSupport {

  private static final String ORG = "/api/v1/orgs/" + FakeOrganizations.ORG;
  private static final String USER = "/api/v1/admin/users/" + FakeAdministration.TARGET;
  private static final String LOGIN = "{\"email\": \"ada@example.com\", \"password\": \"correct horse\"}";
  private static final String FORM = "application/x-www-form-urlencoded";
  private static final String MFA_LOGIN = "{\"mfa_token\": \"t\", \"code\": \"123456\"}";
  private static final String CALLBACK = "{\"code\": \"provider-code\", \"state\": \"" + FakeExternalLogin.STATE
      + "\"}";

  /** One request, and the operation (method and path template) that answers it. */
  record Exchange(String name, String method, String template, Call call) {
    @Override
    public String toString() {
      return name;
    }
  }

  @FunctionalInterface
  interface Call {
    Response on(OpenApiResponseSchemasTest test);
  }

  private DocumentedApi api;

  @BeforeAll
  void readDocument() {
    api = new DocumentedApi(get(DocsRoutes.DOCUMENT_PATH).json());
  }

  static Stream<Exchange> exchanges() {
    return Stream.of(
        new Exchange("login 200", "POST", "/api/v1/login", t -> t.postJson("/api/v1/login", LOGIN)),
        new Exchange("login 400 validation_failed", "POST", "/api/v1/login",
            t -> t.postJson("/api/v1/login", "{\"email\": 1, \"extra\": true}")),
        new Exchange("login 401 invalid_credentials", "POST", "/api/v1/login", t -> {
          t.accounts.failWith(new InvalidCredentialsException());
          return t.postJson("/api/v1/login", LOGIN);
        }),
        new Exchange("login 429 rate_limited", "POST", "/api/v1/login", t -> {
          t.accounts.failWith(TooManyRequestsException.rateLimited(Duration.ofSeconds(42),
              new TooManyRequestsException.Limit("login-ip", 10, Duration.ofMinutes(1), 0, Duration.ofSeconds(42))));
          return t.postJson("/api/v1/login", LOGIN);
        }),
        new Exchange("login 429 too_many_attempts", "POST", "/api/v1/login", t -> {
          t.accounts.failWith(TooManyRequestsException.locked(Duration.ofMinutes(15)));
          return t.postJson("/api/v1/login", LOGIN);
        }),
        new Exchange("login 413 payload_too_large", "POST", "/api/v1/login",
            t -> t.postJson("/api/v1/login", "{\"email\": \"" + "a".repeat(70_000) + "\"}")),
        new Exchange("login 415 unsupported_media_type", "POST", "/api/v1/login",
            t -> t.post("/api/v1/login", "text/plain", LOGIN)),
        new Exchange("login 500 internal_error", "POST", "/api/v1/login", t -> {
          t.accounts.failWith(new IllegalStateException("boom"));
          return t.postJson("/api/v1/login", LOGIN);
        }),
        new Exchange("login 200 mfa_required", "POST", "/api/v1/login", t -> {
          t.accounts.login = command -> FakeAccounts.mfaRequired();
          return t.postJson("/api/v1/login", LOGIN);
        }),
        new Exchange("login mfa 200", "POST", "/api/v1/login/mfa", t -> t.postJson("/api/v1/login/mfa", MFA_LOGIN)),
        new Exchange("login mfa 200 with a recovery code", "POST", "/api/v1/login/mfa",
            t -> t.postJson("/api/v1/login/mfa", "{\"mfa_token\": \"t\", \"recovery_code\": \"abcde-fghij\"}")),
        new Exchange("login mfa 400 validation_failed", "POST", "/api/v1/login/mfa",
            t -> t.postJson("/api/v1/login/mfa", "{\"mfa_token\": \"t\", \"code\": \"1\", \"recovery_code\": \"2\"}")),
        new Exchange("login mfa 401 invalid_mfa_token", "POST", "/api/v1/login/mfa", t -> {
          t.accounts.failWith(new InvalidTokenException(InvalidTokenException.Kind.MFA_TOKEN, "used"));
          return t.postJson("/api/v1/login/mfa", MFA_LOGIN);
        }),
        new Exchange("login mfa 401 invalid_mfa_code", "POST", "/api/v1/login/mfa", t -> {
          t.accounts.failWith(InvalidCredentialsException.mfaCode());
          return t.postJson("/api/v1/login/mfa", MFA_LOGIN);
        }),
        new Exchange("login mfa 429 too_many_attempts", "POST", "/api/v1/login/mfa", t -> {
          t.accounts.failWith(TooManyRequestsException.locked(Duration.ofMinutes(15)));
          return t.postJson("/api/v1/login/mfa", MFA_LOGIN);
        }),
        new Exchange("register 202", "POST", "/api/v1/register",
            t -> t.postJson("/api/v1/register", "{\"email\": \"ada@example.com\", \"password\": \"correct horse\"}")),
        new Exchange("register 503 store_unavailable", "POST", "/api/v1/register", t -> {
          t.accounts.failWith(new StoreUnavailableException("down", new RuntimeException()));
          return t.postJson("/api/v1/register", "{\"email\": \"ada@example.com\", \"password\": \"correct horse\"}");
        }),
        new Exchange("resend verification 202", "POST", "/api/v1/verify-email/resend",
            t -> t.postJson("/api/v1/verify-email/resend", "{\"email\": \"ada@example.com\"}")),
        new Exchange("request password reset 202", "POST", "/api/v1/password-reset/request",
            t -> t.postJson("/api/v1/password-reset/request", "{\"email\": \"ada@example.com\"}")),
        new Exchange("confirm password reset 204", "POST", "/api/v1/password-reset/confirm",
            t -> t.postJson("/api/v1/password-reset/confirm", "{\"token\": \"t\", \"new_password\": \"new one\"}")),
        new Exchange("verify-email 200", "POST", "/api/v1/verify-email",
            t -> t.postJson("/api/v1/verify-email", "{\"token\": \"t\"}")),
        new Exchange("refresh 200", "POST", "/api/v1/refresh",
            t -> t.postJson("/api/v1/refresh", "{\"refresh_token\": \"r\"}")),
        new Exchange("logout 204", "POST", "/api/v1/logout",
            t -> t.postJson("/api/v1/logout", "{\"refresh_token\": \"r\"}")),
        new Exchange("logout-all 200", "POST", "/api/v1/logout-all",
            t -> t.authorized("POST", "/api/v1/logout-all", null)),
        new Exchange("me 200", "GET", "/api/v1/me", t -> t.authorized("GET", "/api/v1/me", null)),
        new Exchange("me 401 missing_token", "GET", "/api/v1/me", t -> t.get("/api/v1/me")),
        new Exchange("me 401 invalid_token", "GET", "/api/v1/me",
            t -> t.get("/api/v1/me", "Authorization", "Bearer not.a.token")),
        new Exchange("me 400 malformed_authorization", "GET", "/api/v1/me",
            t -> t.get("/api/v1/me", "Authorization", "Bearer two tokens")),
        new Exchange("me 401 missing_token for another scheme", "GET", "/api/v1/me",
            t -> t.get("/api/v1/me", "Authorization", "Basic YWRhOg==")),
        new Exchange("update profile 200", "PATCH", "/api/v1/me",
            t -> t.authorized("PATCH", "/api/v1/me", "{\"display_name\": \"Ada\"}")),
        new Exchange("update profile 200 cleared", "PATCH", "/api/v1/me",
            t -> t.authorized("PATCH", "/api/v1/me", "{\"display_name\": null}")),
        new Exchange("change email 202", "POST", "/api/v1/me/email", t -> t.authorized("POST", "/api/v1/me/email",
            "{\"new_email\": \"ada.new@example.com\", \"current_password\": \"pw\"}")),
        new Exchange("confirm email change 200", "POST", "/api/v1/confirm-email",
            t -> t.postJson("/api/v1/confirm-email", "{\"token\": \"t\"}")),
        new Exchange("confirm email change 409 email_taken", "POST", "/api/v1/confirm-email", t -> {
          t.accounts.confirmEmailChange = command -> {
            throw new EmailTakenException();
          };
          return t.postJson("/api/v1/confirm-email", "{\"token\": \"t\"}");
        }),
        new Exchange("delete account 204", "DELETE", "/api/v1/me",
            t -> t.authorized("DELETE", "/api/v1/me", "{\"current_password\": \"pw\"}")),
        new Exchange("delete account 409 last_owner", "DELETE", "/api/v1/me", t -> {
          t.accounts.deleteAccount = command -> {
            throw new ConflictException(ErrorCode.LAST_OWNER, "Only owner.");
          };
          return t.authorized("DELETE", "/api/v1/me", "{\"current_password\": \"pw\"}");
        }),
        new Exchange("delete account 403 forbidden", "DELETE", "/api/v1/me", t -> {
          t.accounts.deleteAccount = command -> {
            throw new ForbiddenException("Sign in again.");
          };
          return t.authorized("DELETE", "/api/v1/me", "{\"current_password\": null}");
        }),
        new Exchange("list sessions 200", "GET", "/api/v1/me/sessions",
            t -> t.authorized("GET", "/api/v1/me/sessions", null)),
        new Exchange("end session 204", "DELETE", "/api/v1/me/sessions/{id}",
            t -> t.authorized("DELETE", "/api/v1/me/sessions/5e55f1a7-0000-4000-8000-000000000003", null)),
        new Exchange("end session 404", "DELETE", "/api/v1/me/sessions/{id}", t -> {
          t.sessions.endSession = command -> {
            throw new NotFoundException("No such session.");
          };
          return t.authorized("DELETE", "/api/v1/me/sessions/5e55f1a7-0000-4000-8000-000000000003", null);
        }),
        new Exchange("change password 200", "POST", "/api/v1/me/password", t -> t.authorized("POST",
            "/api/v1/me/password", "{\"current_password\": \"old one\", \"new_password\": \"a new one\"}")),
        new Exchange("start totp 201", "POST", "/api/v1/me/mfa/totp",
            t -> t.authorized("POST", "/api/v1/me/mfa/totp", "{\"current_password\": \"pw\"}")),
        new Exchange("start totp 401 invalid_credentials", "POST", "/api/v1/me/mfa/totp", t -> {
          t.twoFactor.failWith(new InvalidCredentialsException());
          return t.authorized("POST", "/api/v1/me/mfa/totp", "{\"current_password\": \"pw\"}");
        }),
        new Exchange("start totp 409 mfa_already_enabled", "POST", "/api/v1/me/mfa/totp", t -> {
          t.twoFactor.failWith(new ConflictException(ErrorCode.MFA_ALREADY_ENABLED, "On already."));
          return t.authorized("POST", "/api/v1/me/mfa/totp", "{\"current_password\": \"pw\"}");
        }),
        new Exchange("confirm totp 200", "POST", "/api/v1/me/mfa/totp/confirm",
            t -> t.authorized("POST", "/api/v1/me/mfa/totp/confirm", "{\"code\": \"123456\"}")),
        new Exchange("confirm totp 401 invalid_mfa_code", "POST", "/api/v1/me/mfa/totp/confirm", t -> {
          t.twoFactor.failWith(InvalidCredentialsException.mfaCode());
          return t.authorized("POST", "/api/v1/me/mfa/totp/confirm", "{\"code\": \"123456\"}");
        }),
        new Exchange("confirm totp 409 mfa_not_enabled", "POST", "/api/v1/me/mfa/totp/confirm", t -> {
          t.twoFactor.failWith(new ConflictException(ErrorCode.MFA_NOT_ENABLED, "Nothing to confirm."));
          return t.authorized("POST", "/api/v1/me/mfa/totp/confirm", "{\"code\": \"123456\"}");
        }),
        new Exchange("disable totp 204", "DELETE", "/api/v1/me/mfa/totp", t -> t.authorized("DELETE",
            "/api/v1/me/mfa/totp", "{\"current_password\": \"pw\", \"code\": \"123456\"}")),
        new Exchange("disable totp 400 validation_failed", "DELETE", "/api/v1/me/mfa/totp", t -> t.authorized("DELETE",
            "/api/v1/me/mfa/totp", "{\"current_password\": \"pw\", \"code\": \"" + "1".repeat(65) + "\"}")),
        new Exchange("replace recovery codes 200", "POST", "/api/v1/me/mfa/recovery-codes",
            t -> t.authorized("POST", "/api/v1/me/mfa/recovery-codes", "{\"code\": \"123456\"}")),
        new Exchange("identities 200", "GET", "/api/v1/me/identities",
            t -> t.authorized("GET", "/api/v1/me/identities", null)),
        new Exchange("unlink identity 204", "DELETE", "/api/v1/me/identities/{id}",
            t -> t.authorized("DELETE", "/api/v1/me/identities/" + FakeExternalLogin.LINK, null)),
        new Exchange("unlink identity 409 last_sign_in_method", "DELETE", "/api/v1/me/identities/{id}", t -> {
          t.externalLogin.failWith(new ConflictException(ErrorCode.LAST_SIGN_IN_METHOD, "Your only way to sign in."));
          return t.authorized("DELETE", "/api/v1/me/identities/" + FakeExternalLogin.LINK, null);
        }),
        new Exchange("unlink identity 404 malformed id", "DELETE", "/api/v1/me/identities/{id}",
            t -> t.authorized("DELETE", "/api/v1/me/identities/garbage", null)),
        new Exchange("token 200", "POST", "/api/v1/token",
            t -> t.post("/api/v1/token", FORM, "grant_type=password&username=ada%40example.com&password=x")),
        new Exchange("token 400 invalid_grant", "POST", "/api/v1/token", t -> {
          t.accounts.failWith(new InvalidCredentialsException());
          return t.post("/api/v1/token", FORM, "grant_type=password&username=ada%40example.com&password=x");
        }),
        new Exchange("token 403 mfa_required", "POST", "/api/v1/token", t -> {
          t.accounts.login = command -> FakeAccounts.mfaRequired();
          return t.post("/api/v1/token", FORM, "grant_type=password&username=ada%40example.com&password=x");
        }),
        new Exchange("token 429 rate_limited", "POST", "/api/v1/token", t -> {
          t.accounts.failWith(TooManyRequestsException.rateLimited(Duration.ofSeconds(42),
              new TooManyRequestsException.Limit("login-ip", 10, Duration.ofMinutes(1), 0, Duration.ofSeconds(42))));
          return t.post("/api/v1/token", FORM, "grant_type=password&username=ada%40example.com&password=x");
        }),
        new Exchange("token 503 temporarily_unavailable", "POST", "/api/v1/token", t -> {
          t.sessions.failWith(new StoreUnavailableException("down", new RuntimeException()));
          return t.post("/api/v1/token", FORM, "grant_type=refresh_token&refresh_token=r");
        }),
        new Exchange("oauth providers 200", "GET", "/api/v1/oauth/providers", t -> t.get("/api/v1/oauth/providers")),
        new Exchange("oauth providers 200 none", "GET", "/api/v1/oauth/providers", t -> {
          t.externalLogin.providers = List.of();
          return t.get("/api/v1/oauth/providers");
        }),
        new Exchange("oauth authorize 200", "GET", "/api/v1/oauth/{provider}/authorize",
            t -> t.get("/api/v1/oauth/google/authorize?redirect_uri=https%3A%2F%2Fapp.example.com%2Fcb")),
        new Exchange("oauth authorize 400 validation_failed", "GET", "/api/v1/oauth/{provider}/authorize",
            t -> t.get("/api/v1/oauth/google/authorize?next=/admin")),
        new Exchange("oauth authorize 404 not_found", "GET", "/api/v1/oauth/{provider}/authorize", t -> {
          t.externalLogin.failWith(new NotFoundException("No such sign-in provider."));
          return t.get("/api/v1/oauth/github/authorize");
        }),
        new Exchange("oauth authorize 502 provider_unavailable", "GET", "/api/v1/oauth/{provider}/authorize", t -> {
          t.externalLogin.failWith(new ProviderUnavailableException("google discovery unreachable", null));
          return t.get("/api/v1/oauth/google/authorize");
        }),
        new Exchange("oauth callback 200", "POST", "/api/v1/oauth/{provider}/callback",
            t -> t.postJson("/api/v1/oauth/google/callback", CALLBACK)),
        new Exchange("oauth callback 200 mfa_required", "POST", "/api/v1/oauth/{provider}/callback", t -> {
          t.externalLogin.complete = command -> FakeAccounts.mfaRequired();
          return t.postJson("/api/v1/oauth/google/callback", CALLBACK);
        }),
        new Exchange("oauth callback 400 invalid_oauth_state", "POST", "/api/v1/oauth/{provider}/callback", t -> {
          t.externalLogin.failWith(ExternalLoginException.invalidState("unknown_state"));
          return t.postJson("/api/v1/oauth/google/callback", CALLBACK);
        }),
        new Exchange("oauth callback 401 oauth_login_failed", "POST", "/api/v1/oauth/{provider}/callback", t -> {
          t.externalLogin.failWith(ExternalLoginException.failed("bad_nonce"));
          return t.postJson("/api/v1/oauth/google/callback", CALLBACK);
        }),
        new Exchange("oauth callback 401 invalid_credentials", "POST", "/api/v1/oauth/{provider}/callback", t -> {
          t.externalLogin.failWith(new InvalidCredentialsException());
          return t.postJson("/api/v1/oauth/google/callback", CALLBACK);
        }),
        new Exchange("oauth callback 429 rate_limited", "POST", "/api/v1/oauth/{provider}/callback", t -> {
          t.externalLogin.failWith(TooManyRequestsException.rateLimited(Duration.ofSeconds(42),
              new TooManyRequestsException.Limit("login-ip", 20, Duration.ofMinutes(1), 0, Duration.ofSeconds(42))));
          return t.postJson("/api/v1/oauth/google/callback", CALLBACK);
        }),
        new Exchange("create organization 201", "POST", "/api/v1/orgs",
            t -> t.authorized("POST", "/api/v1/orgs", "{\"name\": \"Acme\", \"slug\": \"acme\"}")),
        new Exchange("list organizations 200", "GET", "/api/v1/orgs", t -> t.authorized("GET", "/api/v1/orgs", null)),
        new Exchange("organization 200", "GET", "/api/v1/orgs/{id}", t -> t.authorized("GET", ORG, null)),
        new Exchange("organization 404 malformed id", "GET", "/api/v1/orgs/{id}",
            t -> t.authorized("GET", "/api/v1/orgs/garbage", null)),
        new Exchange("rename organization 200", "PATCH", "/api/v1/orgs/{id}",
            t -> t.authorized("PATCH", ORG, "{\"name\": \"Acme 2\"}")),
        new Exchange("require mfa 200", "PATCH", "/api/v1/orgs/{id}", t -> {
          t.organizations.organization = new Organizations.OrganizationView(FakeOrganizations.ORG, "Acme", "acme",
              true, FakeOrganizations.CREATED_AT, "owner");
          return t.authorized("PATCH", ORG, "{\"require_mfa\": true}");
        }),
        new Exchange("require mfa 403 mfa_required", "PATCH", "/api/v1/orgs/{id}", t -> {
          t.organizations.failWith(new MfaRequiredException("Sign in with a second factor first."));
          return t.authorized("PATCH", ORG, "{\"require_mfa\": true}");
        }),
        new Exchange("delete organization 204", "DELETE", "/api/v1/orgs/{id}", t -> t.authorized("DELETE", ORG, null)),
        new Exchange("invite 201", "POST", "/api/v1/orgs/{id}/invite", t -> t.authorized("POST", ORG + "/invite",
            "{\"email\": \"carol@example.com\", \"role\": \"member\", \"expires_in_seconds\": 3600}")),
        new Exchange("invitations 200", "GET", "/api/v1/orgs/{id}/invitations",
            t -> t.authorized("GET", ORG + "/invitations", null)),
        new Exchange("revoke invitation 204", "DELETE", "/api/v1/orgs/{id}/invitations/{inv}",
            t -> t.authorized("DELETE", ORG + "/invitations/" + FakeOrganizations.INVITATION, null)),
        new Exchange("members 200", "GET", "/api/v1/orgs/{id}/members",
            t -> t.authorized("GET", ORG + "/members", null)),
        new Exchange("change role 200", "PATCH", "/api/v1/orgs/{id}/members/{user}",
            t -> t.authorized("PATCH", ORG + "/members/" + FakeOrganizations.MEMBER, "{\"role\": \"admin\"}")),
        new Exchange("remove member 204", "DELETE", "/api/v1/orgs/{id}/members/{user}",
            t -> t.authorized("DELETE", ORG + "/members/" + FakeOrganizations.MEMBER, null)),
        new Exchange("transfer ownership 204", "POST", "/api/v1/orgs/{id}/transfer-ownership", t -> t.authorized(
            "POST", ORG + "/transfer-ownership", "{\"user_id\": \"" + FakeOrganizations.MEMBER + "\"}")),
        new Exchange("create organization role 201", "POST", "/api/v1/orgs/{id}/roles", t -> t.authorized(
            "POST", ORG + "/roles", "{\"name\": \"auditor\", \"scopes\": [\"org:read\"]}")),
        new Exchange("organization roles 200", "GET", "/api/v1/orgs/{id}/roles",
            t -> t.authorized("GET", ORG + "/roles", null)),
        new Exchange("organization token 200", "POST", "/api/v1/orgs/{id}/token",
            t -> t.authorized("POST", ORG + "/token", null)),
        new Exchange("organization token 403 mfa_required", "POST", "/api/v1/orgs/{id}/token", t -> {
          t.organizations.failWith(new MfaRequiredException("The organization requires a second factor."));
          return t.authorized("POST", ORG + "/token", null);
        }),
        new Exchange("accept invitation 200", "POST", "/api/v1/invitations/accept",
            t -> t.authorized("POST", "/api/v1/invitations/accept", "{\"token\": \"t\"}")),
        new Exchange("global roles 200", "GET", "/api/v1/roles", t -> t.authorized("GET", "/api/v1/roles", null)),
        new Exchange("create global role 201", "POST", "/api/v1/roles", t -> t.authorized(
            "POST", "/api/v1/roles", "{\"name\": \"support\", \"scopes\": [\"users:read\"]}")),
        new Exchange("revoke global role 204", "DELETE", "/api/v1/admin/users/{id}/roles/{role}",
            t -> t.authorized("DELETE", USER + "/roles/support", null)),
        new Exchange("users 200", "GET", "/api/v1/admin/users", t -> {
          t.administration.users = new Administration.Page<>(List.of(FakeAdministration.USER), "next-page");
          return t.authorized("GET", "/api/v1/admin/users?limit=1&status=active", null);
        }),
        new Exchange("users 400 validation_failed", "GET", "/api/v1/admin/users",
            t -> t.authorized("GET", "/api/v1/admin/users?limit=0&colour=red", null)),
        new Exchange("users 403 forbidden", "GET", "/api/v1/admin/users", t -> {
          t.administration.failWith(new ForbiddenException("No."));
          return t.authorized("GET", "/api/v1/admin/users", null);
        }),
        new Exchange("audit 200", "GET", "/api/v1/admin/audit", t -> {
          t.auditTrail.page = new Administration.Page<>(List.of(FakeAuditTrail.LOGIN, FakeAuditTrail.ANONYMOUS),
              "next-page");
          return t.authorized("GET", "/api/v1/admin/audit?action=login.failed&limit=2", null);
        }),
        new Exchange("audit 400 validation_failed", "GET", "/api/v1/admin/audit",
            t -> t.authorized("GET", "/api/v1/admin/audit?from=yesterday&colour=red", null)),
        new Exchange("audit 403 forbidden", "GET", "/api/v1/admin/audit", t -> {
          t.auditTrail.failWith(new ForbiddenException("No."));
          return t.authorized("GET", "/api/v1/admin/audit", null);
        }),
        new Exchange("organization audit 200", "GET", "/api/v1/orgs/{id}/audit",
            t -> t.authorized("GET", ORG + "/audit?limit=1", null)),
        new Exchange("create user 201", "POST", "/api/v1/admin/users",
            t -> t.authorized("POST", "/api/v1/admin/users", "{\"email\": \"dave@example.com\"}")),
        new Exchange("create user 409 email_taken", "POST", "/api/v1/admin/users", t -> {
          t.administration.failWith(new EmailTakenException());
          return t.authorized("POST", "/api/v1/admin/users", "{\"email\": \"dave@example.com\"}");
        }),
        new Exchange("user 200", "GET", "/api/v1/admin/users/{id}", t -> t.authorized("GET", USER, null)),
        new Exchange("user 200 without sessions", "GET", "/api/v1/admin/users/{id}", t -> {
          t.administration.details = new Administration.UserDetails(FakeAdministration.USER, List.of(), 0, false,
              null);
          return t.authorized("GET", USER, null);
        }),
        new Exchange("user 403 forbidden", "GET", "/api/v1/admin/users/{id}", t -> {
          t.administration.failWith(new ForbiddenException("No."));
          return t.authorized("GET", USER, null);
        }),
        new Exchange("disable user 200", "PATCH", "/api/v1/admin/users/{id}/disable",
            t -> t.authorized("PATCH", USER + "/disable", null)),
        new Exchange("enable user 200", "PATCH", "/api/v1/admin/users/{id}/enable",
            t -> t.authorized("PATCH", USER + "/enable", null)),
        new Exchange("logout user 204", "POST", "/api/v1/admin/users/{id}/logout",
            t -> t.authorized("POST", USER + "/logout", null)),
        new Exchange("logout user 403 forbidden", "POST", "/api/v1/admin/users/{id}/logout", t -> {
          t.administration.failWith(new ForbiddenException("No."));
          return t.authorized("POST", USER + "/logout", null);
        }),
        new Exchange("delete user 204", "DELETE", "/api/v1/admin/users/{id}", t -> t.authorized("DELETE", USER, null)),
        new Exchange("delete user 409 last_owner", "DELETE", "/api/v1/admin/users/{id}", t -> {
          t.administration.failWith(new ConflictException(ErrorCode.LAST_OWNER, "The only owner."));
          return t.authorized("DELETE", USER, null);
        }),
        new Exchange("reset user mfa 204", "DELETE", "/api/v1/admin/users/{id}/mfa",
            t -> t.authorized("DELETE", USER + "/mfa", null)),
        new Exchange("reset user mfa 403 forbidden", "DELETE", "/api/v1/admin/users/{id}/mfa", t -> {
          t.administration.failWith(new ForbiddenException("No."));
          return t.authorized("DELETE", USER + "/mfa", null);
        }),
        new Exchange("grant role 404 not_found", "POST", "/api/v1/admin/users/{id}/roles/{role}", t -> {
          t.administration.failWith(new NotFoundException("No such role."));
          return t.authorized("POST", USER + "/roles/support", null);
        }),
        new Exchange("jwks 200", "GET", "/.well-known/jwks.json", t -> t.get("/.well-known/jwks.json")),
        new Exchange("oauth metadata 200", "GET", AuthorizationServerMetadata.OAUTH_PATH,
            t -> t.get(AuthorizationServerMetadata.OAUTH_PATH)),
        new Exchange("openid configuration 200", "GET", AuthorizationServerMetadata.OPENID_PATH,
            t -> t.get(AuthorizationServerMetadata.OPENID_PATH)),
        new Exchange("healthcheck 200", "GET", "/api/v1/healthcheck", t -> t.get("/api/v1/healthcheck")),
        new Exchange("live 200", "GET", "/health/live", t -> t.get("/health/live")),
        new Exchange("ready 200", "GET", "/health/ready", t -> t.get("/health/ready")),
        new Exchange("ready 503", "GET", "/health/ready", t -> {
          t.readiness.set(() -> false);
          return t.get("/health/ready");
        }),
        new Exchange("openapi.json 200", "GET", DocsRoutes.DOCUMENT_PATH, t -> t.get(DocsRoutes.DOCUMENT_PATH)),
        new Exchange("docs 200", "GET", DocsRoutes.PAGE_PATH, t -> t.get(DocsRoutes.PAGE_PATH)),
        new Exchange("docs asset 200", "GET", DocsRoutes.PAGE_PATH + "/{asset}",
            t -> t.get(DocsRoutes.PAGE_PATH + "/swagger-ui.css")),
        new Exchange("docs asset 404", "GET", DocsRoutes.PAGE_PATH + "/{asset}",
            t -> t.get(DocsRoutes.PAGE_PATH + "/petstore.json")),
        new Exchange("verify-email page 200", "GET", PageRoutes.VERIFY_EMAIL_PATH,
            t -> t.get(PageRoutes.VERIFY_EMAIL_PATH + "?token=abc")),
        new Exchange("reset-password page 200", "GET", PageRoutes.RESET_PASSWORD_PATH,
            t -> t.get(PageRoutes.RESET_PASSWORD_PATH + "?token=abc")),
        new Exchange("invitation page 200", "GET", PageRoutes.INVITATION_PATH,
            t -> t.get(PageRoutes.INVITATION_PATH + "?token=abc")),
        new Exchange("confirm-email page 200", "GET", PageRoutes.CONFIRM_EMAIL_PATH,
            t -> t.get(PageRoutes.CONFIRM_EMAIL_PATH + "?token=abc")),
        new Exchange("pages script 200", "GET", PageRoutes.SCRIPT_PATH, t -> t.get(PageRoutes.SCRIPT_PATH)),
        new Exchange("pages stylesheet 200", "GET", PageRoutes.STYLESHEET_PATH,
            t -> t.get(PageRoutes.STYLESHEET_PATH)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("exchanges")
  void the_answer_is_documented(Exchange exchange) {
    Response response = exchange.call().on(this);

    assertThat(documentationProblems(exchange, response)).as(exchange.name() + ": " + response.body()).isEmpty();
  }

  @Test
  void an_undocumented_field_or_status_is_reported() {
    Exchange login = exchanges().filter(e -> e.name().equals("login 200")).findFirst().orElseThrow();
    Response real = login.call().on(this);
    ObjectNode withExtra = ((ObjectNode) real.json()).put("id_token", "eyJ...");

    assertThat(documentationProblems(login, new Response(200, real.headers(), withExtra.toString())))
        .anySatisfy(problem -> assertThat(problem).contains("id_token"));
    assertThat(documentationProblems(login, new Response(418, real.headers(), real.body())))
        .containsExactly("status 418 is not documented");
  }

  @Test
  void every_documented_operation_is_exercised_here() {
    List<String> exercised = exchanges().map(e -> e.method() + " " + e.template()).distinct().toList();

    assertThat(exercised).containsExactlyInAnyOrderElementsOf(
        api.operations().stream().map(DocumentedApi.Operation::key).toList());
  }

  /** What about {@code response} the document does not say; empty when it says it all. */
  private List<String> documentationProblems(Exchange exchange, Response response) {
    List<String> problems = new ArrayList<>();
    DocumentedApi.Operation operation = api.operation(exchange.method(), exchange.template());
    JsonNode reference = operation.node().path("responses").path(Integer.toString(response.status()));
    if (reference.isMissingNode()) {
      return List.of("status " + response.status() + " is not documented");
    }
    String pointer = reference.has("$ref") ? reference.get("$ref").asText().substring(1)
        : operation.pointer() + "/responses/" + response.status();
    JsonNode documented = api.document().at(pointer);

    String mediaType = response.contentType() == null ? null : response.contentType().split(";")[0].trim();
    if (!documented.has("content")) {
      if (!response.body().isEmpty()) {
        problems.add("a body where none is documented");
      }
    } else if (!documented.get("content").has(mediaType)) {
      problems.add("media type " + mediaType + " is not documented");
    } else if (mediaType.endsWith("json")) {
      api.violations(pointer + "/content/" + DocumentedApi.escape(mediaType) + "/schema", response.json())
          .forEach(problems::add);
    }

    documented.path("headers").properties().forEach(entry -> {
      JsonNode header = api.dereference(entry.getValue());
      String value = response.header(entry.getKey());
      if (value == null) {
        if (header.path("required").asBoolean()) {
          problems.add("header " + entry.getKey() + " is missing");
        }
        return;
      }
      String headerPointer = entry.getValue().has("$ref") ? entry.getValue().get("$ref").asText().substring(1)
          : pointer + "/headers/" + DocumentedApi.escape(entry.getKey());
      JsonNode instance = header.at("/schema/type").asText().equals("integer") && value.matches("-?[0-9]{1,9}")
          ? IntNode.valueOf(Integer.parseInt(value)) : TextNode.valueOf(value);
      api.violations(headerPointer + "/schema", instance)
          .forEach(violation -> problems.add("header " + entry.getKey() + ": " + violation));
    });
    return problems;
  }
}
