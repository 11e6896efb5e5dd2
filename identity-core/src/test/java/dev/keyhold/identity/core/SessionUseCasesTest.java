package dev.keyhold.identity.core;

import static dev.keyhold.identity.core.TestKeyhold.CLIENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyhold.identity.error.IdentityException;
import dev.keyhold.identity.error.InvalidTokenException;
import dev.keyhold.identity.error.TokenReusedException;
import dev.keyhold.identity.model.event.IdentityEvent;
import dev.keyhold.identity.model.token.AccessTokenClaims;
import dev.keyhold.identity.model.token.IssuedTokens;
import dev.keyhold.identity.model.user.Email;
import dev.keyhold.identity.model.user.UserId;
import dev.keyhold.identity.usecase.Logout;
import dev.keyhold.identity.usecase.LogoutEverywhere;
import dev.keyhold.identity.usecase.RotateRefreshToken;
import dev.keyhold.identity.usecase.Sessions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SessionUseCasesTest {

  private final TestKeyhold t = new TestKeyhold();
  private final Sessions sessions = t.keyhold.sessions();
  private IssuedTokens login;

  @BeforeEach
  void signIn() {
    t.registerAndVerify("grace@example.com");
    login = t.login("grace@example.com").tokens();
  }

  private IssuedTokens refresh(String token) {
    return sessions.refresh(new RotateRefreshToken.Command(token, CLIENT));
  }

  private String code(Runnable action) {
    try {
      action.run();
    } catch (IdentityException e) {
      return e.code();
    }
    throw new AssertionError("expected a rejection");
  }

  @Test
  void an_access_token_carries_the_session_and_the_user() {
    AccessTokenClaims claims = sessions.authenticate(login.accessToken());
    UserId user = t.stores.users().findByEmail(Email.parse("grace@example.com")).orElseThrow().id();
    assertThat(claims.subject()).isEqualTo(user.toString());
    assertThat(claims.sessionId()).isEqualTo(login.sessionId().toString());
    assertThat(claims.issuer()).isEqualTo("https://id.example.com");
    assertThat(claims.audience()).isEqualTo("keyhold");
    assertThat(claims.authMethods()).containsExactly("pwd");
    assertThat(claims.emailVerified()).isTrue();
    assertThat(claims.expiresAt()).isEqualTo(t.clock.instant().plus(Duration.ofMinutes(15)));
  }

  @Test
  void refreshing_rotates_the_refresh_token_within_the_same_session() {
    IssuedTokens next = refresh(login.refreshToken());
    assertThat(next.refreshToken()).isNotEqualTo(login.refreshToken());
    assertThat(next.sessionId()).isEqualTo(login.sessionId());
    assertThat(sessions.authenticate(next.accessToken()).sessionId()).isEqualTo(login.sessionId().toString());
  }

  @Test
  void replaying_a_rotated_refresh_token_after_its_successor_was_used_revokes_the_family() {
    IssuedTokens next = refresh(refresh(login.refreshToken()).refreshToken());

    assertThatThrownBy(() -> refresh(login.refreshToken())).isInstanceOf(TokenReusedException.class);

    assertThat(code(() -> refresh(next.refreshToken()))).isEqualTo("invalid_refresh_token");
    assertThat(code(() -> sessions.authenticate(next.accessToken()))).isEqualTo("invalid_token");
    assertThat(t.events).last().isInstanceOf(IdentityEvent.RefreshTokenReused.class);
    assertThat(t.stores.auditEvents()).anySatisfy(e -> assertThat(e.action()).isEqualTo("token.reuse_detected"));
  }

  @Test
  void a_refresh_whose_answer_was_lost_is_retried_with_the_used_token_and_the_session_goes_on() {
    refresh(login.refreshToken()); // done, but its answer never reached the client
    t.clock.advance(Duration.ofSeconds(59));

    IssuedTokens retried = refresh(login.refreshToken());

    assertThat(retried.sessionId()).isEqualTo(login.sessionId());
    assertThat(sessions.authenticate(retried.accessToken()).sessionId()).isEqualTo(login.sessionId().toString());
    IssuedTokens after = refresh(retried.refreshToken());
    assertThat(sessions.authenticate(after.accessToken()).sessionId()).isEqualTo(login.sessionId().toString());
    assertThat(t.stores.auditEvents()).filteredOn(e -> e.action().equals("token.refreshed"))
        .extracting(e -> e.details().get("retry")).containsExactly(null, "true", null);
    assertThat(t.events).noneMatch(IdentityEvent.RefreshTokenReused.class::isInstance);
  }

  @Test
  void the_successor_a_retry_superseded_is_a_reuse_and_revokes_the_family() {
    IssuedTokens stolenByTheFirstCaller = refresh(login.refreshToken());
    IssuedTokens retried = refresh(login.refreshToken());

    assertThatThrownBy(() -> refresh(stolenByTheFirstCaller.refreshToken())).isInstanceOf(TokenReusedException.class);

    assertThat(code(() -> refresh(retried.refreshToken()))).isEqualTo("invalid_refresh_token");
    assertThat(code(() -> sessions.authenticate(retried.accessToken()))).isEqualTo("invalid_token");
    assertThat(t.events).last().isInstanceOf(IdentityEvent.RefreshTokenReused.class);
  }

  @Test
  void a_used_token_is_retried_once_and_only_within_the_grace() {
    refresh(login.refreshToken());
    refresh(login.refreshToken());

    assertThatThrownBy(() -> refresh(login.refreshToken())).as("a second retry")
        .isInstanceOf(TokenReusedException.class);

    TestKeyhold late = new TestKeyhold();
    late.registerAndVerify("late@example.com");
    IssuedTokens first = late.login("late@example.com").tokens();
    Sessions lateSessions = late.keyhold.sessions();
    IssuedTokens unused = lateSessions.refresh(new RotateRefreshToken.Command(first.refreshToken(), CLIENT));
    late.clock.advance(Duration.ofSeconds(61));
    assertThatThrownBy(() -> lateSessions.refresh(new RotateRefreshToken.Command(first.refreshToken(), CLIENT)))
        .as("after the one-minute grace").isInstanceOf(TokenReusedException.class);
    assertThatThrownBy(() -> lateSessions.refresh(new RotateRefreshToken.Command(unused.refreshToken(), CLIENT)))
        .as("the family is revoked").isInstanceOf(InvalidTokenException.class);
  }

  @Test
  void with_no_grace_every_second_presentation_is_a_reuse() {
    TestKeyhold strict = new TestKeyhold(KeyholdSettings.builder("https://id.example.com")
        .refreshRetryGrace(Duration.ZERO).build(), TestKeyhold.FAST);
    strict.registerAndVerify("strict@example.com");
    IssuedTokens first = strict.login("strict@example.com").tokens();
    Sessions strictSessions = strict.keyhold.sessions();
    strictSessions.refresh(new RotateRefreshToken.Command(first.refreshToken(), CLIENT));

    assertThatThrownBy(() -> strictSessions.refresh(new RotateRefreshToken.Command(first.refreshToken(), CLIENT)))
        .isInstanceOf(TokenReusedException.class);
  }

  @Test
  void rotation_never_extends_the_absolute_session_lifetime() {
    IssuedTokens current = login;
    for (int day = 0; day < 29; day++) {
      t.clock.advance(Duration.ofDays(1));
      current = refresh(current.refreshToken());
    }
    t.clock.advance(Duration.ofDays(1));
    String last = current.refreshToken();
    assertThat(code(() -> refresh(last))).isEqualTo("invalid_refresh_token");
  }

  @Test
  void an_unknown_or_malformed_refresh_token_is_rejected() {
    assertThat(code(() -> refresh("not-a-token"))).isEqualTo("invalid_refresh_token");
    assertThat(code(() -> refresh(""))).isEqualTo("invalid_refresh_token");
    assertThat(code(() -> refresh("x".repeat(10_000)))).isEqualTo("invalid_refresh_token");
  }

  @Test
  void a_disabled_user_cannot_refresh() {
    UserId user = t.stores.users().findByEmail(Email.parse("grace@example.com")).orElseThrow().id();
    t.stores.users().updateStatus(user, dev.keyhold.identity.model.user.UserStatus.DISABLED, t.clock.instant());
    assertThat(code(() -> refresh(login.refreshToken()))).isEqualTo("invalid_refresh_token");
  }

  @Test
  void logout_ends_the_session_and_is_silent_about_unknown_tokens() {
    sessions.logout(new Logout.Command(login.refreshToken(), CLIENT));
    sessions.logout(new Logout.Command(login.refreshToken(), CLIENT));
    sessions.logout(new Logout.Command("unknown", CLIENT));

    assertThat(code(() -> refresh(login.refreshToken()))).isEqualTo("invalid_refresh_token");
    assertThat(code(() -> sessions.authenticate(login.accessToken()))).isEqualTo("invalid_token");
    assertThat(t.events).filteredOn(e -> e instanceof IdentityEvent.SessionRevoked).hasSize(1);
  }

  @Test
  void logout_everywhere_ends_only_that_users_sessions() {
    IssuedTokens second = t.login("grace@example.com").tokens();
    t.registerAndVerify("other@example.com");
    IssuedTokens other = t.login("other@example.com").tokens();
    UserId grace = t.stores.users().findByEmail(Email.parse("grace@example.com")).orElseThrow().id();

    int ended = sessions.logoutEverywhere(new LogoutEverywhere.Command(grace, CLIENT));

    assertThat(ended).isEqualTo(2);
    for (IssuedTokens tokens : List.of(login, second)) {
      assertThat(code(() -> refresh(tokens.refreshToken()))).isEqualTo("invalid_refresh_token");
    }
    assertThat(refresh(other.refreshToken()).accessToken()).isNotBlank();
  }

  @Test
  void an_access_token_stops_working_when_it_expires() {
    t.clock.advance(Duration.ofMinutes(15));
    assertThatThrownBy(() -> sessions.authenticate(login.accessToken()))
        .isInstanceOf(InvalidTokenException.class);
  }

  @Test
  void the_public_key_set_publishes_the_signing_key_without_private_parts() {
    @SuppressWarnings("unchecked")
    List<java.util.Map<String, Object>> keys = (List<java.util.Map<String, Object>>) sessions.jwks().get("keys");
    assertThat(keys).isNotEmpty();
    assertThat(keys).allSatisfy(key -> assertThat(key).containsKeys("kid", "alg", "kty")
        .doesNotContainKeys("d", "p", "q", "dp", "dq", "qi"));
  }
}
