package dev.keyhold.identity.core.internal.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyhold.identity.model.token.RefreshToken;
import dev.keyhold.identity.model.token.SessionId;
import dev.keyhold.identity.model.token.TokenHash;
import dev.keyhold.identity.model.user.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RefreshRetryTest {

  private static final Instant USED = Instant.parse("2026-03-01T09:00:00Z");
  private final RefreshRetry minute = new RefreshRetry(Duration.ofMinutes(1));

  private static RefreshToken token(Instant usedAt, boolean superseded) {
    return new RefreshToken(UUID.randomUUID(), new SessionId(UUID.randomUUID()), new UserId(UUID.randomUUID()),
        new TokenHash("ab".repeat(32)), USED.minusSeconds(600), usedAt, superseded);
  }

  @Test
  void a_used_token_may_be_retried_until_the_grace_ends_and_not_after() {
    RefreshToken used = token(USED, false);

    assertThat(minute.allows(used, USED)).isTrue();
    assertThat(minute.allows(used, USED.plusSeconds(60))).isTrue();
    assertThat(minute.allows(used, USED.plusSeconds(60).plusNanos(1))).isFalse();
  }

  @Test
  void an_unused_or_superseded_token_is_never_a_retry_nor_is_anything_without_a_grace() {
    assertThat(minute.allows(token(null, false), USED)).isFalse();
    assertThat(minute.allows(token(USED, true), USED.plusSeconds(1))).isFalse();
    assertThat(new RefreshRetry(Duration.ZERO).allows(token(USED, false), USED)).isFalse();
    assertThatThrownBy(() -> new RefreshRetry(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
  }
}
