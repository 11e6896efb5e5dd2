package dev.keyhold.identity.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SigningKeysTest {

  private static final SigningKey ACTIVE = SigningKey.generate(SigningAlgorithm.EdDSA);
  private static final SigningKey NEXT = SigningKey.generate(SigningAlgorithm.EdDSA);
  private static final SigningKey RETIRED = SigningKey.generate(SigningAlgorithm.ES256);

  @Test
  void holds_one_active_key_and_further_published_keys() {
    SigningKeys keys = SigningKeys.of(ACTIVE, NEXT, RETIRED);

    assertThat(keys.active()).isEqualTo(ACTIVE);
    assertThat(keys.published()).containsExactly(NEXT, RETIRED);
    assertThat(keys.all()).containsExactly(ACTIVE, NEXT, RETIRED);
  }

  @Test
  void finds_keys_by_kid() {
    SigningKeys keys = SigningKeys.of(ACTIVE, RETIRED);

    assertThat(keys.find(ACTIVE.kid())).contains(ACTIVE);
    assertThat(keys.find(RETIRED.kid())).contains(RETIRED);
    assertThat(keys.find(NEXT.kid())).isEmpty();
    assertThat(keys.find(null)).isEmpty();
  }

  @Test
  void refuses_two_keys_with_one_kid() {
    SigningKey copy = SigningKey.fromPrivateJwkJson(ACTIVE.toPrivateJwkJson());

    assertThatThrownBy(() -> SigningKeys.of(ACTIVE, copy)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SigningKeys.of(ACTIVE, NEXT, NEXT)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void is_immutable() {
    SigningKeys keys = SigningKeys.of(ACTIVE, NEXT);

    assertThatThrownBy(() -> keys.published().add(RETIRED)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> keys.all().clear()).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void generates_a_set_of_one_fresh_key() {
    SigningKeys keys = SigningKeys.generate(SigningAlgorithm.ES256);

    assertThat(keys.active().algorithm()).isEqualTo(SigningAlgorithm.ES256);
    assertThat(keys.published()).isEmpty();
    assertThat(SigningKeys.generate(SigningAlgorithm.ES256).active().kid()).isNotEqualTo(keys.active().kid());
  }

  @Test
  void prints_only_key_ids() {
    assertThat(SigningKeys.of(ACTIVE, NEXT).toString())
        .isEqualTo("SigningKeys[active=" + ACTIVE.kid() + ", published=[" + NEXT.kid() + "]]");
  }
}
