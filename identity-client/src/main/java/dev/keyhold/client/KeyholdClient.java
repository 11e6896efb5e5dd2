package dev.keyhold.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Keyhold's HTTP API ({@code /api/v1}, docs/api.md) for JVM applications and tests: accounts, sessions and
 * organizations, one method per route. Build one per Keyhold and share it: it is immutable, thread-safe and holds no
 * global state; it keeps no token (methods that need one take the access token, or use a {@link KeyholdSession}).
 *
 * <p>Every refusal is a {@link KeyholdApiException} carrying the stable {@code code}; a failure to reach Keyhold is a
 * {@link KeyholdConnectionException}. Nothing is logged, and no token appears in a message or {@code toString()}.
 *
 * <pre>{@code
 * KeyholdClient keyhold = KeyholdClient.builder().baseUrl("https://id.example.com").build();
 * LoginResult result = keyhold.login("ada@example.com", password);
 * }</pre>
 */
public final class KeyholdClient {

  private static final String API = "/api/v1";

  private final Transport transport;
  private final URI baseUrl;
  private final Clock clock;
  private final Duration refreshMargin;

  private KeyholdClient(Builder builder) {
    this.baseUrl = Objects.requireNonNull(builder.baseUrl, "baseUrl is required");
    HttpClient http = builder.httpClient != null ? builder.httpClient
        : HttpClient.newBuilder().connectTimeout(builder.connectTimeout).build();
    this.transport = new Transport(baseUrl, http, builder.requestTimeout);
    this.clock = builder.clock;
    this.refreshMargin = builder.refreshMargin;
  }

  public static Builder builder() {
    return new Builder();
  }

  // ---- accounts

  /**
   * Registers an account and mails a verification link; the answer is the same whether or not the address is taken.
   *
   * @param displayName may be {@code null}
   */
  public void register(String email, String password, String displayName) {
    Map<String, Object> body = body("email", email, "password", password);
    if (displayName != null) {
      body.put("display_name", displayName);
    }
    transport.send("POST", API + "/register", body, null);
  }

  /** Verifies the address with the token of the mailed link; {@code invalid_link_token} when used or expired. */
  public void verifyEmail(String token) {
    transport.send("POST", API + "/verify-email", body("token", token), null);
  }

  /** Mails a new verification link to an unverified account; answers alike for any address. */
  public void resendVerification(String email) {
    transport.send("POST", API + "/verify-email/resend", body("email", email), null);
  }

  /**
   * Signs in with a password: tokens, or a two-factor challenge for an account that has it.
   *
   * @throws KeyholdApiException {@code invalid_credentials} (401), {@code email_not_verified} (403),
   *     {@code too_many_attempts} or {@code rate_limited} (429, with {@link KeyholdApiException#retryAfter()})
   */
  public LoginResult login(String email, String password) {
    JsonNode answer = transport.send("POST", API + "/login", body("email", email, "password", password), null);
    if (answer != null && answer.path("mfa_required").asBoolean(false)) {
      return new LoginResult.TwoFactorRequired(Transport.text(answer, "mfa_token"),
          Duration.ofSeconds(Transport.number(answer, "expires_in")), Transport.texts(answer.get("methods")));
    }
    return new LoginResult.SignedIn(tokens(answer));
  }

  /** Completes a two-factor login with a code from the authenticator app ({@code invalid_mfa_code} when wrong). */
  public Tokens completeLogin(String mfaToken, String code) {
    return tokens(transport.send("POST", API + "/login/mfa", body("mfa_token", mfaToken, "code", code), null));
  }

  /** Completes a two-factor login with one of the single-use recovery codes. */
  public Tokens completeLoginWithRecoveryCode(String mfaToken, String recoveryCode) {
    return tokens(transport.send("POST", API + "/login/mfa",
        body("mfa_token", mfaToken, "recovery_code", recoveryCode), null));
  }

  /**
   * Exchanges a refresh token for the next pair; the presented one is used up. Presenting it again is
   * {@code token_reused} and ends the session: share a session between threads with {@link KeyholdSession}.
   */
  public Tokens refresh(String refreshToken) {
    return tokens(transport.send("POST", API + "/refresh", body("refresh_token", refreshToken), null));
  }

  /** Ends the session of this refresh token; silent about unknown tokens. */
  public void logout(String refreshToken) {
    transport.send("POST", API + "/logout", body("refresh_token", refreshToken), null);
  }

  /** Ends every session of the caller; answers how many were ended. */
  public int logoutEverywhere(String accessToken) {
    return (int) Transport.number(transport.send("POST", API + "/logout-all", null, bearer(accessToken)),
        "revoked_sessions");
  }

  /** The caller's profile. */
  public Profile me(String accessToken) {
    JsonNode me = transport.send("GET", API + "/me", null, bearer(accessToken));
    return new Profile(Transport.text(me, "id"), Transport.text(me, "email"), Transport.textOrNull(me, "display_name"),
        Transport.bool(me, "email_verified"), Transport.text(me, "status"), Transport.instant(me, "created_at"),
        Transport.bool(me, "mfa_enabled"));
  }

  /**
   * Changes the caller's password; the caller's own session goes on, the others end. Answers how many ended.
   *
   * @throws KeyholdApiException {@code invalid_credentials} for a wrong current password (it counts toward the
   *     lockout), {@code validation_failed} for a new password the policy refuses
   */
  public int changePassword(String accessToken, String currentPassword, String newPassword) {
    return (int) Transport.number(transport.send("POST", API + "/me/password",
        body("current_password", currentPassword, "new_password", newPassword), bearer(accessToken)),
        "revoked_sessions");
  }

  /** Mails a password-reset link; answers alike whether or not the address has an account. */
  public void requestPasswordReset(String email) {
    transport.send("POST", API + "/password-reset/request", body("email", email), null);
  }

  /** Sets a new password with the token of the mailed link and ends every session; does not sign in. */
  public void resetPassword(String token, String newPassword) {
    transport.send("POST", API + "/password-reset/confirm", body("token", token, "new_password", newPassword), null);
  }

  // ---- organizations

  /**
   * Creates an organization whose owner is the caller.
   *
   * @param slug {@code null} to derive one from the name
   */
  public Organization createOrganization(String accessToken, String name, String slug) {
    Map<String, Object> body = body("name", name);
    if (slug != null) {
      body.put("slug", slug);
    }
    return organization(transport.send("POST", API + "/orgs", body, bearer(accessToken)));
  }

  /** The caller's organizations, oldest membership first. */
  public List<Organization> organizations(String accessToken) {
    return items(transport.send("GET", API + "/orgs", null, bearer(accessToken)), KeyholdClient::organization);
  }

  /** Invites {@code email} with the role named {@code role}, for 7 days; mails the link. */
  public Invitation invite(String accessToken, String orgId, String email, String role) {
    return invite(accessToken, orgId, email, role, null);
  }

  /**
   * Invites {@code email} with the role named {@code role}; mails the link.
   *
   * @param expiresIn from 1 minute to 30 days, or {@code null} for the server's 7 days
   */
  public Invitation invite(String accessToken, String orgId, String email, String role, Duration expiresIn) {
    Map<String, Object> body = body("email", email, "role", role);
    if (expiresIn != null) {
      body.put("expires_in_seconds", expiresIn.toSeconds());
    }
    JsonNode invitation = transport.send("POST", org(orgId) + "/invite", body, bearer(accessToken));
    return new Invitation(Transport.text(invitation, "id"), Transport.text(invitation, "email"),
        Transport.text(invitation, "role"), Transport.textOrNull(invitation, "role_id"),
        Transport.textOrNull(invitation, "invited_by"), Transport.instant(invitation, "created_at"),
        Transport.instant(invitation, "expires_at"), Transport.text(invitation, "status"));
  }

  /** Accepts an invitation with the token of the mailed link; answers the organization joined. */
  public Organization acceptInvitation(String accessToken, String invitationToken) {
    return organization(transport.send("POST", API + "/invitations/accept", body("token", invitationToken),
        bearer(accessToken)));
  }

  /** The members of an organization ({@code members:read}). */
  public List<Member> members(String accessToken, String orgId) {
    return items(transport.send("GET", org(orgId) + "/members", null, bearer(accessToken)), member ->
        new Member(Transport.text(member, "user_id"), Transport.text(member, "email"),
            Transport.textOrNull(member, "display_name"), Transport.text(member, "role"),
            Transport.textOrNull(member, "role_id"), Transport.instant(member, "joined_at")));
  }

  /**
   * An access token scoped to the organization, with the caller's current scopes there.
   *
   * @throws KeyholdApiException {@code mfa_required} (403) when the organization requires two-factor sign-in and
   *     the session did not pass a second factor
   */
  public OrganizationToken organizationToken(String accessToken, String orgId) {
    JsonNode token = transport.send("POST", org(orgId) + "/token", null, bearer(accessToken));
    return new OrganizationToken(Transport.text(token, "access_token"), Transport.text(token, "token_type"),
        Duration.ofSeconds(Transport.number(token, "expires_in")), Transport.scopes(token),
        Transport.text(token, "org_id"));
  }

  // ---- sessions

  /**
   * A session over these tokens that refreshes them before they expire, once however many threads ask at once.
   * Hand it the tokens of a login and from then on use only the session for them.
   */
  public KeyholdSession session(Tokens tokens) {
    return new KeyholdSession(this, tokens, this::refresh, clock, refreshMargin);
  }

  /** The URL this client talks to. */
  public URI baseUrl() {
    return baseUrl;
  }

  @Override
  public String toString() {
    return "KeyholdClient[" + baseUrl + "]";
  }

  // ---- helpers

  private static String org(String orgId) {
    return API + "/orgs/" + Transport.segment(orgId);
  }

  private static String bearer(String accessToken) {
    return Objects.requireNonNull(accessToken, "accessToken");
  }

  private static Map<String, Object> body(String... fieldsAndValues) {
    Map<String, Object> body = new LinkedHashMap<>();
    for (int i = 0; i < fieldsAndValues.length; i += 2) {
      body.put(fieldsAndValues[i], Objects.requireNonNull(fieldsAndValues[i + 1], fieldsAndValues[i]));
    }
    return body;
  }

  private static Tokens tokens(JsonNode answer) {
    return new Tokens(Transport.text(answer, "access_token"), Transport.text(answer, "token_type"),
        Duration.ofSeconds(Transport.number(answer, "expires_in")), Transport.text(answer, "refresh_token"),
        Transport.scopes(answer));
  }

  private static Organization organization(JsonNode org) {
    return new Organization(Transport.text(org, "id"), Transport.text(org, "name"), Transport.text(org, "slug"),
        Transport.bool(org, "require_mfa"), Transport.instant(org, "created_at"), Transport.textOrNull(org, "role"));
  }

  private static <T> List<T> items(JsonNode list, Function<JsonNode, T> read) {
    JsonNode items = list == null ? null : list.get("items");
    if (items == null || !items.isArray()) {
      throw Transport.unreadable("items");
    }
    List<T> result = new ArrayList<>();
    items.forEach(item -> result.add(read.apply(item)));
    return List.copyOf(result);
  }

  /** How to reach Keyhold. Only {@link #baseUrl(String)} is required. */
  public static final class Builder {

    private URI baseUrl;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration requestTimeout = Duration.ofSeconds(10);
    private HttpClient httpClient;
    private Clock clock = Clock.systemUTC();
    private Duration refreshMargin = KeyholdSession.DEFAULT_REFRESH_MARGIN;

    private Builder() {}

    /** Where Keyhold answers, such as {@code https://id.example.com}; {@code /api/v1/...} is appended. */
    public Builder baseUrl(String baseUrl) {
      return baseUrl(URI.create(Objects.requireNonNull(baseUrl, "baseUrl")));
    }

    public Builder baseUrl(URI baseUrl) {
      Objects.requireNonNull(baseUrl, "baseUrl");
      if (!baseUrl.isAbsolute() || !("http".equals(baseUrl.getScheme()) || "https".equals(baseUrl.getScheme()))) {
        throw new IllegalArgumentException("baseUrl must be an absolute http or https URL: " + baseUrl);
      }
      if (baseUrl.getRawQuery() != null || baseUrl.getRawFragment() != null) {
        throw new IllegalArgumentException("baseUrl must have no query or fragment: " + baseUrl);
      }
      this.baseUrl = baseUrl;
      return this;
    }

    /** How long to wait for a connection (default 5 s); not used with {@link #httpClient(HttpClient)}. */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = positive(connectTimeout, "connectTimeout");
      return this;
    }

    /** How long to wait for each answer (default 10 s); then {@link KeyholdConnectionException}. */
    public Builder requestTimeout(Duration requestTimeout) {
      this.requestTimeout = positive(requestTimeout, "requestTimeout");
      return this;
    }

    /** The HttpClient to send with (proxies, TLS, executor); by default one of the client's own. */
    public Builder httpClient(HttpClient httpClient) {
      this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
      return this;
    }

    /** The clock sessions decide expiry by (default the system clock); for tests. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * How long before its access token expires a session refreshes it (default 30 s; at most half the token's
     * lifetime is used), so that a token handed out still has time to reach the server.
     */
    public Builder refreshMargin(Duration refreshMargin) {
      Objects.requireNonNull(refreshMargin, "refreshMargin");
      if (refreshMargin.isNegative()) {
        throw new IllegalArgumentException("refreshMargin must not be negative");
      }
      this.refreshMargin = refreshMargin;
      return this;
    }

    public KeyholdClient build() {
      return new KeyholdClient(this);
    }

    private static Duration positive(Duration value, String name) {
      Objects.requireNonNull(value, name);
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " must be positive");
      }
      return value;
    }
  }
}
