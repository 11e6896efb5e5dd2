package dev.keyhold.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keyhold.client.InvalidAccessTokenException;
import dev.keyhold.client.InsufficientScopeException;
import dev.keyhold.client.Invitation;
import dev.keyhold.client.KeyholdApiException;
import dev.keyhold.client.KeyholdClient;
import dev.keyhold.client.KeyholdConnectionException;
import dev.keyhold.client.KeyholdSession;
import dev.keyhold.client.KeyholdTokenVerifier;
import dev.keyhold.client.LoginResult;
import dev.keyhold.client.Member;
import dev.keyhold.client.Organization;
import dev.keyhold.client.OrganizationToken;
import dev.keyhold.client.Profile;
import dev.keyhold.client.Tokens;
import dev.keyhold.client.VerifiedToken;
import dev.keyhold.identity.testkit.MutableClock;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Java client SDK (identity-client) end to end against the real server on PostgreSQL: every flow through
 * {@link KeyholdClient}, a {@link KeyholdSession} refreshing once for many threads, and {@link KeyholdTokenVerifier}
 * checking the server's real tokens with the keys it publishes.
 */
class ClientFlowTest {

  private static final String PASSWORD = "correct horse battery staple";
  private static final String ADMIN_EMAIL = "root@client.example.com";
  private static final String ISSUER = "http://keyhold.test"; // TestDatabase's PUBLIC_URL

  @RegisterExtension
  static final RunningServer server = new RunningServer(Map.of(
      "BOOTSTRAP_ADMIN_EMAIL", ADMIN_EMAIL, "BOOTSTRAP_ADMIN_PASSWORD", PASSWORD,
      "ARGON2_MEMORY_KIB", "8192", "ARGON2_ITERATIONS", "1",
      "RATE_LIMIT_LOGIN_ACCOUNT", "100000/1m", "RATE_LIMIT_MFA_ACCOUNT", "100000/1m",
      "RATE_LIMIT_RESET_IP", "100000/1m"));

  private static KeyholdClient client;
  private static CapturingMailer mail;

  @BeforeAll
  static void connect() {
    client = KeyholdClient.builder().baseUrl("http://127.0.0.1:" + server.port()).build();
    mail = server.mail();
  }

  @Test
  void a_user_registers_verifies_signs_in_refreshes_changes_the_password_and_logs_out() {
    String email = "ada@client.example.com";
    client.register(email, PASSWORD, "Ada");
    assertThatThrownBy(() -> client.login(email, PASSWORD)).isInstanceOfSatisfying(KeyholdApiException.class,
        e -> assertThat(e.code()).isEqualTo("email_not_verified"));
    client.resendVerification(email);
    client.verifyEmail(mail.lastTokenSentTo(email));

    Tokens tokens = signedIn(client.login(email, PASSWORD));
    assertThat(tokens.tokenType()).isEqualTo("Bearer");
    assertThat(tokens.expiresIn()).isEqualTo(Duration.ofMinutes(15));
    Profile me = client.me(tokens.accessToken());
    assertThat(me.email()).isEqualTo(email);
    assertThat(me.displayName()).isEqualTo("Ada");
    assertThat(me.emailVerified()).isTrue();
    assertThat(me.mfaEnabled()).isFalse();
    assertThat(me.status()).isEqualTo("active");

    Tokens rotated = client.refresh(tokens.refreshToken());
    assertThat(rotated.refreshToken()).isNotEqualTo(tokens.refreshToken());
    assertThat(client.me(rotated.accessToken()).id()).isEqualTo(me.id());

    Tokens other = signedIn(client.login(email, PASSWORD));
    String newPassword = "a brand new passphrase";
    assertThat(client.changePassword(rotated.accessToken(), PASSWORD, newPassword)).isEqualTo(1);
    assertThatThrownBy(() -> client.refresh(other.refreshToken())).as("the other session ended")
        .isInstanceOfSatisfying(KeyholdApiException.class,
            e -> assertThat(e.code()).isEqualTo("invalid_refresh_token"));
    assertThat(client.me(rotated.accessToken()).id()).as("the caller's own session goes on").isEqualTo(me.id());

    client.logout(rotated.refreshToken());
    assertThatThrownBy(() -> client.me(rotated.accessToken())).isInstanceOfSatisfying(KeyholdApiException.class,
        e -> {
          assertThat(e.status()).isEqualTo(401);
          assertThat(e.code()).isEqualTo("invalid_token");
        });

    Tokens again = signedIn(client.login(email, newPassword));
    signedIn(client.login(email, newPassword));
    assertThat(client.logoutEverywhere(again.accessToken())).isEqualTo(2);
  }

  @Test
  void a_forgotten_password_is_reset_through_the_mailed_link() {
    String email = "forgetful@client.example.com";
    signUp(email);
    client.requestPasswordReset(email);
    client.requestPasswordReset("nobody@client.example.com"); // answers alike
    String newPassword = "remembered at last";
    client.resetPassword(mail.lastTokenSentTo(email), newPassword);

    assertThat(signedIn(client.login(email, newPassword)).accessToken()).isNotBlank();
    assertThatThrownBy(() -> client.login(email, PASSWORD)).isInstanceOf(KeyholdApiException.class);
  }

  @Test
  void refusals_come_back_as_problems_with_code_status_and_request_id() {
    String email = "refused@client.example.com";
    Tokens tokens = signUp(email);

    assertThatThrownBy(() -> client.login(email, "not the password"))
        .isInstanceOfSatisfying(KeyholdApiException.class, e -> {
          assertThat(e.code()).isEqualTo("invalid_credentials");
          assertThat(e.status()).isEqualTo(401);
          assertThat(e.requestId()).hasValueSatisfying(id -> assertThat(id).isNotBlank());
          assertThat(e.detail()).isNotBlank();
          assertThat(e.getMessage()).doesNotContain("not the password");
        });
    assertThatThrownBy(() -> client.register("not an address", PASSWORD, null))
        .isInstanceOfSatisfying(KeyholdApiException.class, e -> {
          assertThat(e.code()).isEqualTo("validation_failed");
          assertThat(e.errors()).extracting(KeyholdApiException.FieldError::field).contains("email");
        });
    assertThatThrownBy(() -> client.verifyEmail("no-such-link")).isInstanceOfSatisfying(KeyholdApiException.class,
        e -> assertThat(e.code()).isEqualTo("invalid_link_token"));

    Tokens rotated = client.refresh(client.refresh(tokens.refreshToken()).refreshToken());
    assertThatThrownBy(() -> client.refresh(tokens.refreshToken()))
        .isInstanceOfSatisfying(KeyholdApiException.class, e -> {
          assertThat(e.code()).isEqualTo("token_reused");
          assertThat(e.getMessage()).doesNotContain(tokens.refreshToken());
        });
    assertThatThrownBy(() -> client.me(rotated.accessToken())).as("the replay ended the session")
        .isInstanceOf(KeyholdApiException.class);
  }

  @Test
  void a_two_factor_login_completes_with_a_code_or_a_recovery_code() {
    String email = "grace@client.example.com";
    Tokens first = signUp(email);
    ApiClient api = server.api();
    ApiClient.Response started = api.post("/api/v1/me/mfa/totp", Map.of("current_password", PASSWORD),
        first.accessToken());
    Authenticator app = new Authenticator(started.text("secret"));
    ApiClient.Response confirmed = api.post("/api/v1/me/mfa/totp/confirm", Map.of("code", app.nextCode()),
        first.accessToken());
    String recoveryCode = confirmed.body().get("recovery_codes").get(0).asText();

    LoginResult challenge = client.login(email, PASSWORD);
    assertThat(challenge).isInstanceOf(LoginResult.TwoFactorRequired.class);
    LoginResult.TwoFactorRequired required = (LoginResult.TwoFactorRequired) challenge;
    assertThat(required.methods()).containsExactly("totp", "recovery_code");
    assertThat(required.toString()).doesNotContain(required.mfaToken());
    assertThatThrownBy(() -> client.completeLogin(required.mfaToken(), app.wrongCode()))
        .isInstanceOfSatisfying(KeyholdApiException.class, e -> assertThat(e.code()).isEqualTo("invalid_mfa_code"));
    Tokens withCode = client.completeLogin(required.mfaToken(), app.nextCode());

    VerifiedToken verified = jwksVerifier().build().verify(withCode.accessToken());
    assertThat(verified.authMethods()).containsExactly("pwd", "otp");
    assertThat(verified.passedSecondFactor()).isTrue();
    assertThat(client.me(withCode.accessToken()).mfaEnabled()).isTrue();

    LoginResult.TwoFactorRequired again = (LoginResult.TwoFactorRequired) client.login(email, PASSWORD);
    Tokens withRecovery = client.completeLoginWithRecoveryCode(again.mfaToken(), recoveryCode);
    assertThat(jwksVerifier().build().verify(withRecovery.accessToken()).authMethods()).containsExactly("pwd", "mfa");
  }

  @Test
  void an_owner_creates_an_organization_invites_a_member_who_accepts_and_gets_an_organization_token() {
    Tokens owner = signUp("owner@acme.client.example.com");
    Organization acme = client.createOrganization(owner.accessToken(), "Acme Client", null);
    assertThat(acme.slug()).isEqualTo("acme-client");
    assertThat(acme.role()).isEqualTo("owner");
    assertThat(client.organizations(owner.accessToken())).extracting(Organization::id).containsExactly(acme.id());

    String inviteeEmail = "bob@acme.client.example.com";
    Tokens invitee = signUp(inviteeEmail);
    Invitation invitation = client.invite(owner.accessToken(), acme.id(), inviteeEmail, "member",
        Duration.ofDays(2));
    assertThat(invitation.status()).isEqualTo("pending");
    assertThat(invitation.role()).isEqualTo("member");
    Organization joined = client.acceptInvitation(invitee.accessToken(), mail.lastTokenSentTo(inviteeEmail));
    assertThat(joined.id()).isEqualTo(acme.id());
    assertThat(joined.role()).isEqualTo("member");

    List<Member> members = client.members(owner.accessToken(), acme.id());
    assertThat(members).extracting(Member::email)
        .containsExactlyInAnyOrder("owner@acme.client.example.com", inviteeEmail);

    OrganizationToken orgToken = client.organizationToken(owner.accessToken(), acme.id());
    assertThat(orgToken.orgId()).isEqualTo(acme.id());
    assertThat(orgToken.scopes()).contains("members:read", "org:delete");
    VerifiedToken verified = jwksVerifier().build().verify(orgToken.accessToken());
    assertThat(verified.requireOrganization(acme.id()).requireScope("members:read").scopes())
        .containsExactlyInAnyOrderElementsOf(orgToken.scopes());

    VerifiedToken memberToken = jwksVerifier().build()
        .verify(client.organizationToken(invitee.accessToken(), acme.id()).accessToken());
    assertThatThrownBy(() -> memberToken.requireScope("org:delete")).isInstanceOf(InsufficientScopeException.class);
    assertThatThrownBy(() -> client.members(invitee.accessToken(), "00000000-0000-0000-0000-000000000000"))
        .isInstanceOfSatisfying(KeyholdApiException.class, e -> assertThat(e.status()).isEqualTo(404));
  }

  @Test
  void a_refresh_whose_answer_is_lost_on_the_way_is_retried_by_the_session_which_lives_on() {
    Tokens tokens = signUp("lossy@client.example.com");
    MutableClock clock = new MutableClock(Instant.now());
    try (AnswerDroppingProxy proxy = AnswerDroppingProxy.to(server.port())) {
      KeyholdClient viaProxy = KeyholdClient.builder().baseUrl("http://127.0.0.1:" + proxy.port()).clock(clock)
          .build();
      KeyholdSession session = viaProxy.session(tokens);
      clock.advance(Duration.ofMinutes(15)); // the access token is due
      proxy.dropNextAnswer();

      assertThatThrownBy(session::accessToken).isInstanceOf(KeyholdConnectionException.class);
      assertThat(proxy.dropped()).as("the server rotated the token and answered; the answer was lost")
          .singleElement().satisfies(status -> assertThat(status).startsWith("HTTP/1.1 200"));
      assertThat(session.refreshToken()).as("the session kept the token it sent").isEqualTo(tokens.refreshToken());

      String access = session.accessToken();

      assertThat(access).isNotEqualTo(tokens.accessToken());
      assertThat(session.refreshToken()).isNotEqualTo(tokens.refreshToken());
      assertThat(session.isEnded()).isFalse();
      assertThat(session.me().email()).isEqualTo("lossy@client.example.com");
    }
  }

  @Test
  void many_threads_needing_a_token_at_once_cause_one_refresh_and_the_session_lives_on() throws Exception {
    String email = "busy@client.example.com";
    Tokens tokens = signUp(email);
    MutableClock clock = new MutableClock(Instant.now());
    KeyholdClient clocked = KeyholdClient.builder().baseUrl("http://127.0.0.1:" + server.port()).clock(clock)
        .build();
    KeyholdSession session = clocked.session(tokens);
    String userId = session.me().id();
    assertThat(session.accessToken()).isEqualTo(tokens.accessToken());

    clock.advance(Duration.ofMinutes(15)); // the access token is due: every thread below wants a new one
    int threads = 24;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    Set<String> handedOut = new HashSet<>();
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        results.add(pool.submit((Callable<String>) () -> {
          start.await();
          return session.accessToken();
        }));
      }
      start.countDown();
      for (Future<String> result : results) {
        handedOut.add(result.get(30, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(handedOut).hasSize(1).doesNotContain(tokens.accessToken());
    assertThat(session.refreshToken()).isNotEqualTo(tokens.refreshToken());
    assertThat(refreshesOf(userId)).as("one refresh for %s threads", threads).isEqualTo(1);
    assertThat(session.me().id()).as("no reuse was detected: the session lives").isEqualTo(userId);
    assertThat(session.isEnded()).isFalse();

    clock.advance(Duration.ofMinutes(15));
    assertThat(session.accessToken()).isNotIn(handedOut);
    assertThat(refreshesOf(userId)).isEqualTo(2);
    String last = session.refreshToken();
    session.logout();
    assertThat(session.isEnded()).isTrue();
    assertThatThrownBy(session::accessToken).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> client.refresh(last)).as("the logout ended it at the server")
        .isInstanceOfSatisfying(KeyholdApiException.class,
            e -> assertThat(e.code()).isEqualTo("invalid_refresh_token"));
  }

  @Test
  void the_verifier_accepts_the_servers_tokens_with_its_published_keys_and_refuses_others() {
    Tokens tokens = signUp("resource@client.example.com");
    KeyholdTokenVerifier verifier = jwksVerifier().algorithms("RS256").build();

    VerifiedToken verified = verifier.verify(tokens.accessToken());
    assertThat(verified.subject()).isEqualTo(client.me(tokens.accessToken()).id());
    assertThat(verified.sessionId()).isNotBlank();
    assertThat(verified.authMethods()).containsExactly("pwd");
    assertThat(verified.email()).isEqualTo("resource@client.example.com");
    assertThat(verified.organization()).isEmpty();
    assertThat(verifier.keyFetches()).isEqualTo(1);

    String[] parts = tokens.accessToken().split("\\.");
    String tampered = parts[0] + "." + parts[1].substring(0, parts[1].length() - 2) + "fQ." + parts[2];
    assertThatThrownBy(() -> verifier.verify(tampered)).isInstanceOf(InvalidAccessTokenException.class);
    assertRejected(jwksVerifier().audience("another-api").build(), tokens.accessToken(), "bad_audience");
    assertRejected(KeyholdTokenVerifier.forJwks(jwksUri(), "http://impostor.test").build(), tokens.accessToken(),
        "bad_issuer");
    Clock later = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(16));
    assertRejected(jwksVerifier().clock(later).build(), tokens.accessToken(), "expired");
    assertRejected(jwksVerifier().algorithms("ES256").build(), tokens.accessToken(), "bad_alg");
    assertThat(verifier.keyFetches()).as("nothing above needed another fetch").isEqualTo(1);
  }

  // ---- helpers

  private static KeyholdTokenVerifier.Builder jwksVerifier() {
    return KeyholdTokenVerifier.forJwks(jwksUri(), ISSUER);
  }

  private static URI jwksUri() {
    return URI.create("http://127.0.0.1:" + server.port() + "/.well-known/jwks.json");
  }

  private static void assertRejected(KeyholdTokenVerifier verifier, String token, String reason) {
    assertThatThrownBy(() -> verifier.verify(token)).isInstanceOfSatisfying(InvalidAccessTokenException.class,
        e -> assertThat(e.reason()).isEqualTo(reason));
  }

  private static Tokens signUp(String email) {
    client.register(email, PASSWORD, null);
    client.verifyEmail(mail.lastTokenSentTo(email));
    return signedIn(client.login(email, PASSWORD));
  }

  private static Tokens signedIn(LoginResult result) {
    assertThat(result).isInstanceOf(LoginResult.SignedIn.class);
    return ((LoginResult.SignedIn) result).tokens();
  }

  /** How many refreshes of {@code userId}'s sessions the audit log holds. */
  private static int refreshesOf(String userId) {
    Tokens admin = signedIn(client.login(ADMIN_EMAIL, PASSWORD));
    JsonNode events = server.api().get("/api/v1/admin/audit?action=token.refreshed&actor="
        + URLEncoder.encode(userId, StandardCharsets.UTF_8), admin.accessToken()).body().get("items");
    return events.size();
  }
}
