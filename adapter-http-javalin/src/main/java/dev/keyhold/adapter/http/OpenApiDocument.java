package dev.keyhold.adapter.http;

import static dev.keyhold.adapter.http.OpenApiSchemas.dateTime;
import static dev.keyhold.adapter.http.OpenApiSchemas.integer;
import static dev.keyhold.adapter.http.OpenApiSchemas.lowerCaseOf;
import static dev.keyhold.adapter.http.OpenApiSchemas.oneOf;
import static dev.keyhold.adapter.http.OpenApiSchemas.ref;
import static dev.keyhold.adapter.http.OpenApiSchemas.string;
import static dev.keyhold.adapter.http.OpenApiSchemas.uuid;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keyhold.identity.model.mfa.MfaChallenge;
import dev.keyhold.identity.model.mfa.RecoveryCodes;
import dev.keyhold.identity.model.user.UserStatus;
import dev.keyhold.identity.usecase.DeleteAccount;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Keyhold's OpenAPI 3.1 document: every route {@link HttpApi} registers (but the HEAD twin of each GET), with its
 * parameters, bodies, responses, security and problems. Written in Java rather than as a resource file so that the
 * limits, scope catalogs and problem statuses come from the code that enforces them, and so that what every route of
 * a kind answers (see {@link OpenApiOperation}) is written once; {@code OpenApiDocumentTest} and its siblings hold it
 * to the routes, the request records and real responses.
 *
 * <p>To document a route, add one {@link #operation} call to the method of its tag, in the order of {@link HttpApi}.
 */
final class OpenApiDocument {

  static final String OPENAPI_VERSION = "3.1.0";
  static final String BEARER_AUTH = "bearerAuth";

  static final String ACCOUNTS = "accounts";
  static final String SESSIONS = "sessions";
  static final String ORGANIZATIONS = "organizations";
  static final String ADMINISTRATION = "administration";
  static final String META = "meta";
  static final String PAGES = "pages";

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final String EXAMPLE_REQUEST_ID = "3f0c9d2e-6b1a-4c55-8e0f-2a7d9c4b1e60";
  /** The conventions every operation follows, said once. */
  private static final String INFO = "Accounts, sessions, organizations and administration, as JSON with "
      + "snake_case fields.\n\n"
      + "- **Bodies are strict**: one JSON object sent as `application/json`; unknown fields, wrong types and "
      + "missing required fields are all reported at once as `validation_failed`. Optional fields may be `null`.\n"
      + "- **Query parameters are strict too**: unknown, repeated and malformed ones are `validation_failed`; an "
      + "empty value counts as absent.\n"
      + "- **Ids in paths** are canonical UUIDs; anything else names nothing (404). Authentication comes first: "
      + "without a token the answer is 401 whatever the path.\n"
      + "- **Errors** are `application/problem+json` (RFC 9457) with a stable `code`, except on `POST "
      + "/api/v1/token` (RFC 6749).\n"
      + "- **Every response** carries `X-Request-Id`: the request's own when well formed, else a new one. Every "
      + "GET also answers HEAD.\n"
      + "- **Responses may gain fields**: ignore those you do not know.";

  private final List<OpenApiOperation> operations = new ArrayList<>();
  private final int maxBodyBytes;
  private final boolean metrics;
  private final Duration resetLinkLifetime;
  private final boolean discovery;
  private final boolean refreshCookie;

  private OpenApiDocument(int maxBodyBytes, boolean metrics, Duration resetLinkLifetime, boolean discovery,
      boolean refreshCookie) {
    this.maxBodyBytes = maxBodyBytes;
    this.metrics = metrics;
    this.resetLinkLifetime = resetLinkLifetime;
    this.discovery = discovery;
    this.refreshCookie = refreshCookie;
  }

  /**
   * The document as served, serialized once.
   *
   * @param metrics whether the server serves {@code /metrics}, which the document then describes
   * @param resetLinkLifetime how long a mailed password-reset link works, as the core is configured
   * @param discovery whether the server serves its discovery metadata
   * @param refreshCookie whether the refresh cookie is on ({@link RefreshCookie})
   */
  static byte[] json(ObjectMapper mapper, int maxBodyBytes, boolean metrics, Duration resetLinkLifetime,
      boolean discovery, boolean refreshCookie) {
    try {
      return mapper.writeValueAsBytes(
          build(mapper, maxBodyBytes, metrics, resetLinkLifetime, discovery, refreshCookie));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize the OpenAPI document", e);
    }
  }

  /**
   * @param mapper the API's own mapper, which writes the problem examples exactly as the API does
   * @param maxBodyBytes the body limit, for the 413s
   * @param metrics whether {@code /metrics} is served
   * @param resetLinkLifetime how long a mailed password-reset link works
   * @param discovery whether the discovery metadata is served
   * @param refreshCookie whether the refresh cookie is on
   */
  static ObjectNode build(ObjectMapper mapper, int maxBodyBytes, boolean metrics, Duration resetLinkLifetime,
      boolean discovery, boolean refreshCookie) {
    OpenApiDocument document =
        new OpenApiDocument(maxBodyBytes, metrics, resetLinkLifetime, discovery, refreshCookie);
    document.accounts();
    document.sessions();
    document.organizations();
    document.administration();
    document.meta();
    document.pages();
    return document.assemble(mapper);
  }

  /** A lifetime as a person says it: {@code 30 minutes}, {@code 1 hour}, {@code 90 minutes}, {@code 45 seconds}. */
  static String inWords(Duration lifetime) {
    long seconds = lifetime.toSeconds();
    if (seconds % 3600 == 0) {
      return plural(seconds / 3600, "hour");
    }
    return seconds % 60 == 0 ? plural(seconds / 60, "minute") : plural(seconds, "second");
  }

  private static String plural(long amount, String unit) {
    return amount + " " + unit + (amount == 1 ? "" : "s");
  }

  private OpenApiOperation operation(String method, String path, String operationId, String tag, String summary) {
    OpenApiOperation operation = new OpenApiOperation(method, path, operationId, tag, summary);
    operations.add(operation);
    return operation;
  }

  private void accounts() {
    operation("POST", "/api/v1/register", "register", ACCOUNTS, "Register an account")
        .description("Creates the account and mails a verification link. The answer is the same whether or not the "
            + "address already has an account (its owner is told by mail instead), so it reveals nothing.")
        .open().jsonBody("RegisterRequest")
        .json(202, "Accepted; the same body for every address.", "Message")
        .rateLimited().hashes().stores();
    operation("POST", "/api/v1/verify-email", "verifyEmail", ACCOUNTS, "Verify an email address")
        .description("Consumes the token of a verification link.")
        .open().jsonBody("VerifyEmailRequest")
        .json(200, "The address is verified.", "EmailVerified")
        .problems("invalid_link_token").stores();
    operation("POST", "/api/v1/verify-email/resend", "resendVerification", ACCOUNTS, "Send a new verification link")
        .description("Mails a fresh link to an unverified account, invalidating earlier ones. The answer is the same "
            + "for unknown, verified and unverified addresses.")
        .open().jsonBody("EmailRequest")
        .json(202, "Accepted; the same body for every address.", "Message")
        .rateLimited().stores();
    operation("POST", "/api/v1/password-reset/request", "requestPasswordReset", ACCOUNTS, "Ask for a password reset")
        .description("Mails a reset link (valid " + inWords(resetLinkLifetime) + "; it replaces any earlier one) "
            + "when the address has an "
            + "account. The answer, and the work behind it, is the same for every well-formed address.")
        .open().jsonBody("EmailRequest")
        .json(202, "Accepted; the same body for every address.", "Message")
        .rateLimited().stores();
    operation("POST", "/api/v1/password-reset/confirm", "confirmPasswordReset", ACCOUNTS, "Set a new password")
        .description("Sets the password from a reset link and ends every session of the user. Does not sign in. A "
            + "new password the policy refuses leaves the link usable.")
        .open().jsonBody("PasswordResetConfirmation")
        .noContent("The password is set.")
        .problems("invalid_link_token").hashes().stores();
    operation("GET", "/api/v1/me", "getProfile", ACCOUNTS, "Read one's own account")
        .bearer()
        .json(200, "The caller's account.", "Profile").cacheControl("no-store")
        .problems("not_found").stores();
    operation("PATCH", "/api/v1/me", "updateProfile", ACCOUNTS, "Change one's profile")
        .description("Sets the display name, checked as at registration; `null` or blank removes it. Audited as "
            + "`user.profile_updated` when it changes.")
        .bearer().jsonBody("UpdateProfileRequest")
        .json(200, "The caller's account, as now stored.", "Profile").cacheControl("no-store")
        .stores();
    operation("DELETE", "/api/v1/me", "deleteAccount", ACCOUNTS, "Delete one's account")
        .description("Needs the current password, which counts toward the lockout like a login; a user without one "
            + "(signed up through a provider) sends `null` and must have signed in within the last "
            + DeleteAccount.RECENT_SIGN_IN.toMinutes() + " minutes (else 403 `forbidden`). Refused with `last_owner` "
            + "while the caller is an organization's only owner. Removes the profile, sessions, memberships, second "
            + "factors, provider links and the invitations addressed to the caller; the caller's tokens stop working "
            + "at once. Audit events keep the user's id. Mails a goodbye notice.")
        .bearer().jsonBody("DeleteAccountRequest")
        .noContent("The account is deleted.")
        .problems("invalid_credentials", "forbidden", "last_owner").lockout().rateLimited().hashes().stores();
    operation("POST", "/api/v1/me/email", "changeEmail", ACCOUNTS, "Change one's email address")
        .description("Needs the current password, which counts toward the lockout like a login; a user without one "
            + "sends `null` and must have signed in within the last " + DeleteAccount.RECENT_SIGN_IN.toMinutes()
            + " minutes (else 403 `forbidden`). Nothing changes yet: the new address is mailed a link (to "
            + "`POST /api/v1/confirm-email`) and the current one a notice. The answer is the same whether or not the "
            + "new address belongs to another account (that address gets a notice without a link instead). A newer "
            + "request replaces an earlier one.")
        .bearer().jsonBody("ChangeEmailRequest")
        .json(202, "Accepted; the same body whoever holds the new address.", "Message")
        .problems("invalid_credentials", "forbidden").lockout().rateLimited().hashes().stores();
    operation("POST", "/api/v1/confirm-email", "confirmEmailChange", ACCOUNTS, "Confirm an email change")
        .description("Consumes the token of the link mailed to the new address: the account's address becomes the "
            + "new one, verified, every session but the one that asked ends, and earlier verification and "
            + "password-reset links stop working. 409 `email_taken` when another account took the address "
            + "meanwhile (the link is used up).")
        .open().jsonBody("ConfirmEmailRequest")
        .json(200, "The address is changed.", "EmailChanged")
        .problems("invalid_link_token", "email_taken").stores();
    operation("POST", "/api/v1/me/password", "changePassword", ACCOUNTS, "Change one's password")
        .description("Needs the current password, which counts toward the lockout like a login. Ends the caller's "
            + "other sessions; the caller's own goes on. Mails a notice.")
        .bearer().jsonBody("ChangePasswordRequest")
        .json(200, "The password is changed; `revoked_sessions` counts the other sessions ended.",
            "RevokedSessions")
        .problems("invalid_credentials").lockout().rateLimited().hashes().stores();
    operation("POST", "/api/v1/me/mfa/totp", "startTotpEnrolment", ACCOUNTS, "Start adding an authenticator app")
        .description("Needs the current password, which counts toward the lockout like a login. Answers a new shared "
            + "secret as text, as an `otpauth://` URI and as a QR code. Nothing changes at login until a first code "
            + "confirms it; starting again replaces a pending enrolment. Refused while two-factor sign-in is on.")
        .bearer().jsonBody("StartTotpEnrolmentRequest")
        .json(201, "A pending enrolment; its secret is shown this once.", "TotpEnrolment")
        .cacheControl("no-store").pragmaNoCache()
        .problems("invalid_credentials", "mfa_already_enabled").lockout().rateLimited().hashes().stores();
    operation("POST", "/api/v1/me/mfa/totp/confirm", "confirmTotpEnrolment", ACCOUNTS, "Turn two-factor sign-in on")
        .description("Confirms the pending enrolment with a first code from the app; from then on signing in asks for "
            + "a code. Answers " + RecoveryCodes.COUNT + " single-use recovery codes, shown this once and stored only "
            + "hashed. Ends the caller's other sessions and mails a notice. A wrong code counts toward the lockout.")
        .bearer().jsonBody("TotpCodeRequest")
        .json(200, "Two-factor sign-in is on: the recovery codes.", "RecoveryCodes")
        .cacheControl("no-store").pragmaNoCache()
        .problems("invalid_mfa_code", "mfa_not_enabled", "mfa_already_enabled").lockout().rateLimited().stores();
    operation("DELETE", "/api/v1/me/mfa/totp", "disableTotp", ACCOUNTS, "Turn two-factor sign-in off")
        .description("Needs the current password and a code from the app or a recovery code; each counts toward the "
            + "lockout when wrong. Deletes the authenticator and the recovery codes, and mails a notice.")
        .bearer().jsonBody("DisableTotpRequest")
        .noContent("Two-factor sign-in is off.")
        .problems("invalid_credentials", "invalid_mfa_code", "mfa_not_enabled").lockout().rateLimited().hashes()
        .stores();
    operation("POST", "/api/v1/me/mfa/recovery-codes", "replaceRecoveryCodes", ACCOUNTS, "Replace the recovery codes")
        .description("Needs a code from the app, which counts toward the lockout when wrong. Answers a fresh set of "
            + RecoveryCodes.COUNT + "; the earlier codes stop working at once.")
        .bearer().jsonBody("TotpCodeRequest")
        .json(200, "The new recovery codes.", "RecoveryCodes").cacheControl("no-store").pragmaNoCache()
        .problems("invalid_mfa_code", "mfa_not_enabled").lockout().rateLimited().stores();
    externalIdentities();
  }

  private void externalIdentities() {
    operation("GET", "/api/v1/me/identities", "listLinkedIdentities", ACCOUNTS, "List one's external sign-in methods")
        .description("The caller's accounts at external providers, linked for sign-in, oldest first.")
        .bearer()
        .json(200, "The caller's links.", "LinkedIdentityList").cacheControl("no-store")
        .stores();
    operation("DELETE", "/api/v1/me/identities/{id}", "unlinkIdentity", ACCOUNTS, "Remove an external sign-in method")
        .description("The provider no longer signs the caller in. Refused when it is the caller's last way to sign "
            + "in: no password and no other link (set a password with a reset first). Mails a notice.")
        .bearer().pathId("id", "The link.")
        .noContent("The link is removed.")
        .problems("last_sign_in_method").stores();
  }

  private void externalSignIn(ObjectNode loginAnswer) {
    ObjectNode providerName = string("The provider's name, as `GET /api/v1/oauth/providers` lists it; any other is "
        + "`not_found`.");
    operation("GET", "/api/v1/oauth/providers", "listIdentityProviders", SESSIONS, "List the external providers")
        .description("The providers users can sign in with (Google, Microsoft Entra ID, other OpenID Connect "
            + "issuers), as configured.")
        .open()
        .json(200, "The enabled providers; none when none is configured.", "IdentityProviderList");
    operation("GET", "/api/v1/oauth/{provider}/authorize", "startExternalLogin", SESSIONS,
        "Start signing in with an external provider")
        .description("Answers the provider's authorization URL, for the authorization-code flow with PKCE (S256), "
            + "`state` and `nonce`, and the `state`. The server keeps `state`, `nonce`, the PKCE verifier, the "
            + "provider and the redirect URI for " + inWords(Duration.ofMinutes(10)) + ", for one callback. Counts "
            + "against the `login-ip` rate limit.")
        .open().pathParameter("provider", providerName)
        .query(ExternalLoginRoutes.REDIRECT_URI, string("Where the provider sends the browser back: exactly one of "
            + "the redirect URIs configured for the provider (`unregistered_redirect_uri` otherwise); the first one "
            + "when absent."))
        .json(200, "Where to send the browser.", "OAuthAuthorization").cacheControl("no-store").pragmaNoCache()
        .problems("not_found", "provider_unavailable").rateLimited().stores();
    operation("POST", "/api/v1/oauth/{provider}/callback", "completeExternalLogin", SESSIONS,
        "Finish signing in with an external provider")
        .description("Exchanges the `code` of the provider's redirect, with the `state` it carried, and answers as "
            + "`POST /api/v1/login` does: tokens (the access token's `amr` is `[\"fed\"]`), or `mfa_required` for a "
            + "user with two-factor sign-in. A `state` works once and only at the provider it was started for. A "
            + "first sign-in links the provider account to the local account with the same address only when the "
            + "provider vouches for the address, and otherwise creates a verified user without a password. Counts "
            + "against the `login-ip` rate limit.")
        .open().pathParameter("provider", providerName).jsonBody("OAuthCallbackRequest")
        .response(200, "Signed in: a new session. Or, for a user with two-factor sign-in, `mfa_required`: no "
            + "tokens yet.", "application/json", loginAnswer)
        .cacheControl("no-store").pragmaNoCache()
        .problems("not_found", "invalid_oauth_state", "oauth_login_failed", "invalid_credentials",
            "provider_unavailable").rateLimited().stores();
    setsRefreshCookie(operationAt("POST", "/api/v1/oauth/{provider}/callback"));
  }

  private OpenApiOperation operationAt(String method, String path) {
    return operations.stream().filter(o -> o.method().equals(method) && o.path().equals(path)).findFirst()
        .orElseThrow();
  }

  /** With the refresh cookie on: the opt-in header, the cookie set on success, and the refusal of the header. */
  private OpenApiOperation setsRefreshCookie(OpenApiOperation operation) {
    if (!refreshCookie) {
      return operation;
    }
    ObjectNode setCookie = JSON.objectNode().put("description", "With `" + RefreshCookie.OPT_IN_HEADER
        + ": 1` and tokens in the answer: the refresh token, twice, as `" + RefreshCookie.NAME + "=<token>; "
        + "Path=<path>; Max-Age=<refresh token lifetime>; HttpOnly; Secure; SameSite=Strict` for the paths `"
        + RefreshCookie.REFRESH_PATH + "` and `" + RefreshCookie.LOGOUT_PATH + "` (`Secure` is left out only by a "
        + "development server whose `PUBLIC_URL` is plain http on the loopback). The body then has no "
        + "`refresh_token`.");
    setCookie.set("schema", string("Two cookies."));
    return optsIntoRefreshCookie(operation).successHeader("Set-Cookie", setCookie);
  }

  private OpenApiOperation optsIntoRefreshCookie(OpenApiOperation operation) {
    return operation
        .requestHeader(RefreshCookie.OPT_IN_HEADER, oneOf("`1`: use the refresh cookie (browser applications; see "
            + "docs/api.md). The refresh token then travels only in an `HttpOnly` cookie, never in a body. Sent "
            + "with an `Origin` the server does not allow, the request is refused as `csrf_rejected`.",
            List.of("1")))
        .problems("csrf_rejected");
  }

  private void sessions() {
    ObjectNode loginAnswer = JSON.objectNode();
    loginAnswer.putArray("oneOf").add(ref("TokenResponse")).add(ref("MfaRequired"));
    operation("POST", "/api/v1/login", "login", SESSIONS, "Sign in with email and password")
        .description("Unknown emails, wrong passwords and disabled accounts get the same answer in the same time. "
            + "Only a correct password reveals that an account has two-factor sign-in: then the answer is "
            + "`mfa_required` with an `mfa_token` instead of tokens, and `POST /api/v1/login/mfa` finishes.")
        .open().jsonBody("LoginRequest")
        .response(200, "Signed in: a new session. Or, for an account with two-factor sign-in, `mfa_required`: no "
            + "tokens yet.", "application/json", loginAnswer)
        .cacheControl("no-store").pragmaNoCache()
        .problems("invalid_credentials", "email_not_verified").lockout().rateLimited().hashes().stores();
    setsRefreshCookie(operationAt("POST", "/api/v1/login"));
    operation("POST", "/api/v1/login/mfa", "completeMfaLogin", SESSIONS, "Finish signing in with a second factor")
        .description("Trades the `mfa_token` of a login that answered `mfa_required`, with either a `code` from the "
            + "authenticator app or a `recovery_code` (exactly one), for a session. The `mfa_token` works once, lives "
            + inWords(MfaChallenge.LIFETIME) + " and dies after " + MfaChallenge.MAX_FAILED_CODES + " wrong codes; "
            + "each wrong code also counts toward the account's lockout. Every code and recovery code is accepted "
            + "once.")
        .open().jsonBody("MfaLoginRequest")
        .json(200, "Signed in: a new session, whose access token's `amr` is `[\"pwd\", \"otp\"]` "
            + "(`[\"pwd\", \"mfa\"]` with a recovery code).", "TokenResponse")
        .cacheControl("no-store").pragmaNoCache()
        .problems("invalid_mfa_token", "invalid_mfa_code").lockout().rateLimited().stores();
    setsRefreshCookie(operationAt("POST", "/api/v1/login/mfa"));
    operation("POST", "/api/v1/refresh", "refresh", SESSIONS, "Refresh a session")
        .description("Exchanges a refresh token for new tokens. The presented token is used up: presenting it again "
            + "revokes the whole session, but for one retry of a refresh whose answer was lost (a 503 after the "
            + "commit, a dropped connection): within the retry grace (a minute by default) of its use, while the "
            + "new token it was exchanged for is unused, it is exchanged again and that new token stops working.")
        .open().jsonBody("RefreshTokenRequest")
        .json(200, "New tokens.", "TokenResponse").cacheControl("no-store").pragmaNoCache()
        .problems("invalid_refresh_token", "token_reused").stores();
    if (refreshCookie) {
      setsRefreshCookie(operationAt("POST", "/api/v1/refresh")).bodyOptional("The refresh token; or nothing, with `"
          + RefreshCookie.OPT_IN_HEADER + ": 1`, to use the refresh cookie (`invalid_refresh_token` without it). "
          + "The cookie without that header is refused as `csrf_rejected`.");
    }
    operation("POST", "/api/v1/logout", "logout", SESSIONS, "End a session")
        .description("Ends the session of a refresh token. Silent about unknown tokens (as RFC 7009).")
        .open().jsonBody("RefreshTokenRequest")
        .noContent("The session, if any, is ended.")
        .stores();
    if (refreshCookie) {
      ObjectNode cleared = JSON.objectNode().put("description", "With `" + RefreshCookie.OPT_IN_HEADER
          + ": 1`: both refresh cookies cleared (`Max-Age=0`), whether or not they came.");
      cleared.set("schema", string("Two cookies."));
      optsIntoRefreshCookie(operationAt("POST", "/api/v1/logout"))
          .successHeader("Set-Cookie", cleared)
          .bodyOptional("The refresh token; or nothing, with `" + RefreshCookie.OPT_IN_HEADER + ": 1`, to end the "
              + "session of the refresh cookie. The cookie without that header is refused as `csrf_rejected`.");
    }
    operation("POST", "/api/v1/logout-all", "logoutEverywhere", SESSIONS, "End all one's sessions")
        .description("Ends every session of the caller, this one included. Any body is ignored.")
        .bearer()
        .json(200, "`revoked_sessions` counts the sessions ended.", "RevokedSessions")
        .stores();
    ObjectNode grants = JSON.objectNode();
    grants.putArray("oneOf").add(ref("PasswordGrant")).add(ref("RefreshTokenGrant"));
    operation("GET", "/api/v1/me/sessions", "listSessions", SESSIONS, "List one's sessions")
        .description("The caller's active sessions, newest first: one per sign-in on a device or in an application. "
            + "`last_used_at` is when the session last got tokens (sign-in or refresh); using an access token does not "
            + "move it. `ip` and `user_agent` are the client's at sign-in; `current` marks the caller's own session.")
        .bearer()
        .json(200, "The caller's sessions.", "SessionList").cacheControl("no-store")
        .stores();
    operation("DELETE", "/api/v1/me/sessions/{id}", "endSession", SESSIONS, "End one of one's sessions")
        .description("Ends the session at once: its access tokens stop working on this API and its refresh token is "
            + "refused. Ending one already ended succeeds. Another user's session is not found.")
        .bearer().pathId("id", "The session.")
        .noContent("The session is ended.")
        .problems("not_found").stores();
    operation("POST", "/api/v1/token", "token", SESSIONS, "OAuth 2.0 token endpoint")
        .description("The resource owner password grant (RFC 6749 section 4.3) and refreshing (section 6), for OAuth "
            + "clients. A parameter given twice is refused; one without a value counts as absent; unknown ones are "
            + "ignored. Errors are RFC 6749 section 5.2 JSON, not problem details; RFC 6749 has no code for too many "
            + "requests, so a 429 carries Keyhold's own (`too_many_attempts`, `rate_limited`): treat an unknown "
            + "`error` with status 429 as \"wait for `Retry-After`\". Every answer is sent with "
            + "`Cache-Control: no-store`.")
        .open()
        .body("application/x-www-form-urlencoded", grants, "The grant, as an HTML form.")
        .json(200, "Signed in, or refreshed.", "TokenResponse").cacheControl("no-store").pragmaNoCache()
        .response(400, "An RFC 6749 error:\n"
                + "- `invalid_request`: the body is not a form, or a parameter is missing, repeated or invalid\n"
                + "- `unsupported_grant_type`: a grant other than `password` and `refresh_token`\n"
                + "- `invalid_grant`: wrong credentials (also an unknown or disabled account), an unverified "
                + "address, or an unknown, revoked, expired or reused refresh token",
            "application/json", oauthError(List.of("invalid_request", "unsupported_grant_type", "invalid_grant")))
        .header(400, "Cache-Control", fixedHeader("Caching.", "no-store"))
        .response(403, "`mfa_required` (password grant): the password is right and the account has two-factor "
                + "sign-in. As Auth0 answers it, the body carries the `mfa_token`, its `expires_in` and the `methods`; "
                + "finish at `POST /api/v1/login/mfa`.",
            "application/json", ref("OAuthMfaRequired"))
        .header(403, "Cache-Control", fixedHeader("Caching.", "no-store"))
        .response(429, "Too many requests, with Keyhold's own codes:\n"
                + "- `too_many_attempts`: the account is locked for a while after failed logins\n"
                + "- `rate_limited`: a rate limit is used up",
            "application/json", oauthError(List.of("too_many_attempts", "rate_limited")))
        .header(429, "Retry-After", headerRef("Retry-After"))
        .header(429, "RateLimit-Policy", headerRef("RateLimit-Policy"))
        .header(429, "RateLimit", headerRef("RateLimit"))
        .header(429, "Cache-Control", fixedHeader("Caching.", "no-store"))
        .response(503, "`temporarily_unavailable`: a store could not answer, or the node is hashing as many passwords "
                + "as it may (password grant); retry after `Retry-After` seconds.",
            "application/json", oauthError(List.of("temporarily_unavailable")))
        .header(503, "Retry-After", headerRef("Retry-After"))
        .header(503, "Cache-Control", fixedHeader("Caching.", "no-store"));
    externalSignIn(loginAnswer);
  }

  private void organizations() {
    operation("POST", "/api/v1/orgs", "createOrganization", ORGANIZATIONS, "Create an organization")
        .description("The caller becomes its owner. Without a `slug` (or with `null`), one is derived from the name: "
            + "ASCII-folded, lower-case, other characters as hyphens, cut to the slug limits, and suffixed `-2`, "
            + "`-3`, ... while another organization holds it.")
        .bearer().jsonBody("CreateOrganizationRequest")
        .json(201, "Created.", "Organization").cacheControl("no-store")
        .header(201, "Location", location("/api/v1/orgs/{id}"))
        .problems("slug_taken").stores();
    operation("GET", "/api/v1/orgs", "listOrganizations", ORGANIZATIONS, "List one's organizations")
        .bearer()
        .json(200, "The caller's organizations, oldest membership first.", "OrganizationList")
        .cacheControl("no-store")
        .stores();
    operation("GET", "/api/v1/orgs/{id}", "getOrganization", ORGANIZATIONS, "Read an organization")
        .description("Needs `org:read`.")
        .bearer().pathId("id", "The organization.")
        .json(200, "The organization.", "Organization").cacheControl("no-store")
        .problems("forbidden").stores();
    operation("PATCH", "/api/v1/orgs/{id}", "updateOrganization", ORGANIZATIONS, "Change an organization")
        .description("Needs `org:write`. Give a new name, a new slug, `require_mfa`, or several (else `no_changes`). "
            + "Changing `require_mfa` needs an owner, and turning it on needs the owner's own session to have passed a "
            + "second factor (else `mfa_required`: sign in again with a code).")
        .bearer().pathId("id", "The organization.").jsonBody("UpdateOrganizationRequest")
        .json(200, "The organization, changed.", "Organization").cacheControl("no-store")
        .problems("forbidden", "slug_taken", "mfa_required").stores();
    operation("DELETE", "/api/v1/orgs/{id}", "deleteOrganization", ORGANIZATIONS, "Delete an organization")
        .description("Needs `org:delete`. Also deletes its memberships, invitations and roles.")
        .bearer().pathId("id", "The organization.")
        .noContent("Deleted.")
        .problems("forbidden").stores();
    operation("POST", "/api/v1/orgs/{id}/invite", "inviteMember", ORGANIZATIONS, "Invite someone")
        .description("Needs `invitations:write` and every scope of the role. Mails the link; replaces earlier pending "
            + "invitations of the address.")
        .bearer().pathId("id", "The organization.").jsonBody("InviteRequest")
        .json(201, "Invited.", "Invitation").cacheControl("no-store")
        .header(201, "Location", location("/api/v1/orgs/{id}/invitations/{inv}"))
        .problems("forbidden", "already_member").rateLimited().stores();
    operation("GET", "/api/v1/orgs/{id}/invitations", "listInvitations", ORGANIZATIONS, "List pending invitations")
        .description("Needs `invitations:read`.")
        .bearer().pathId("id", "The organization.")
        .json(200, "Pending invitations, newest first.", "InvitationList").cacheControl("no-store")
        .problems("forbidden").stores();
    operation("DELETE", "/api/v1/orgs/{id}/invitations/{inv}", "revokeInvitation", ORGANIZATIONS,
        "Revoke an invitation")
        .description("Needs `invitations:write`.")
        .bearer().pathId("id", "The organization.").pathId("inv", "The pending invitation.")
        .noContent("Revoked.")
        .problems("forbidden").stores();
    operation("POST", "/api/v1/invitations/accept", "acceptInvitation", ORGANIZATIONS, "Accept an invitation")
        .description("The caller's verified email must be the invited one.")
        .bearer().jsonBody("AcceptInvitationRequest")
        .json(200, "The organization joined.", "Organization").cacheControl("no-store")
        .problems("invalid_link_token", "already_member").stores();
    operation("GET", "/api/v1/orgs/{id}/members", "listMembers", ORGANIZATIONS, "List members")
        .description("Needs `members:read`.")
        .bearer().pathId("id", "The organization.")
        .json(200, "The members.", "MemberList").cacheControl("no-store")
        .problems("forbidden").stores();
    operation("PATCH", "/api/v1/orgs/{id}/members/{user}", "changeMemberRole", ORGANIZATIONS, "Change a role")
        .description("Needs `members:write` and every scope of the member's current role and the new one; never "
            + "one's own role.")
        .bearer().pathId("id", "The organization.").pathId("user", "The member's user id.")
        .jsonBody("ChangeRoleRequest")
        .json(200, "The member, changed.", "Member").cacheControl("no-store")
        .problems("forbidden", "last_owner").stores();
    operation("DELETE", "/api/v1/orgs/{id}/members/{user}", "removeMember", ORGANIZATIONS, "Remove a member")
        .description("Leaving (one's own id) needs no scope; removing others needs `members:write` and every scope "
            + "of their role.")
        .bearer().pathId("id", "The organization.").pathId("user", "The member's user id.")
        .noContent("Removed.")
        .problems("forbidden", "last_owner").stores();
    operation("POST", "/api/v1/orgs/{id}/transfer-ownership", "transferOwnership", ORGANIZATIONS,
        "Hand the organization over")
        .description("Owners only: the member becomes an owner, then the caller an `admin`.")
        .bearer().pathId("id", "The organization.").jsonBody("TransferOwnershipRequest")
        .noContent("Transferred.")
        .problems("forbidden").stores();
    operation("GET", "/api/v1/orgs/{id}/roles", "listOrganizationRoles", ORGANIZATIONS, "List roles")
        .description("Needs `roles:read`. Built-in and custom roles.")
        .bearer().pathId("id", "The organization.")
        .json(200, "The roles.", "RoleList").cacheControl("no-store")
        .problems("forbidden").stores();
    operation("POST", "/api/v1/orgs/{id}/roles", "createOrganizationRole", ORGANIZATIONS, "Create a custom role")
        .description("Needs `roles:write` and every scope given.")
        .bearer().pathId("id", "The organization.").jsonBody("CreateOrganizationRoleRequest")
        .json(201, "Created.", "Role").cacheControl("no-store")
        .problems("forbidden", "role_name_taken").stores();
    operation("POST", "/api/v1/orgs/{id}/token", "issueOrganizationToken", ORGANIZATIONS,
        "Get an organization token")
        .description("Any member: an access token carrying `org_id` and the caller's current scopes there. It has no "
            + "refresh token: refresh the session, then ask again. When the organization requires two-factor sign-in, "
            + "a session that did not pass a second factor gets `mfa_required`.")
        .bearer().pathId("id", "The organization.").emptyBody()
        .json(200, "The token.", "OrganizationTokenResponse").cacheControl("no-store").pragmaNoCache()
        .problems("mfa_required").stores();
  }

  private void administration() {
    operation("GET", "/api/v1/roles", "listGlobalRoles", ADMINISTRATION, "List global roles")
        .description("Needs `roles:write`.")
        .bearer()
        .json(200, "The global roles.", "RoleList").cacheControl("no-store")
        .problems("forbidden").stores();
    operation("POST", "/api/v1/roles", "createGlobalRole", ADMINISTRATION, "Create a global role")
        .description("Needs `roles:write` and every scope given.")
        .bearer().jsonBody("CreateGlobalRoleRequest")
        .json(201, "Created.", "Role").cacheControl("no-store")
        .problems("forbidden", "role_name_taken").stores();
    operation("POST", "/api/v1/admin/users/{id}/roles/{role}", "grantGlobalRole", ADMINISTRATION,
        "Grant a global role")
        .description("Needs `roles:write` and every scope of the role. Idempotent.")
        .bearer().pathId("id", "The user.").pathParameter("role", globalRoleName()).emptyBody()
        .noContent("The user holds the role.")
        .problems("forbidden").stores();
    operation("DELETE", "/api/v1/admin/users/{id}/roles/{role}", "revokeGlobalRole", ADMINISTRATION,
        "Revoke a global role")
        .description("Needs `roles:write` and every scope of the role. Idempotent. Never one's own `admin`.")
        .bearer().pathId("id", "The user.").pathParameter("role", globalRoleName())
        .noContent("The user does not hold the role.")
        .problems("forbidden").stores();
    operation("GET", "/api/v1/admin/users", "listUsers", ADMINISTRATION, "List users")
        .description("Needs `users:read`. Pages through users in email order, keeping those that match every filter "
            + "given; ask for the next page with the same filters.")
        .bearer()
        .query("email_prefix", string("Only addresses starting with this."))
        .query("q", string("Only users whose display name starts with this, in any case."))
        .query("status", lowerCaseOf("Only users in this state.", UserStatus.class))
        .query("cursor", string("A previous page's `next_cursor`."))
        .query("limit", integer("Users per page.")
            .put("minimum", 1).put("maximum", AdministrationRoutes.MAX_PAGE_SIZE)
            .put("default", AdministrationRoutes.DEFAULT_PAGE_SIZE))
        .json(200, "One page of users.", "UserPage").cacheControl("no-store")
        .problems("forbidden").stores();
    operation("POST", "/api/v1/admin/users", "createUser", ADMINISTRATION, "Create a user")
        .description("Needs `users:write`. An active user with the address verified and no password, and no global "
            + "role; they are mailed a link to choose a password (a password-reset link, with its lifetime). A taken "
            + "address is `email_taken`: administrators may know who has an account.")
        .bearer().jsonBody("CreateUserRequest")
        .json(201, "Created; the link is mailed.", "User").cacheControl("no-store")
        .problems("forbidden", "email_taken").stores();
    operation("GET", "/api/v1/admin/users/{id}", "getUser", ADMINISTRATION, "Show a user in full")
        .description("Needs `users:read`. The user with their global roles, organizations (with their role in each), "
            + "the number of active sessions, whether two-factor sign-in is on, and the last sign-in: the start of "
            + "their newest active session (`null` when none is active).")
        .bearer().pathId("id", "The user.")
        .json(200, "The user.", "UserDetails").cacheControl("no-store")
        .problems("forbidden").stores();
    operation("PATCH", "/api/v1/admin/users/{id}/disable", "disableUser", ADMINISTRATION, "Disable a user")
        .description("Needs `users:write`; never oneself. Ends all their sessions at once. Idempotent.")
        .bearer().pathId("id", "The user.").emptyBody()
        .json(200, "The user, disabled.", "User").cacheControl("no-store")
        .problems("forbidden").stores();
    operation("PATCH", "/api/v1/admin/users/{id}/enable", "enableUser", ADMINISTRATION, "Enable a user")
        .description("Needs `users:write`. Idempotent.")
        .bearer().pathId("id", "The user.").emptyBody()
        .json(200, "The user, enabled.", "User").cacheControl("no-store")
        .problems("forbidden").stores();
    operation("POST", "/api/v1/admin/users/{id}/logout", "logoutUser", ADMINISTRATION, "End all of a user's sessions")
        .description("Needs `users:write` and every global scope the user holds; never oneself (use "
            + "`/api/v1/logout-all`). Their refresh tokens are refused and their access tokens stop working at once; they may sign in again. "
            + "Audited. Idempotent.")
        .bearer().pathId("id", "The user.").emptyBody()
        .noContent("The user has no active session.")
        .problems("forbidden").stores();
    operation("DELETE", "/api/v1/admin/users/{id}", "deleteUser", ADMINISTRATION, "Delete a user")
        .description("Needs `users:write` and every global scope the user holds; never oneself (use "
            + "`DELETE /api/v1/me`). Refused with `last_owner` while the user is an organization's only owner. "
            + "Removes the profile, sessions, memberships, second factors, provider links and the invitations "
            + "addressed to the user; their tokens stop working at once. Audit events keep the user's id. The "
            + "address is mailed a notice.")
        .bearer().pathId("id", "The user.").emptyBody()
        .noContent("The user is deleted.")
        .problems("forbidden", "last_owner").stores();
    operation("DELETE", "/api/v1/admin/users/{id}/mfa", "resetUserMfa", ADMINISTRATION,
        "Remove a user's two-factor sign-in")
        .description("Needs `users:write`. For a lost phone: deletes the user's authenticator (a pending one too) and "
            + "recovery codes, so they sign in with their password alone until they enrol again. Audited; the user is "
            + "mailed. Idempotent.")
        .bearer().pathId("id", "The user.")
        .noContent("The user has no two-factor sign-in.")
        .problems("forbidden").stores();
    auditFilters(operation("GET", "/api/v1/admin/audit", "searchAudit", ADMINISTRATION, "Search the audit log")
        .description("Needs the global `audit:read`. Every recorded security event, newest first. Filters combine; "
            + "`from` is inclusive and `to` exclusive. A `+` in a time's offset must be sent as `%2B`.")
        .bearer())
        .query("org", uuid("Only events in this organization."))
        .json(200, "One page of events, newest first.", "AuditPage").cacheControl("no-store")
        .problems("forbidden").stores();
    auditFilters(operation("GET", "/api/v1/orgs/{id}/audit", "searchOrganizationAudit", ORGANIZATIONS,
        "Search an organization's audit log")
        .description("Needs `audit:read` in the organization. Only the organization's own events, newest first; "
            + "filters as for the global search, without `org`.")
        .bearer().pathId("id", "The organization."))
        .json(200, "One page of the organization's events, newest first.", "AuditPage").cacheControl("no-store")
        .problems("forbidden").stores();
  }

  /** The query parameters both audit searches take. */
  private static OpenApiOperation auditFilters(OpenApiOperation operation) {
    return operation
        .query("actor", uuid("Only events by this user."))
        .query("target", string("Only events about this user, session, organization, role or invitation.")
            .put("maxLength", AuditRoutes.MAX_TARGET_LENGTH))
        .query("action", string("Only events of this action, such as `login.failed`.")
            .put("pattern", "^[a-z0-9_]+(\\.[a-z0-9_]+)*$"))
        .query("from", dateTime("Only events at or after this time (RFC 3339)"))
        .query("to", dateTime("Only events before this time (RFC 3339); after `from`"))
        .query("cursor", string("A previous page's `next_cursor`."))
        .query("limit", integer("Events per page.")
            .put("minimum", 1).put("maximum", AuditRoutes.MAX_PAGE_SIZE)
            .put("default", AuditRoutes.DEFAULT_PAGE_SIZE));
  }

  private void meta() {
    operation("GET", "/api/v1/healthcheck", "healthcheck", META, "Check that the API answers")
        .open()
        .json(200, "It does.", "Healthcheck").cacheControl("no-store");
    operation("GET", "/.well-known/jwks.json", "getJwks", META, "The public signing keys")
        .description("For resource servers verifying access tokens. Includes the next key before it signs and "
            + "retired keys until their last token has expired.")
        .open()
        .json(200, "The JWK Set.", "JwkSet").cacheControl("public, max-age=300");
    if (discovery) {
      for (String path : List.of(AuthorizationServerMetadata.OAUTH_PATH, AuthorizationServerMetadata.OPENID_PATH)) {
        boolean oauth = path.equals(AuthorizationServerMetadata.OAUTH_PATH);
        operation("GET", path, oauth ? "getAuthorizationServerMetadata" : "getOpenIdConfiguration", META,
            oauth ? "Authorization server metadata (RFC 8414)" : "The same metadata, where OpenID clients look")
            .description("For resource servers that configure themselves from the issuer URL alone (Spring "
                + "Security's `JwtDecoders.fromIssuerLocation`, for one). Every URL comes from the configured "
                + "`PUBLIC_URL`, never from the request. Only true fields: Keyhold issues access tokens (`typ: "
                + "at+jwt`, signed with the `alg` each key in `jwks_uri` names) and no ID tokens, and has no "
                + "authorization endpoint, so `response_types_supported` is empty and no OpenID-only field is given."
                + (oauth ? "" : " The document is the one at `" + AuthorizationServerMetadata.OAUTH_PATH + "`."))
            .open()
            .json(200, "The metadata.", "AuthorizationServerMetadata")
            .cacheControl(AuthorizationServerMetadata.CACHE_CONTROL);
      }
    }
    operation("GET", "/health/live", "live", META, "Liveness")
        .open()
        .json(200, "The process runs.", "Health").cacheControl("no-store");
    if (metrics) {
      operation("GET", "/metrics", "getMetrics", META, "Prometheus metrics")
          .description("Request timers by route and status, sign-in outcomes, lockouts, refresh-token reuse, rate-limit "
              + "refusals, mail and link-request backlogs, the connection pool and the JVM. The Prometheus text format "
              + "0.0.4, or OpenMetrics 1.0 when `Accept` asks for `application/openmetrics-text`. No per-user data "
              + "and no secrets, but no authentication either: keep it on an internal network.")
          .open()
          .response(200, "The current values.", "text/plain", string("Prometheus text exposition."))
          .cacheControl("no-store");
    }
    operation("GET", "/health/ready", "ready", META, "Readiness")
        .description("Runs every readiness check concurrently, each within 2 seconds, and names each one's state. "
            + "Optional checks are reported without making the node unready.")
        .open()
        .json(200, "Ready: every required check passed.", "Health")
        .json(503, "Not ready: a required check failed or did not answer in time.", "Health")
        .header(503, "Cache-Control", fixedHeader("Caching.", "no-store"))
        .cacheControl("no-store");
    operation("GET", DocsRoutes.DOCUMENT_PATH, "getOpenApiDocument", META, "This document")
        .open()
        .json(200, "The OpenAPI document.", "OpenApi").cacheControl("public, max-age=60");
    operation("GET", DocsRoutes.PAGE_PATH, "getDocsPage", META, "Swagger UI")
        .description("Swagger UI showing this document, also at `" + DocsRoutes.PAGE_PATH + "/`.")
        .open()
        .response(200, "The page.", "text/html", string("HTML."))
        .successHeader("Content-Security-Policy", contentSecurityPolicy())
        .cacheControl("no-cache");
    OpenApiOperation asset = operation("GET", DocsRoutes.PAGE_PATH + "/{asset}", "getDocsAsset", META,
        "A file of Swagger UI")
        .open()
        .pathParameter("asset", oneOf("The file.", new TreeSet<>(DocsRoutes.ASSETS.keySet())))
        .response(200, "The file.", null, null);
    new TreeSet<>(DocsRoutes.ASSETS.values()).forEach(type -> asset.content(200, type.split(";")[0], null));
    asset.successHeader("Content-Security-Policy", contentSecurityPolicy())
        .cacheControl("public, max-age=3600")
        .problems("not_found");
  }

  /** The pages for mailed links ({@link PageRoutes}), and their script and stylesheet. */
  private void pages() {
    page(PageRoutes.VERIFY_EMAIL_PATH, "getVerifyEmailPage", "The page of an email-verification link",
        "`POST /api/v1/verify-email`, when the user confirms");
    page(PageRoutes.RESET_PASSWORD_PATH, "getResetPasswordPage", "The page of a password-reset link",
        "`POST /api/v1/password-reset/confirm` with the new password the user chooses");
    page(PageRoutes.INVITATION_PATH, "getAcceptInvitationPage", "The page of an invitation link",
        "`POST /api/v1/invitations/accept` once the user has signed in on the page (`POST /api/v1/login`)");
    page(PageRoutes.CONFIRM_EMAIL_PATH, "getConfirmEmailPage", "The page of an email-change link",
        "`POST /api/v1/confirm-email`, when the user confirms");
    operation("GET", PageRoutes.SCRIPT_PATH, "getPagesScript", PAGES, "The pages' script")
        .open()
        .response(200, "The script.", "text/javascript", string("JavaScript."))
        .cacheControl(PageRoutes.ASSET_CACHE_CONTROL);
    operation("GET", PageRoutes.STYLESHEET_PATH, "getPagesStylesheet", PAGES, "The pages' own stylesheet")
        .description("Not linked when `PAGES_STYLESHEET_URL` names another.")
        .open()
        .response(200, "The stylesheet.", "text/css", string("CSS."))
        .cacheControl(PageRoutes.ASSET_CACHE_CONTROL);
  }

  private void page(String path, String operationId, String summary, String action) {
    operation("GET", path, operationId, PAGES, summary)
        .description("The HTML page the mailed link (`" + path + "?token=...`) opens. The server does not read the "
            + "token: the page's script sends it to " + action + ", so a mail scanner or link preview fetching the "
            + "link uses nothing up. Never cached, and sent with `Referrer-Policy: no-referrer`.")
        .open()
        .response(200, "The page.", "text/html", string("HTML."))
        .successHeader("Content-Security-Policy", header("Only this server's script, its own or the configured "
            + "stylesheet, and requests to this server: `default-src 'none'; script-src 'self'; style-src 'self' "
            + "...; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`.",
            string("A policy.").put("pattern", "^default-src 'none'; script-src 'self'; ")))
        .successHeader("Referrer-Policy", fixedHeader("The URL holds the link's token.", "no-referrer"))
        .cacheControl(PageRoutes.PAGE_CACHE_CONTROL);
  }

  private ObjectNode assemble(ObjectMapper mapper) {
    ObjectNode document = JSON.objectNode();
    document.put("openapi", OPENAPI_VERSION);
    ObjectNode info = document.putObject("info");
    info.put("title", "Keyhold API");
    info.put("version", "1");
    info.put("description", INFO);
    // relative, so it is this server whatever name it is reached by; never taken from a request's Host
    document.putArray("servers").addObject().put("url", "/").put("description", "This server.");
    ArrayNode tags = document.putArray("tags");
    tags.addObject().put("name", ACCOUNTS)
        .put("description", "Registration, verification, passwords, two-factor sign-in, profile.");
    tags.addObject().put("name", SESSIONS).put("description", "Signing in, refreshing, signing out, OAuth 2.0.");
    tags.addObject().put("name", ORGANIZATIONS)
        .put("description", "Organizations, invitations, members, roles. Non-members get 404 for an organization.");
    tags.addObject().put("name", ADMINISTRATION).put("description", "Global roles and users.");
    tags.addObject().put("name", META).put("description", "Health, keys, and this documentation.");
    tags.addObject().put("name", PAGES).put("description", "HTML pages for the links Keyhold mails (see "
        + "docs/pages.md). Opening one uses nothing up; its script calls the routes above when the user acts.");

    Map<String, String> when = new java.util.HashMap<>(problemDescriptions());
    if (refreshCookie) {
      when.put("csrf_rejected", "the refresh cookie without `" + RefreshCookie.OPT_IN_HEADER + ": 1`, or that "
          + "header from an `Origin` not allowed to use the cookie");
    }
    Map<String, ObjectNode> problems = new TreeMap<>();
    ObjectNode paths = document.putObject("paths");
    for (OpenApiOperation operation : operations) {
      ObjectNode item = paths.has(operation.path()) ? (ObjectNode) paths.get(operation.path())
          : paths.putObject(operation.path());
      String method = operation.method().toLowerCase(Locale.ROOT);
      if (item.has(method)) {
        throw new IllegalStateException("documented twice: " + operation.method() + " " + operation.path());
      }
      item.set(method, operation.build(problems, when));
    }

    ObjectNode components = document.putObject("components");
    ObjectNode schemas = OpenApiSchemas.components();
    if (refreshCookie) {
      ObjectNode tokens = (ObjectNode) schemas.get("TokenResponse");
      ArrayNode required = (ArrayNode) tokens.get("required");
      for (int i = required.size() - 1; i >= 0; i--) {
        if (required.get(i).asText().equals("refresh_token")) {
          required.remove(i);
        }
      }
      ((ObjectNode) tokens.get("properties").get("refresh_token")).put("description", "Single use: each refresh "
          + "answers a new one; presenting a used one revokes the session. Absent when the request sent `"
          + RefreshCookie.OPT_IN_HEADER + ": 1`: it is in the refresh cookie instead.");
    }
    components.set("schemas", schemas);
    components.putObject("responses").setAll(problems);
    components.set("headers", headers());
    components.set("examples", problemExamples(mapper, when));
    components.putObject("securitySchemes").putObject(BEARER_AUTH)
        .put("type", "http").put("scheme", "bearer").put("bearerFormat", "JWT")
        .put("description", "An access token from a token response, in `Authorization: Bearer <token>`. Keyhold "
            + "checks its signature, expiry and session on every request.");
    return document;
  }

  private Map<String, String> problemDescriptions() {
    return Map.ofEntries(
        Map.entry("malformed_json", "the body is not one well-formed JSON object in UTF-8"),
        Map.entry("malformed_body", "the body cannot be read to its end: a chunk size that is no number, or the "
            + "connection closed before the declared `Content-Length` or the last chunk"),
        Map.entry("validation_failed", "invalid fields or query parameters, each listed in `errors`"),
        Map.entry("malformed_authorization", "a `Bearer` `Authorization` header that is not `Bearer <token>`"),
        Map.entry("invalid_link_token", "the link's token is unknown, used, superseded or expired (an invitation's "
            + "also when it is not for the caller's verified email)"),
        Map.entry("missing_token", "no `Authorization` header, or one of another scheme than `Bearer` (RFC 6750 "
            + "section 3.1)"),
        Map.entry("invalid_token", "the access token does not verify, has expired, or its session has ended"),
        Map.entry("invalid_credentials", "a wrong email or password, also an unknown or disabled account (on a "
            + "password or two-factor change: a wrong current password)"),
        Map.entry("invalid_mfa_code", "a wrong, already used or malformed code from the authenticator app, or "
            + "recovery code; counts toward the account's lockout"),
        Map.entry("invalid_mfa_token", "the `mfa_token` is unknown, used, expired, or died after too many wrong "
            + "codes; sign in again"),
        Map.entry("mfa_required", "the session did not pass a second factor and this needs one (an organization "
            + "that requires two-factor sign-in, or turning that requirement on); sign in again with a code"),
        Map.entry("mfa_already_enabled", "two-factor sign-in is on already; turn it off before enrolling again"),
        Map.entry("mfa_not_enabled", "two-factor sign-in is off (on confirming: no enrolment was started)"),
        Map.entry("invalid_oauth_state", "the `state` is unknown, used, expired, or was started at another "
            + "provider; start the sign-in again"),
        Map.entry("oauth_login_failed", "the provider refused the code, its ID token failed validation, or it does "
            + "not vouch for the email address the sign-in needs"),
        Map.entry("provider_unavailable", "the identity provider could not be reached or failed; start again later"),
        Map.entry("last_sign_in_method", "this is the caller's only way to sign in (no password and no other link)"),
        Map.entry("invalid_refresh_token", "an unknown refresh token, or one whose session was revoked or expired"),
        Map.entry("token_reused", "a used refresh token presented again, but for one retry of a refresh whose answer "
            + "was lost (within the retry grace, while its successor is unused); its session is now revoked"),
        Map.entry("email_not_verified", "the password is right but the address is not verified yet"),
        Map.entry("forbidden", "the caller lacks the scope for this, or may never do it (such as to themselves)"),
        Map.entry("not_found", "no such resource, a malformed id in the path, or an organization the caller does "
            + "not belong to"),
        Map.entry("slug_taken", "another organization has this slug"),
        Map.entry("email_taken", "a user with this address exists already"),
        Map.entry("role_name_taken", "a role of this name exists already"),
        Map.entry("already_member", "the address, or the caller, already belongs to the organization"),
        Map.entry("last_owner", "the organization would be left without an owner"),
        Map.entry("payload_too_large", "a body over " + maxBodyBytes + " bytes"),
        Map.entry("unsupported_media_type", "a body not sent as `application/json`"),
        Map.entry("too_many_attempts", "the account is locked for a while after failed attempts; the same answer "
            + "for every email, known or not"),
        Map.entry("rate_limited", "a rate limit is used up; `RateLimit-Policy` names it"),
        Map.entry("internal_error", "a bug; the body says nothing more, the log has the request id"),
        Map.entry("overloaded", "the node is hashing as many passwords as it may; nothing was done or counted; "
            + "retry after `Retry-After` seconds"),
        Map.entry("store_unavailable", "a store could not answer; retry after `Retry-After` seconds"));
  }

  private static ObjectNode headers() {
    ObjectNode headers = JSON.objectNode();
    headers.set(RequestScope.REQUEST_ID_HEADER, header("The request's id: the one sent in `X-Request-Id` when it "
        + "is 1 to 128 of `A-Z a-z 0-9 . _ : -`, else a new UUID. Logs and audit events carry it.", string("An id.")));
    headers.set("Retry-After", header("Whole seconds to wait, rounded up: waiting that long is never too early.",
        integer("Seconds.").put("minimum", 1)));
    headers.set("RateLimit-Policy", header("With `rate_limited` only: the limit that was hit, as a structured field "
        + "(draft-ietf-httpapi-ratelimit-headers): its name, `q` requests per `w` seconds, such as "
        + "`\"login-ip\";q=10;w=60`.", string("A structured field.")).put("required", false));
    headers.set("RateLimit", header("With `rate_limited` only: the limit's state, its name, `r` requests left and "
        + "`t` seconds until there is room again, such as `\"login-ip\";r=0;t=42`.", string("A structured field."))
        .put("required", false));
    headers.set("WWW-Authenticate", header("`Bearer realm=\"keyhold\"`, with `error=\"invalid_token\"` for an access "
        + "token that does not verify.", string("An RFC 6750 challenge.")));
    return headers;
  }

  /** One example of each problem code, written by the API's own mapper as the API writes problems. */
  private static ObjectNode problemExamples(ObjectMapper mapper, Map<String, String> when) {
    ObjectNode examples = JSON.objectNode();
    new TreeSet<>(when.keySet()).forEach(code -> {
      String detail = Character.toUpperCase(when.get(code).charAt(0)) + when.get(code).substring(1) + ".";
      List<Problem.FieldError> errors = code.equals("validation_failed")
          ? List.of(new Problem.FieldError("email", "invalid_email", "Enter a valid email address."))
          : null;
      examples.putObject(code).put("summary", Problems.title(code))
          .set("value", mapper.valueToTree(Problems.of(code, detail, EXAMPLE_REQUEST_ID, errors)));
    });
    return examples;
  }

  static ObjectNode exampleRef(String code) {
    return JSON.objectNode().put("$ref", "#/components/examples/" + code);
  }

  static ObjectNode headerRef(String name) {
    return JSON.objectNode().put("$ref", "#/components/headers/" + name);
  }

  /** A response header that always has this value. */
  static ObjectNode fixedHeader(String description, String value) {
    return header(description, JSON.objectNode().put("type", "string").put("const", value));
  }

  /** A header sent with every response it is documented on, unless {@code required} is set to false after. */
  private static ObjectNode header(String description, ObjectNode schema) {
    ObjectNode header = JSON.objectNode().put("description", description).put("required", true);
    header.set("schema", schema);
    return header;
  }

  private static ObjectNode location(String template) {
    return header("Where the new resource is: `" + template + "`.",
        JSON.objectNode().put("type", "string").put("format", "uri-reference"));
  }

  private static ObjectNode contentSecurityPolicy() {
    return fixedHeader("Nothing but this server's own files may load.", DocsRoutes.CONTENT_SECURITY_POLICY);
  }

  private static ObjectNode globalRoleName() {
    return string("The global role's name.").put("minLength", 1);
  }

  private static ObjectNode oauthError(List<String> codes) {
    ObjectNode schema = JSON.objectNode();
    schema.putArray("allOf").add(ref("OAuthError"));
    ArrayNode allowed = schema.putObject("properties").putObject("error").putArray("enum");
    codes.forEach(allowed::add);
    return schema;
  }
}
