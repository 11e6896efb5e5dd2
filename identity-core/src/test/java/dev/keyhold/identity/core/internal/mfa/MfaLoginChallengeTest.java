package dev.keyhold.identity.core.internal.mfa;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyhold.identity.model.user.UserId;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MfaLoginChallengeTest {

  private static final UserId USER = new UserId(UUID.fromString("9fabd80a-ae92-4e78-95e7-2b9a8d5649c6"));

  @Test
  void a_challenge_keeps_its_first_factor() {
    MfaLogin.Challenge challenge =
        new MfaLogin.Challenge(USER, 2, Instant.ofEpochMilli(1_000), List.of("totp", "recovery_code"), "fed");

    assertThat(MfaLogin.Challenge.decode(challenge.encode())).contains(challenge);
  }

  @Test
  void a_challenge_stored_before_the_first_factor_was_kept_followed_a_password() {
    assertThat(MfaLogin.Challenge.decode(USER + " 1 1000 totp,recovery_code"))
        .contains(new MfaLogin.Challenge(USER, 1, Instant.ofEpochMilli(1_000), List.of("totp", "recovery_code"),
            "pwd"));
  }

  @Test
  void a_first_factor_that_is_not_one_is_no_challenge() {
    assertThat(MfaLogin.Challenge.decode(USER + " 0 1000 totp otp")).isEmpty();
    assertThat(MfaLogin.Challenge.decode(USER + " 0 1000 totp ")).isEmpty();
  }
}
