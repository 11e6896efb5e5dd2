package dev.keyhold.identity.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyhold.adapter.memory.MemoryProtectionStores;
import dev.keyhold.adapter.memory.MemoryStores;
import dev.keyhold.identity.core.crypto.Argon2Parameters;
import dev.keyhold.identity.core.crypto.Argon2idPasswordHasher;
import dev.keyhold.identity.core.crypto.BoundedPasswordHasher;
import dev.keyhold.identity.core.crypto.HashingLimits;
import dev.keyhold.identity.core.crypto.SigningAlgorithm;
import dev.keyhold.identity.core.crypto.SigningKeys;
import dev.keyhold.identity.error.OverloadedException;
import dev.keyhold.identity.model.ClientInfo;
import dev.keyhold.identity.testkit.Eventually;
import dev.keyhold.identity.testkit.GatedPasswordHasher;
import dev.keyhold.identity.usecase.Accounts;
import dev.keyhold.identity.usecase.Authenticate;
import dev.keyhold.identity.usecase.RegisterAccount;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Embedders get the hashing bound from the builder, whatever hasher they give it. */
class KeyholdHashingBoundTest {

  private static final ClientInfo CLIENT = new ClientInfo("203.0.113.7", "test-agent", "req-1");
  private static final String PASSWORD = "correct horse battery staple";

  @Test
  void the_builder_bounds_the_default_hasher_by_the_processors() {
    Keyhold keyhold = builder().build();

    assertThat(keyhold.passwordHashing().limits()).isEqualTo(HashingLimits.defaults());
  }

  @Test
  void a_given_hasher_is_bounded_too_and_logins_beyond_the_bound_are_refused() {
    GatedPasswordHasher gated = new GatedPasswordHasher(
        Argon2idPasswordHasher.withParameters(new Argon2Parameters(1024, 1, 1)));
    Keyhold keyhold = builder().passwordHasher(gated)
        .hashingLimits(new HashingLimits(1, 0, Duration.ofSeconds(10))).build();
    Accounts accounts = keyhold.accounts();
    accounts.register(new RegisterAccount.Command("ada@example.com", PASSWORD, "Ada", CLIENT));
    gated.hold();
    CompletableFuture<?> held = CompletableFuture.runAsync(() -> accounts.login(
        new Authenticate.Command("ada@example.com", "a wrong password", CLIENT)));
    Eventually.await(Duration.ofSeconds(10), () -> gated.inside() == 1);

    assertThatThrownBy(() -> accounts.login(new Authenticate.Command("ada@example.com", PASSWORD, CLIENT)))
        .isInstanceOf(OverloadedException.class);
    assertThatThrownBy(() -> accounts.login(new Authenticate.Command("nobody@example.com", PASSWORD, CLIENT)))
        .isInstanceOf(OverloadedException.class);
    assertThat(keyhold.passwordHashing().refused()).isEqualTo(2);
    gated.open();
    assertThat(held).failsWithin(Duration.ofSeconds(10));
    assertThatThrownBy(() -> builder().passwordHasher(
        BoundedPasswordHasher.bound(gated, HashingLimits.of(1)))).isInstanceOf(IllegalArgumentException.class);
  }

  private static Keyhold.Builder builder() {
    return Keyhold.builder()
        .stores(MemoryStores.create())
        .protection(MemoryProtectionStores.create())
        .settings(KeyholdSettings.builder("https://id.example.com").requireVerifiedEmail(false).build())
        .signingKeys(SigningKeys.generate(SigningAlgorithm.RS256));
  }
}
