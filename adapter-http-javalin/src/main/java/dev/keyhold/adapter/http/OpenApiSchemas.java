package dev.keyhold.adapter.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keyhold.identity.model.access.Role;
import dev.keyhold.identity.model.access.Scopes;
import dev.keyhold.identity.model.mfa.MfaChallenge;
import dev.keyhold.identity.model.mfa.RecoveryCodes;
import dev.keyhold.identity.model.mfa.TotpCredential;
import dev.keyhold.identity.model.org.Invitation;
import dev.keyhold.identity.model.org.InvitationStatus;
import dev.keyhold.identity.model.org.Organization;
import dev.keyhold.identity.model.user.Passwords;
import dev.keyhold.identity.model.user.User;
import dev.keyhold.identity.usecase.CompleteExternalLogin;
import dev.keyhold.identity.model.user.UserStatus;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * The JSON Schemas (2020-12, as OpenAPI 3.1 uses them) of Keyhold's request and response bodies, and the small
 * builders they are written with.
 *
 * <p>Request schemas are closed ({@code additionalProperties: false}) because the API refuses unknown fields, and
 * state only limits the server applies to the value exactly as sent, so a client that validates against them never
 * refuses a request the server would take. Response schemas are open: responses may gain fields, and clients ignore
 * those they do not know. Optional request fields may be {@code null}, like absent ones.
 */
final class OpenApiSchemas {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  /** The longest password Keyhold accepts, and the shortest it lets anyone choose: {@link Passwords}'. */
  static final int MAX_PASSWORD = Passwords.MAX_LENGTH;
  static final int MIN_NEW_PASSWORD = Passwords.MIN_LENGTH;

  private OpenApiSchemas() {}

  static ObjectNode ref(String schema) {
    return JSON.objectNode().put("$ref", "#/components/schemas/" + schema);
  }

  static ObjectNode string(String description) {
    return JSON.objectNode().put("type", "string").put("description", description);
  }

  static ObjectNode uuid(String description) {
    return string(description).put("format", "uuid");
  }

  static ObjectNode dateTime(String description) {
    return string(description + " (RFC 3339, UTC)").put("format", "date-time");
  }

  static ObjectNode email(String description) {
    return string(description).put("format", "email");
  }

  static ObjectNode integer(String description) {
    return JSON.objectNode().put("type", "integer").put("description", description);
  }

  static ObjectNode bool(String description) {
    return JSON.objectNode().put("type", "boolean").put("description", description);
  }

  /** A string from a fixed set, listed in the given order. */
  static ObjectNode oneOf(String description, Collection<String> values) {
    ObjectNode schema = string(description);
    ArrayNode allowed = schema.putArray("enum");
    values.forEach(allowed::add);
    return schema;
  }

  /** The lower-case names of an enum's constants, as the API writes them. */
  static ObjectNode lowerCaseOf(String description, Class<? extends Enum<?>> type) {
    return oneOf(description, Arrays.stream(type.getEnumConstants())
        .map(constant -> constant.name().toLowerCase(Locale.ROOT)).toList());
  }

  /** {@code schema}, or {@code null}. */
  static ObjectNode nullable(ObjectNode schema) {
    String type = schema.path("type").asText();
    schema.putArray("type").add(type).add("null");
    return schema;
  }

  static ObjectNode arrayOf(ObjectNode items, String description) {
    ObjectNode schema = JSON.objectNode().put("type", "array").put("description", description);
    schema.set("items", items);
    return schema;
  }

  /** {@code {"items": [...]}}. */
  static ObjectNode list(String itemSchema, String description) {
    return object().required("items", arrayOf(ref(itemSchema), description)).open("A list.");
  }

  static ObjectSchema object() {
    return new ObjectSchema();
  }

  /** An object schema being written: its properties in order, each required or optional. */
  static final class ObjectSchema {

    private final ObjectNode properties = JSON.objectNode();
    private final ArrayNode required = JSON.arrayNode();

    ObjectSchema required(String name, ObjectNode schema) {
      properties.set(name, schema);
      required.add(name);
      return this;
    }

    ObjectSchema optional(String name, ObjectNode schema) {
      properties.set(name, schema);
      return this;
    }

    /** For requests: any other field is refused. */
    ObjectNode closed(String description) {
      return open(description).put("additionalProperties", false);
    }

    /** With other members by design, named or not: a JWK's depend on its type, a form may carry any. */
    ObjectNode allowingOthers(String description) {
      return open(description).put("additionalProperties", true);
    }

    /** For responses: more fields may come. */
    ObjectNode open(String description) {
      ObjectNode schema = JSON.objectNode().put("type", "object").put("description", description);
      if (!required.isEmpty()) {
        schema.set("required", required);
      }
      schema.set("properties", properties);
      return schema;
    }
  }

  /** Every named schema of the document, by name. */
  static ObjectNode components() {
    ObjectNode schemas = JSON.objectNode();
    requests(schemas);
    accountResponses(schemas);
    organizationResponses(schemas);
    metaResponses(schemas);
    errors(schemas);
    return schemas;
  }

  private static void requests(ObjectNode schemas) {
    schemas.set("RegisterRequest", object()
        .required("email", email("The address to register; it gets a verification link."))
        .required("password", newPassword("The password"))
        .optional("display_name", nullable(string(
            "How to address the user: at most " + User.DISPLAY_NAME_MAX_LENGTH
                + " characters once trimmed, no control characters.")))
        .closed("A new account."));
    schemas.set("UpdateProfileRequest", object()
        .required("display_name", nullable(string(
            "How to address the user: at most " + User.DISPLAY_NAME_MAX_LENGTH
                + " characters once trimmed, no control characters; `null` or blank removes it.")))
        .closed("The caller's new profile."));
    schemas.set("DeleteAccountRequest", object()
        .required("current_password", nullable(string("The password now; `null` for an account without one.")
            .put("maxLength", MAX_PASSWORD)))
        .closed("The confirmation of an account deletion."));
    schemas.set("ChangeEmailRequest", object()
        .required("new_email", email("The address to move the account to."))
        .required("current_password", nullable(string("The password now; `null` for an account without one.")
            .put("maxLength", MAX_PASSWORD)))
        .closed("A request to change one's email address."));
    schemas.set("ConfirmEmailRequest", object()
        .required("token", string("The token from the link mailed to the new address."))
        .closed("An email change's confirmation."));
    schemas.set("VerifyEmailRequest", object()
        .required("token", string("The token from the verification link."))
        .closed("A verification link's token."));
    schemas.set("EmailRequest", object()
        .required("email", email("The address."))
        .closed("An email address."));
    schemas.set("LoginRequest", object()
        .required("email", email("The account's address."))
        .required("password", string("The password.").put("maxLength", MAX_PASSWORD))
        .closed("Email and password."));
    schemas.set("PasswordResetConfirmation", object()
        .required("token", string("The token from the reset link."))
        .required("new_password", newPassword("The new password"))
        .closed("A reset link's token and the new password."));
    schemas.set("ChangePasswordRequest", object()
        .required("current_password", string("The password now.").put("maxLength", MAX_PASSWORD))
        .required("new_password", newPassword("The new password; not the current one"))
        .closed("The current password and a new one."));
    schemas.set("RefreshTokenRequest", object()
        .required("refresh_token", string("A refresh token from a token response."))
        .closed("A refresh token."));
    ObjectNode mfaLogin = object()
        .required("mfa_token", string("The `mfa_token` of the login's `mfa_required` answer.")
            .put("maxLength", MfaChallenge.MAX_TOKEN_LENGTH))
        .optional("code", nullable(totpCode("The code the authenticator app shows now.")))
        .optional("recovery_code", nullable(string("One of the recovery codes, each accepted once; case, spaces and "
            + "hyphens do not matter.").put("minLength", 1).put("maxLength", RecoveryCodes.MAX_INPUT_LENGTH)))
        .closed("The second step of a login: its `mfa_token` and exactly one of `code` and `recovery_code`.");
    ArrayNode exactlyOne = mfaLogin.putArray("oneOf");
    exactlyOne.add(given("code", "string"));
    exactlyOne.add(given("recovery_code", "string"));
    schemas.set("MfaLoginRequest", mfaLogin);
    schemas.set("StartTotpEnrolmentRequest", object()
        .required("current_password", currentPassword())
        .closed("The current password, which counts toward the lockout when wrong."));
    schemas.set("TotpCodeRequest", object()
        .required("code", totpCode("The code the authenticator app shows now."))
        .closed("A code from the authenticator app."));
    schemas.set("DisableTotpRequest", object()
        .required("current_password", currentPassword())
        .required("code", totpCode("The code the authenticator app shows now, or one of the recovery codes."))
        .closed("The current password and a code; each counts toward the lockout when wrong."));

    schemas.set("OAuthCallbackRequest", object()
        .required("code", string("The `code` the provider redirected the browser back with.")
            .put("minLength", 1).put("maxLength", CompleteExternalLogin.MAX_CODE_LENGTH))
        .required("state", string("The `state` of the redirect: the one `authorize` answered.")
            .put("maxLength", CompleteExternalLogin.MAX_STATE_LENGTH))
        .closed("What the provider redirected the browser back with."));

    schemas.set("CreateOrganizationRequest", object()
        .required("name", organizationName())
        .optional("slug", nullable(slug()))
        .closed("A new organization."));
    ObjectNode update = object()
        .optional("name", nullable(organizationName()))
        .optional("slug", nullable(slug()))
        .optional("require_mfa", nullable(bool("Whether members need a session that passed a second factor for the "
            + "organization's tokens. Owners only; turning it on needs the owner's own session to have passed one.")))
        .closed("A new name, a new slug, the two-factor requirement, or several; `null` keeps a field.");
    ArrayNode atLeastOne = update.putArray("anyOf");
    atLeastOne.add(given("name", "string"));
    atLeastOne.add(given("slug", "string"));
    atLeastOne.add(given("require_mfa", "boolean"));
    schemas.set("UpdateOrganizationRequest", update);
    schemas.set("InviteRequest", object()
        .required("email", email("Who to invite; only a user with this verified address can accept."))
        .required("role", roleName("The role the new member gets"))
        .optional("expires_in_seconds", nullable(integer("How long the invitation works; "
            + Invitation.DEFAULT_LIFETIME.toDays() + " days without it.")
            .put("minimum", OrganizationRoutes.MIN_INVITATION_SECONDS)
            .put("maximum", OrganizationRoutes.MAX_INVITATION_SECONDS)))
        .closed("An invitation."));
    schemas.set("AcceptInvitationRequest", object()
        .required("token", string("The token from the invitation link."))
        .closed("An invitation link's token."));
    schemas.set("ChangeRoleRequest", object()
        .required("role", roleName("The member's new role"))
        .closed("A member's new role."));
    schemas.set("TransferOwnershipRequest", object()
        .required("user_id", uuid("The member who becomes an owner."))
        .closed("The new owner."));
    schemas.set("CreateOrganizationRoleRequest", object()
        .required("name", newRoleName())
        .required("scopes", arrayOf(oneOf("An organization scope.", Scopes.sorted(Scopes.ORGANIZATION)),
            "The role's scopes; the caller must hold each."))
        .closed("A custom organization role."));
    schemas.set("CreateGlobalRoleRequest", object()
        .required("name", newRoleName())
        .required("scopes", arrayOf(oneOf("A platform scope.", Scopes.sorted(Scopes.GLOBAL)),
            "The role's scopes; the caller must hold each."))
        .closed("A global role."));
    schemas.set("EmptyObject", object().closed("No fields: an empty object, or no body at all."));

    schemas.set("PasswordGrant", object()
        .required("grant_type", oneOf("The resource owner password grant.", List.of("password")))
        .required("username", string("The account's email address."))
        .required("password", string("The password."))
        .allowingOthers("RFC 6749 section 4.3.2. Other parameters (such as `scope`) are ignored."));
    schemas.set("RefreshTokenGrant", object()
        .required("grant_type", oneOf("Refreshing.", List.of("refresh_token")))
        .required("refresh_token", string("A refresh token from a token response."))
        .allowingOthers("RFC 6749 section 6. Other parameters (such as `scope`) are ignored."));
  }

  private static void accountResponses(ObjectNode schemas) {
    schemas.set("TokenResponse", object()
        .required("access_token", string("A signed JWT (`typ: at+jwt`), for `Authorization: Bearer`."))
        .required("token_type", oneOf("Always `Bearer`.", List.of("Bearer")))
        .required("expires_in", integer("Seconds until the access token expires.").put("minimum", 0))
        .required("refresh_token", string("Single use: each refresh answers a new one; presenting a used one "
            + "revokes the session."))
        .optional("scope", string("The access token's scopes, space-separated; absent when it has none."))
        .open("An RFC 6749 section 5.1 access token response."));
    schemas.set("Message", object()
        .required("message", string("What happened, for people; the same whatever the address."))
        .open("An acknowledgement."));
    schemas.set("EmailVerified", object()
        .required("email_verified", bool("Always `true`.").put("const", true))
        .open("The address is verified."));
    schemas.set("EmailChanged", object()
        .required("email", email("The account's address now."))
        .required("email_verified", bool("Always `true`: the link proved the address.").put("const", true))
        .required("revoked_sessions", integer("How many of the user's other sessions were ended.").put("minimum", 0))
        .open("The address is changed."));
    schemas.set("RevokedSessions", object()
        .required("revoked_sessions", integer("How many sessions were ended.").put("minimum", 0))
        .open("Sessions ended."));
    schemas.set("Session", object()
        .required("id", uuid("The session's id (the access token's `sid`)."))
        .required("created_at", dateTime("When the user signed in"))
        .required("last_used_at", dateTime("When the session last got tokens: the sign-in or the latest refresh"))
        .required("ip", nullable(string("The client's address at sign-in.")))
        .required("user_agent", nullable(string("The client's user agent at sign-in.")))
        .required("current", bool("Whether this is the session of the calling access token."))
        .open("One of the caller's active sessions."));
    schemas.set("SessionList", list("Session", "The caller's active sessions, newest first."));
    schemas.set("Profile", object()
        .required("id", uuid("The user's id."))
        .required("email", email("The address, as the user typed it."))
        .required("display_name", nullable(string("How to address the user.")))
        .required("email_verified", bool("Whether the address is verified."))
        .required("status", lowerCaseOf("Whether the user may sign in.", UserStatus.class))
        .required("created_at", dateTime("When the account was created"))
        .required("mfa_enabled", bool("Whether signing in asks for a second factor."))
        .open("The caller's own account."));
    schemas.set("MfaRequired", object()
        .required("mfa_required", bool("Always `true`.").put("const", true))
        .required("mfa_token", string("Opaque and single use, for `POST /api/v1/login/mfa`; bound to this user and "
            + "this password check."))
        .required("expires_in", integer("Seconds the `mfa_token` lives.").put("minimum", 1))
        .required("methods", arrayOf(string("A method: `totp` (a `code`), `recovery_code`, or another factor's."),
            "The kinds of code that finish the login, in the order to offer them."))
        .open("The password is right and the account has two-factor sign-in: no tokens yet."));
    schemas.set("IdentityProvider", object()
        .required("name", string("The provider's name in routes, such as `google`."))
        .required("display_name", string("The name to show on a sign-in button."))
        .open("An external provider users can sign in with."));
    schemas.set("IdentityProviderList", list("IdentityProvider", "The enabled providers, in configured order."));
    schemas.set("OAuthAuthorization", object()
        .required("authorization_url", string("The provider's authorization URL (code flow, PKCE S256, `state` and "
            + "`nonce`): send the browser there."))
        .required("state", string("Opaque and single use: the `state` the provider's redirect carries, for the "
            + "callback."))
        .open("Where to send the browser."));
    schemas.set("LinkedIdentity", object()
        .required("id", uuid("The link's id."))
        .required("provider", string("The provider's name, such as `google`."))
        .required("email", nullable(string("The address the provider gave when the account was linked.")))
        .required("linked_at", dateTime("When it was linked"))
        .open("One of the caller's accounts at an external provider."));
    schemas.set("LinkedIdentityList", list("LinkedIdentity", "The caller's links, oldest first."));
    schemas.set("TotpEnrolment", object()
        .required("secret", string("The shared secret in base32 (RFC 4648, no padding), for typing into an app."))
        .required("otpauth_uri", string("`otpauth://totp/...` with the secret, the issuer and the parameters "
            + "(SHA1, " + TotpCredential.DIGITS + " digits, " + TotpCredential.PERIOD.toSeconds() + " seconds), "
            + "for apps that take a link."))
        .required("qr_svg", string("An SVG image (`image/svg+xml`) of a QR code of `otpauth_uri`, to scan."))
        .open("A pending enrolment: its secret, shown this once. Confirm it with a first code."));
    schemas.set("RecoveryCodes", object()
        .required("recovery_codes", arrayOf(string("A single-use code, for signing in without the app."),
            "The recovery codes, shown this once and stored only hashed; earlier ones no longer work.")
            .put("minItems", RecoveryCodes.COUNT).put("maxItems", RecoveryCodes.COUNT))
        .open("A fresh set of recovery codes."));
  }

  private static void organizationResponses(ObjectNode schemas) {
    schemas.set("Organization", object()
        .required("id", uuid("The organization's id."))
        .required("name", string("Its display name."))
        .required("slug", string("Its unique handle."))
        .required("require_mfa", bool("Whether its tokens need a session that passed a second factor."))
        .required("created_at", dateTime("When it was created"))
        .required("role", string("The caller's role in it."))
        .open("An organization, as one of its members sees it."));
    schemas.set("OrganizationList", list("Organization", "The caller's organizations, oldest membership first."));
    schemas.set("Member", object()
        .required("user_id", uuid("The member's user id."))
        .required("email", email("The member's address."))
        .required("display_name", nullable(string("How to address the member.")))
        .required("role", string("The member's role."))
        .required("role_id", uuid("The role's id."))
        .required("joined_at", dateTime("When they joined"))
        .open("A member of an organization."));
    schemas.set("MemberList", list("Member", "The organization's members."));
    schemas.set("Invitation", object()
        .required("id", uuid("The invitation's id."))
        .required("email", email("The invited address."))
        .required("role", string("The role the new member gets."))
        .required("role_id", uuid("The role's id."))
        .required("invited_by", uuid("Who sent it."))
        .required("created_at", dateTime("When it was sent"))
        .required("expires_at", dateTime("When it stops working"))
        .required("status", lowerCaseOf("Where it stands.", InvitationStatus.class))
        .open("An invitation; never its token, which only the invited address receives."));
    schemas.set("InvitationList", list("Invitation", "Pending invitations, newest first."));
    schemas.set("Role", object()
        .required("id", uuid("The role's id."))
        .required("name", string("The role's name."))
        .required("scopes", arrayOf(string("A scope."), "What the role may do."))
        .required("built_in", bool("Whether Keyhold defines it (built-in roles cannot change)."))
        .open("An organization role or a global role."));
    schemas.set("RoleList", list("Role", "Roles."));
    schemas.set("OrganizationTokenResponse", object()
        .required("access_token", string("A signed JWT carrying `org_id` and the caller's scopes there."))
        .required("token_type", oneOf("Always `Bearer`.", List.of("Bearer")))
        .required("expires_in", integer("Seconds until it expires.").put("minimum", 0))
        .optional("scope", string("The caller's scopes in the organization, space-separated; absent when none."))
        .required("org_id", uuid("The organization."))
        .open("An access token scoped to one organization; no refresh token."));
    schemas.set("User", object()
        .required("id", uuid("The user's id."))
        .required("email", email("The user's address."))
        .required("display_name", nullable(string("How to address the user.")))
        .required("status", lowerCaseOf("Whether the user may sign in.", UserStatus.class))
        .required("email_verified", bool("Whether the address is verified."))
        .required("created_at", dateTime("When the account was created"))
        .required("roles", arrayOf(string("A global role's name."), "The user's global roles."))
        .open("A user, as administrators see them."));
    schemas.set("CreateUserRequest", object()
        .required("email", email("The new user's address; taken as verified."))
        .optional("display_name", nullable(string(
            "How to address the user: at most " + User.DISPLAY_NAME_MAX_LENGTH
                + " characters once trimmed, no control characters.")))
        .closed("A user an administrator creates."));
    schemas.set("UserDetails", object()
        .required("id", uuid("The user's id."))
        .required("email", email("The user's address."))
        .required("display_name", nullable(string("How to address the user.")))
        .required("status", lowerCaseOf("Whether the user may sign in.", UserStatus.class))
        .required("email_verified", bool("Whether the address is verified."))
        .required("created_at", dateTime("When the account was created"))
        .required("roles", arrayOf(string("A global role's name."), "The user's global roles."))
        .required("organizations", arrayOf(object()
            .required("id", uuid("The organization's id."))
            .required("slug", string("The organization's slug."))
            .required("role", nullable(string("The name of the user's role in it.")))
            .open("One of the user's organizations."), "The user's organizations, oldest membership first."))
        .required("active_sessions", integer("How many of the user's sessions are active now."))
        .required("mfa_enabled", bool("Whether the user has confirmed two-factor sign-in."))
        .required("last_login_at", nullable(dateTime("When the user's newest active session started; `null` "
            + "when they have none (no separate last-login time is stored).")))
        .open("A user in full, as administrators see them."));
    schemas.set("UserPage", object()
        .required("items", arrayOf(ref("User"), "Users, ordered by email."))
        .required("next_cursor", nullable(string("Pass as `cursor` for the next page; `null` on the last.")))
        .open("One page of users."));
    ObjectNode details = JSON.objectNode().put("type", "object")
        .put("description", "Further facts (never a secret), such as `reason`, as strings; keys sorted.");
    details.set("additionalProperties", string("A fact."));
    schemas.set("AuditEvent", object()
        .required("id", string("The event's place in the hash-chained log (increasing, possibly with gaps)."))
        .required("action", string("What happened, dotted lower case, such as `login.failed`."))
        .required("outcome", oneOf("How it ended.", List.of("success", "failure")))
        .required("actor_id", nullable(string("Who did it (a user id); `null` when anonymous.")))
        .required("target_id", nullable(string("Whom or what it affected; `null` when nothing.")))
        .required("org_id", nullable(string("The organization it happened in, if any.")))
        .required("ip_address", nullable(string("The client's address, as the server saw it.")))
        .required("user_agent", nullable(string("The client's user agent.")))
        .required("request_id", nullable(string("The request's correlation id (`X-Request-Id`).")))
        .required("occurred_at", dateTime("When it happened (UTC, microseconds)"))
        .required("details", details)
        .open("One audit event."));
    schemas.set("AuditPage", object()
        .required("items", arrayOf(ref("AuditEvent"), "Events, newest first."))
        .required("next_cursor", nullable(string("Pass as `cursor` for the next page; `null` on the last.")))
        .open("One page of audit events."));
  }

  private static void metaResponses(ObjectNode schemas) {
    ObjectNode state = oneOf("A state.", List.of("up", "down"));
    ObjectNode checks = JSON.objectNode().put("type", "object").put("description", "Each check's state, by name.");
    checks.set("additionalProperties", state);
    schemas.set("Health", object()
        .required("status", oneOf("The node's state.", List.of("up", "down")))
        .optional("checks", checks)
        .open("A health report."));
    schemas.set("Healthcheck", object()
        .required("status", oneOf("Always `ok`.", List.of("ok")))
        .open("The API answers."));
    ObjectNode key = object()
        .required("kty", string("The key type (RFC 7517)."))
        .optional("kid", string("The key id, as in the `kid` header of the tokens it signed."))
        .optional("use", string("`sig`."))
        .optional("alg", string("The algorithm, such as `RS256`."))
        .allowingOthers("A public JSON Web Key; its other members depend on `kty` (`n` and `e` for RSA, `crv`, "
            + "`x`, `y` for EC and OKP).");
    schemas.set("JwkSet", object()
        .required("keys", arrayOf(key, "The keys that may have signed a valid access token."))
        .open("An RFC 7517 JWK Set."));
    schemas.set("AuthorizationServerMetadata", object()
        .required("issuer", string("The `iss` of Keyhold's access tokens: `PUBLIC_URL`.").put("format", "uri"))
        .required("jwks_uri", string("The public signing keys, each naming its `alg`.").put("format", "uri"))
        .required("token_endpoint", string("`POST /api/v1/token`.").put("format", "uri"))
        .required("grant_types_supported", arrayOf(string("A grant type."), "What the token endpoint accepts: "
            + "`password` and `refresh_token`."))
        .required("response_types_supported", arrayOf(string("A response type."), "Empty: there is no "
            + "authorization endpoint."))
        .required("token_endpoint_auth_methods_supported", arrayOf(string("A method."), "`none`: every client is "
            + "public, none authenticates."))
        .open("RFC 8414 authorization server metadata, with only what is true of Keyhold."));
    schemas.set("OpenApi", object()
        .required("openapi", string("The OpenAPI version.").put("const", OpenApiDocument.OPENAPI_VERSION))
        .required("info", JSON.objectNode().put("type", "object"))
        .required("paths", JSON.objectNode().put("type", "object"))
        .allowingOthers("This document."));
  }

  private static void errors(ObjectNode schemas) {
    schemas.set("Problem", object()
        .required("type", string("`https://keyhold.dev/problems/` followed by the code.").put("format", "uri"))
        .required("title", string("The code's title, for people."))
        .required("status", integer("The HTTP status.").put("minimum", 400).put("maximum", 599))
        .optional("detail", string("This occurrence, for people."))
        .required("code", string("What went wrong, for programs: stable, snake_case."))
        .required("request_id", string("The `X-Request-Id` of the request, also in Keyhold's logs."))
        .optional("errors", arrayOf(ref("FieldError"), "With `validation_failed`: every invalid field at once."))
        .optional("reason", string("With `registration_refused` and `sign_in_refused`: the operator's check's own "
            + "reason, such as `domain_not_allowed`."))
        .open("An RFC 9457 problem details document, with Keyhold's `code` and `request_id`."));
    schemas.set("FieldError", object()
        .required("field", string("The snake_case body field or query parameter; `\"\"` for the request as a "
            + "whole."))
        .required("code", string("What is wrong with it, for programs, such as `required`, `unknown_field`, "
            + "`invalid_type`, `invalid_email`, `password_too_short`."))
        .required("message", string("What is wrong with it, for people."))
        .open("One invalid field."));
    schemas.set("OAuthError", object()
        .required("error", string("An RFC 6749 section 5.2 error code, or Keyhold's own for 429."))
        .optional("error_description", string("For people."))
        .open("An RFC 6749 section 5.2 error response."));
    schemas.set("OAuthMfaRequired", object()
        .required("error", oneOf("The password is right; a second factor is needed.", List.of("mfa_required")))
        .optional("error_description", string("For people."))
        .required("mfa_token", string("Opaque and single use, for `POST /api/v1/login/mfa`."))
        .required("expires_in", integer("Seconds the `mfa_token` lives.").put("minimum", 1))
        .required("methods", arrayOf(string("A method: `totp`, `recovery_code`, or another factor's."),
            "The kinds of code that finish the login."))
        .open("An RFC 6749 error response with the second step of the login, as Auth0 answers it."));
  }

  /**
   * A branch of a {@code oneOf} or {@code anyOf}: {@code name} is given, and not as {@code null}. Written without
   * {@code type: object}, so it constrains only that field.
   */
  private static ObjectNode given(String name, String type) {
    ObjectNode branch = JSON.objectNode();
    branch.putArray("required").add(name);
    branch.putObject("properties").putObject(name).put("type", type);
    return branch;
  }

  private static ObjectNode currentPassword() {
    return string("The password now.").put("maxLength", MAX_PASSWORD);
  }

  private static ObjectNode totpCode(String description) {
    return string(description).put("minLength", 1).put("maxLength", MfaChallenge.MAX_CODE_LENGTH);
  }

  private static ObjectNode newPassword(String description) {
    return string(description + ": " + MIN_NEW_PASSWORD + " to " + MAX_PASSWORD
        + " characters, not a common or easily guessed one.")
        .put("minLength", MIN_NEW_PASSWORD).put("maxLength", MAX_PASSWORD);
  }

  private static ObjectNode organizationName() {
    return string("The display name: 1 to " + Organization.NAME_MAX_LENGTH
        + " characters once trimmed, no control characters.").put("minLength", 1);
  }

  private static ObjectNode slug() {
    return string("The unique handle: " + Organization.SLUG_MIN_LENGTH + " to " + Organization.SLUG_MAX_LENGTH
        + " of `a-z 0-9 -`, starting and ending with a letter or digit.")
        .put("minLength", Organization.SLUG_MIN_LENGTH).put("maxLength", Organization.SLUG_MAX_LENGTH)
        .put("pattern", "^" + Organization.SLUG_PATTERN + "$");
  }

  private static ObjectNode roleName(String description) {
    return string(description + ": `owner`, `admin`, `member`, or a custom role's name.").put("minLength", 1);
  }

  private static ObjectNode newRoleName() {
    return string("The role's name: 1 to " + Role.NAME_MAX_LENGTH + " of `a-z 0-9 _ -`, starting with a letter or "
        + "digit.")
        .put("minLength", 1).put("maxLength", Role.NAME_MAX_LENGTH).put("pattern", "^" + Role.NAME_PATTERN + "$");
  }
}
