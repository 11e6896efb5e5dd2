package dev.keyhold.identity.model.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyhold.identity.error.InvalidTokenException;
import dev.keyhold.identity.model.ClientInfo;
import dev.keyhold.identity.model.token.AccessTokenClaims;
import dev.keyhold.identity.model.token.SessionId;
import dev.keyhold.identity.model.user.UserId;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class ActorTest {

  private static final String USER = "3f2b8c1e-6a4d-4e8f-9b1a-2c3d4e5f6a7b";
  private static final String SESSION = "0d0d0000-0000-4000-8000-00000000000d";
  private static final ClientInfo CLIENT = new ClientInfo("203.0.113.7", "curl/8", "req-1");

  @Test
  void an_actor_from_claims_is_the_subject_in_the_session_of_the_token() {
    Actor actor = Actor.from(claims(USER, SESSION), CLIENT);

    assertThat(actor).isEqualTo(
        new Actor(new UserId(UUID.fromString(USER)), new SessionId(UUID.fromString(SESSION)), CLIENT));
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", "not-a-uuid", "3F2B8C1E-6A4D-4E8F-9B1A-2C3D4E5F6A7", "1-2-3-4-5"})
  void a_session_id_that_is_not_a_canonical_uuid_is_an_invalid_token(String sid) {
    assertThatThrownBy(() -> Actor.from(claims(USER, sid), CLIENT))
        .isInstanceOfSatisfying(InvalidTokenException.class, e -> {
          assertThat(e.code()).isEqualTo("invalid_token");
          assertThat(e.reason()).isEqualTo("malformed_sid");
        });
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "ada@example.io", "1-2-3-4-5", "{3f2b8c1e-6a4d-4e8f-9b1a-2c3d4e5f6a7b}"})
  void a_subject_that_is_not_a_canonical_uuid_is_an_invalid_token(String sub) {
    assertThatThrownBy(() -> Actor.from(claims(sub, SESSION), CLIENT))
        .isInstanceOfSatisfying(InvalidTokenException.class, e -> {
          assertThat(e.code()).isEqualTo("invalid_token");
          assertThat(e.reason()).isEqualTo("malformed_sub");
        });
  }

  @Test
  void upper_case_ids_are_canonical_too() {
    Actor actor = Actor.from(claims(USER.toUpperCase(), SESSION.toUpperCase()), CLIENT);

    assertThat(actor.userId().value()).isEqualTo(UUID.fromString(USER));
    assertThat(actor.sessionId().value()).isEqualTo(UUID.fromString(SESSION));
  }

  private static AccessTokenClaims claims(String subject, String sessionId) {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    return new AccessTokenClaims("https://id.example.com", "https://id.example.com", subject, now,
        now.plusSeconds(900), "jti-1", sessionId, List.of(), List.of("pwd"), "ada@example.io", true, null);
  }
}
