package dev.keyhold.identity.core;

import static dev.keyhold.identity.core.TestKeyhold.CLIENT;
import static dev.keyhold.identity.core.TestKeyhold.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.keyhold.adapter.memory.MemoryStores;
import dev.keyhold.identity.core.FailingProtectionStores.Operation;
import dev.keyhold.identity.core.protection.ProtectionSettings;
import dev.keyhold.identity.error.IdentityException;
import dev.keyhold.identity.error.InvalidCredentialsException;
import dev.keyhold.identity.error.StoreUnavailableException;
import dev.keyhold.identity.model.user.Email;
import dev.keyhold.identity.usecase.Authenticate;
import dev.keyhold.identity.usecase.RegisterAccount;
import dev.keyhold.identity.usecase.ResendVerification;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The protection stores down: failing closed refuses with store_unavailable, failing open lets requests through. */
class ProtectionOutageTest {

  private FailingProtectionStores failing;

  private TestKeyhold keyhold(boolean failOpen) {
    return new TestKeyhold(ProtectionSettings.defaults().withFailOpen(failOpen), stores -> {
      failing = new FailingProtectionStores(stores);
      return failing;
    });
  }

  private static IdentityException loginFailure(TestKeyhold t, String email, String password) {
    return catchThrowableOfType(IdentityException.class,
        () -> t.keyhold.accounts().login(new Authenticate.Command(email, password, CLIENT)));
  }

  @Test
  void failing_closed_refuses_protected_requests_before_any_work_and_recovers_by_itself() {
    TestKeyhold t = keyhold(false);
    t.registerAndVerify("grace@example.com");
    int verifications = t.hasher.verifications.get();
    int hashes = t.hasher.hashes.get();

    failing.failEverything();

    assertThat(loginFailure(t, "grace@example.com", PASSWORD)).isInstanceOf(StoreUnavailableException.class)
        .extracting(IdentityException::code).isEqualTo("store_unavailable");
    assertThatThrownBy(() -> t.register("ada@example.com")).isInstanceOf(StoreUnavailableException.class);
    assertThatThrownBy(() -> t.keyhold.accounts().resendVerification(
        new ResendVerification.Command("grace@example.com", CLIENT))).isInstanceOf(StoreUnavailableException.class);
    assertThat(t.hasher.verifications.get()).isEqualTo(verifications);
    assertThat(t.hasher.hashes.get()).isEqualTo(hashes);
    assertThat(t.stores.users().findByEmail(Email.parse("ada@example.com"))).isEmpty();
    assertThat(t.keyhold.isReady()).as("not ready while refusing").isFalse();

    failing.recover();

    assertThat(t.login("grace@example.com")).isNotNull();
    assertThat(t.keyhold.isReady()).isTrue();
  }

  @Test
  void failing_closed_refuses_a_wrong_password_whose_failure_cannot_be_counted() {
    TestKeyhold t = keyhold(false);
    t.registerAndVerify("grace@example.com");
    failing.fail(Operation.REPLACE);

    assertThat(loginFailure(t, "grace@example.com", "wrong password entirely"))
        .isInstanceOf(StoreUnavailableException.class);
  }

  @Test
  void a_correct_password_signs_in_even_when_the_counters_cannot_be_reset() {
    TestKeyhold t = keyhold(false);
    t.registerAndVerify("grace@example.com");
    loginFailure(t, "grace@example.com", "wrong password entirely");
    failing.fail(Operation.RESET);

    assertThat(t.login("grace@example.com")).isNotNull();

    failing.recover();
    assertThat(t.protection.lockouts().get("grace@example.com")).as("left to expire").isPresent();
  }

  @Test
  void failing_open_lets_requests_through_without_limits_or_lockout_and_stays_ready() {
    TestKeyhold t = keyhold(true);
    t.registerAndVerify("grace@example.com");

    failing.failEverything();

    for (int i = 0; i < 30; i++) {
      assertThat(loginFailure(t, "grace@example.com", "wrong password entirely"))
          .isInstanceOf(InvalidCredentialsException.class);
    }
    assertThat(t.login("grace@example.com")).isNotNull();
    for (int i = 0; i < 12; i++) {
      t.keyhold.accounts().register(new RegisterAccount.Command("user" + i + "@example.com", PASSWORD, null, CLIENT));
    }
    assertThat(t.stores.users().findByEmail(Email.parse("user11@example.com"))).isPresent();
    assertThat(t.keyhold.isReady()).as("an open failure keeps serving").isTrue();

    failing.recover();

    assertThat(t.protection.lockouts().get("grace@example.com")).as("nothing was counted").isEmpty();
    t.clock.advance(Duration.ofHours(1));
    assertThat(t.login("grace@example.com")).isNotNull();
  }

  @Test
  void keyhold_needs_protection_stores_and_says_which() {
    Keyhold.Builder builder = Keyhold.builder().stores(MemoryStores.create());

    assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("protection(MemoryProtectionStores.create())")
        .hasMessageContaining("RedisProtectionStores");
  }
}
