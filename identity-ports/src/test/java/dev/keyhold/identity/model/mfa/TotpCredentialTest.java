package dev.keyhold.identity.model.mfa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyhold.identity.model.user.UserId;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TotpCredentialTest {

  private static final UserId USER = new UserId(UUID.fromString("3f2b8c1e-6a4d-4e8f-9b1a-2c3d4e5f6a7b"));
  private static final Instant T0 = Instant.parse("2026-01-02T03:04:05.123456Z");
  private static final String SEALED = "v1.sealed-secret-7f3a9c";

  @Test
  void to_string_never_shows_the_sealed_secret_but_shows_the_rest() {
    TotpCredential credential = new TotpCredential(USER, SEALED, T0, T0.plusSeconds(30), 59_000_001L);

    assertThat(credential.toString())
        .doesNotContain(SEALED)
        .doesNotContain("sealed-secret")
        .contains("sealedSecret=***", USER.toString(), T0.toString(), "59000001");
  }

  @Test
  void a_pending_credential_is_not_confirmed_and_has_used_no_step() {
    TotpCredential pending = TotpCredential.pending(USER, SEALED, T0);

    assertThat(pending.confirmed()).isFalse();
    assertThat(pending.confirmedAt()).isNull();
    assertThat(pending.lastUsedStep()).isNull();
    assertThat(pending.toString()).doesNotContain(SEALED);
  }

  @Test
  void a_sealed_secret_is_one_to_the_maximum_number_of_characters() {
    assertThat(TotpCredential.pending(USER, "x".repeat(TotpCredential.MAX_SEALED_LENGTH), T0).sealedSecret())
        .hasSize(TotpCredential.MAX_SEALED_LENGTH);
    assertThatThrownBy(() -> TotpCredential.pending(USER, "", T0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TotpCredential.pending(USER, "x".repeat(TotpCredential.MAX_SEALED_LENGTH + 1), T0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("xxx");
    assertThatThrownBy(() -> TotpCredential.pending(USER, null, T0)).isInstanceOf(NullPointerException.class);
  }
}
