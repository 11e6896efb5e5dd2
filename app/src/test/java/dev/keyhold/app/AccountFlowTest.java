package dev.keyhold.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSObject;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The account and session flows end to end: the real server, the real core, real HTTP. */
class AccountFlowTest {

  private static final String PASSWORD = "correct horse battery staple";

  @RegisterExtension
  static final RunningServer server = new RunningServer();
  private static ApiClient api;
  private static CapturingMailer mail;

  @BeforeAll
  static void connect() {
    api = server.api();
    mail = server.mail();
  }

  @Test
  void a_user_registers_verifies_signs_in_refreshes_and_logs_out() throws ParseException {
    String email = "Ada.Lovelace@Example.com";
    ApiClient.Response registered = api.post("/api/v1/register",
        Map.of("email", email, "password", PASSWORD, "display_name", "Ada"));
    assertThat(registered.status()).isEqualTo(202);

    ApiClient.Response unverified = api.post("/api/v1/login", Map.of("email", email, "password", PASSWORD));
    assertThat(unverified.status()).isEqualTo(403);
    assertThat(unverified.text("code")).isEqualTo("email_not_verified");

    String verifyToken = mail.lastTokenSentTo(email);
    ApiClient.Response verified = api.post("/api/v1/verify-email", Map.of("token", verifyToken));
    assertThat(verified.status()).isEqualTo(200);
    assertThat(verified.body().get("email_verified").asBoolean()).isTrue();
    assertThat(api.post("/api/v1/verify-email", Map.of("token", verifyToken)).text("code"))
        .as("a verification link works once").isEqualTo("invalid_link_token");

    ApiClient.Response login = api.post("/api/v1/login",
        Map.of("email", "  ada.lovelace@EXAMPLE.com ", "password", PASSWORD));
    assertThat(login.status()).isEqualTo(200);
    assertThat(login.text("token_type")).isEqualTo("Bearer");
    assertThat(login.body().get("expires_in").asInt()).isEqualTo(900);
    assertThat(login.header("Cache-Control")).isEqualTo("no-store");
    String access = login.text("access_token");
    String refresh = login.text("refresh_token");

    JWSObject jwt = JWSObject.parse(access);
    assertThat(jwt.getHeader().getType().toString()).isEqualTo("at+jwt");
    Map<String, Object> claims = jwt.getPayload().toJSONObject();
    assertThat(claims).containsEntry("email", email).containsEntry("email_verified", true)
        .containsKeys("iss", "aud", "sub", "exp", "iat", "jti", "sid", "amr");
    JsonNode jwks = api.get("/.well-known/jwks.json", null).body();
    assertThat(jwks.get("keys").findValuesAsText("kid")).contains(jwt.getHeader().getKeyID());

    ApiClient.Response me = api.get("/api/v1/me", access);
    assertThat(me.status()).isEqualTo(200);
    assertThat(me.text("email")).isEqualTo(email);
    assertThat(me.text("display_name")).isEqualTo("Ada");
    assertThat(me.body().get("email_verified").asBoolean()).isTrue();

    ApiClient.Response rotated = api.post("/api/v1/refresh", Map.of("refresh_token", refresh));
    assertThat(rotated.status()).isEqualTo(200);
    String newRefresh = rotated.text("refresh_token");
    assertThat(newRefresh).isNotEqualTo(refresh);
    assertThat(api.get("/api/v1/me", rotated.text("access_token")).status()).isEqualTo(200);

    ApiClient.Response rotatedAgain = api.post("/api/v1/refresh", Map.of("refresh_token", newRefresh));
    assertThat(rotatedAgain.status()).isEqualTo(200);

    ApiClient.Response replay = api.post("/api/v1/refresh", Map.of("refresh_token", refresh));
    assertThat(replay.status()).isEqualTo(401);
    assertThat(replay.text("code")).isEqualTo("token_reused");
    ApiClient.Response afterReplay =
        api.post("/api/v1/refresh", Map.of("refresh_token", rotatedAgain.text("refresh_token")));
    assertThat(afterReplay.status()).as("the replay revoked the whole session").isEqualTo(401);
    assertThat(afterReplay.text("code")).isEqualTo("invalid_refresh_token");
    assertThat(api.get("/api/v1/me", access).status()).as("access tokens of a revoked session stop working")
        .isEqualTo(401);

    ApiClient.Response second = api.post("/api/v1/login", Map.of("email", email, "password", PASSWORD));
    assertThat(api.post("/api/v1/logout", Map.of("refresh_token", second.text("refresh_token"))).status())
        .isEqualTo(204);
    assertThat(api.post("/api/v1/refresh", Map.of("refresh_token", second.text("refresh_token"))).text("code"))
        .isEqualTo("invalid_refresh_token");
    ApiClient.Response meAfterLogout = api.get("/api/v1/me", second.text("access_token"));
    assertThat(meAfterLogout.status()).isEqualTo(401);
    assertThat(meAfterLogout.text("code")).isEqualTo("invalid_token");
  }

  @Test
  void logout_everywhere_ends_every_session_of_the_user() {
    String email = "many.sessions@example.com";
    String[] tokens = verifiedLogin(email);
    ApiClient.Response other = api.post("/api/v1/login", Map.of("email", email, "password", PASSWORD));

    ApiClient.Response all = api.post("/api/v1/logout-all", Map.of(), tokens[0]);
    assertThat(all.status()).isEqualTo(200);
    assertThat(all.body().get("revoked_sessions").asInt()).isEqualTo(2);
    assertThat(api.post("/api/v1/refresh", Map.of("refresh_token", other.text("refresh_token"))).status())
        .isEqualTo(401);
    assertThat(api.get("/api/v1/me", tokens[0]).status()).isEqualTo(401);
  }

  @Test
  void registering_a_taken_address_answers_like_a_new_one_and_tells_the_owner() {
    String email = "taken@example.com";
    ApiClient.Response first = api.post("/api/v1/register", Map.of("email", email, "password", PASSWORD));
    ApiClient.Response again = api.post("/api/v1/register",
        Map.of("email", "TAKEN@example.com", "password", "another long passphrase"));
    assertThat(again.status()).isEqualTo(first.status());
    assertThat(again.raw().body()).isEqualTo(first.raw().body());
    assertThat(mail.sentTo(email)).hasSize(2);
    assertThat(mail.sentTo(email).get(1).subject()).contains("Sign-up attempt");
  }

  @Test
  void unknown_email_wrong_password_and_unverified_wrong_password_fail_alike() {
    verifiedLogin("known@example.com");
    ApiClient.Response unknown = api.post("/api/v1/login",
        Map.of("email", "nobody@example.com", "password", PASSWORD));
    ApiClient.Response wrong = api.post("/api/v1/login",
        Map.of("email", "known@example.com", "password", "not the password at all"));
    assertThat(unknown.status()).isEqualTo(401);
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(unknown.text("code")).isEqualTo("invalid_credentials");
    for (String field : List.of("status", "code", "title", "detail", "type")) {
      assertThat(wrong.text(field)).as(field).isEqualTo(unknown.text(field));
    }
  }

  @Test
  void the_oauth2_token_endpoint_grants_by_password_and_by_refresh_token() {
    verifiedLogin("oauth.client@example.com");
    ApiClient.Response byPassword = api.postForm("/api/v1/token",
        "grant_type=password&username=oauth.client%40example.com&password=correct+horse+battery+staple");
    assertThat(byPassword.status()).isEqualTo(200);
    ApiClient.Response byRefresh = api.postForm("/api/v1/token",
        "grant_type=refresh_token&refresh_token=" + byPassword.text("refresh_token"));
    assertThat(byRefresh.status()).isEqualTo(200);
    assertThat(byRefresh.text("access_token")).isNotBlank();
    assertThat(api.postForm("/api/v1/token", "grant_type=refresh_token&refresh_token="
        + byRefresh.text("refresh_token")).status()).isEqualTo(200);
    ApiClient.Response reused = api.postForm("/api/v1/token",
        "grant_type=refresh_token&refresh_token=" + byPassword.text("refresh_token"));
    assertThat(reused.status()).isEqualTo(400);
    assertThat(reused.text("error")).isEqualTo("invalid_grant");
  }

  @Test
  void of_32_concurrent_refreshes_with_one_token_one_succeeds_or_two_with_a_retry() throws Exception {
    String refresh = verifiedLogin("racer@example.com")[1];
    List<Integer> statuses = concurrentRefreshes(refresh, 32);
    // one wins the rotation; one that read the token after the rotation may pass as its retry (REFRESH_RETRY_GRACE)
    assertThat(statuses).filteredOn(s -> s == 200).hasSizeBetween(1, 2);
    assertThat(statuses).filteredOn(s -> s == 401).hasSize(32 - (int) statuses.stream().filter(s -> s == 200).count());
  }

  @Test
  void of_64_concurrent_refreshes_on_postgresql_one_succeeds_and_a_later_replay_revokes_the_family()
      throws Exception {
    String refresh = verifiedLogin("racer64@example.com")[1];
    List<Integer> statuses = concurrentRefreshes(refresh, 64);
    assertThat(statuses).filteredOn(s -> s == 200).hasSizeBetween(1, 2);
    assertThat(statuses).filteredOn(s -> s == 401).hasSize(64 - (int) statuses.stream().filter(s -> s == 200).count());

    ApiClient.Response replay = api.post("/api/v1/refresh", Map.of("refresh_token", refresh));
    assertThat(replay.text("code")).isEqualTo("token_reused");
    String email = "racer64@example.com";
    ApiClient.Response again = api.post("/api/v1/login", Map.of("email", email, "password", PASSWORD));
    assertThat(again.status()).as("the account itself is unharmed").isEqualTo(200);
  }

  /** Sends {@code threads} refreshes with one token at once; returns their statuses. */
  @Test
  void a_refresh_whose_answer_was_lost_is_retried_with_the_same_token_and_the_unreceived_successor_is_a_reuse() {
    String refresh = verifiedLogin("retry@example.com")[1];
    ApiClient.Response lost = api.post("/api/v1/refresh", Map.of("refresh_token", refresh));
    assertThat(lost.status()).isEqualTo(200);

    ApiClient.Response retried = api.post("/api/v1/refresh", Map.of("refresh_token", refresh));
    assertThat(retried.status()).as(retried.toString()).isEqualTo(200);
    assertThat(api.get("/api/v1/me", retried.text("access_token")).status()).isEqualTo(200);
    ApiClient.Response next = api.post("/api/v1/refresh", Map.of("refresh_token", retried.text("refresh_token")));
    assertThat(next.status()).as("the retry's token rotates as any").isEqualTo(200);
    ApiClient.Response once = api.post("/api/v1/refresh", Map.of("refresh_token", refresh));
    assertThat(once.text("code")).as("a token is retried once, and only while its successor is unused")
        .isEqualTo("token_reused");

    String other = verifiedLogin("retry-theft@example.com")[1];
    ApiClient.Response first = api.post("/api/v1/refresh", Map.of("refresh_token", other));
    ApiClient.Response second = api.post("/api/v1/refresh", Map.of("refresh_token", other));
    assertThat(second.status()).isEqualTo(200);
    ApiClient.Response superseded = api.post("/api/v1/refresh", Map.of("refresh_token", first.text("refresh_token")));
    assertThat(superseded.status()).isEqualTo(401);
    assertThat(superseded.text("code")).as("two holders of one session: theft").isEqualTo("token_reused");
    assertThat(api.get("/api/v1/me", second.text("access_token")).status()).as("the session is revoked")
        .isEqualTo(401);
  }

  private static List<Integer> concurrentRefreshes(String refresh, int threads) throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        Callable<Integer> call = () -> {
          start.await();
          return api.post("/api/v1/refresh", Map.of("refresh_token", refresh)).status();
        };
        results.add(pool.submit(call));
      }
      start.countDown();
      List<Integer> statuses = new ArrayList<>();
      for (Future<Integer> result : results) {
        statuses.add(result.get());
      }
      return statuses;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Registers, verifies and logs in; returns the access and refresh tokens. */
  private static String[] verifiedLogin(String email) {
    assertThat(api.post("/api/v1/register", Map.of("email", email, "password", PASSWORD)).status()).isEqualTo(202);
    assertThat(api.post("/api/v1/verify-email", Map.of("token", mail.lastTokenSentTo(email))).status())
        .isEqualTo(200);
    ApiClient.Response login = api.post("/api/v1/login", Map.of("email", email, "password", PASSWORD));
    assertThat(login.status()).isEqualTo(200);
    return new String[] {login.text("access_token"), login.text("refresh_token")};
  }
}
