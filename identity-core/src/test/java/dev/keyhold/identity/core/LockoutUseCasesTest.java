package dev.keyhold.identity.core;

import static dev.keyhold.identity.core.TestKeyhold.CLIENT;
import static dev.keyhold.identity.core.TestKeyhold.PASSWORD;
import static dev.keyhold.identity.core.TestKeyhold.clientAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.keyhold.identity.error.EmailNotVerifiedException;
import dev.keyhold.identity.error.IdentityException;
import dev.keyhold.identity.error.InvalidCredentialsException;
import dev.keyhold.identity.error.TooManyRequestsException;
import dev.keyhold.identity.model.ClientInfo;
import dev.keyhold.identity.model.audit.AuditEvent;
import dev.keyhold.identity.model.user.Email;
import dev.keyhold.identity.model.user.UserStatus;
import dev.keyhold.identity.spi.LockoutStore;
import dev.keyhold.identity.usecase.Authenticate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Failed-login lockout through the login use case, on a controlled clock with the default settings. */
class LockoutUseCasesTest {

  private static final String WRONG = "wrong password entirely";

  private final TestKeyhold t = new TestKeyhold();

  private IdentityException attempt(String email, String password) {
    return attempt(email, password, CLIENT);
  }

  private IdentityException attempt(String email, String password, ClientInfo client) {
    return catchThrowableOfType(IdentityException.class,
        () -> t.keyhold.accounts().login(new Authenticate.Command(email, password, client)));
  }

  private void failTimes(String email, int times) {
    for (int i = 0; i < times; i++) {
      assertThat(attempt(email, WRONG)).as("failure %d", i + 1).isInstanceOf(InvalidCredentialsException.class);
    }
  }

  private static TooManyRequestsException locked(IdentityException e) {
    assertThat(e).isInstanceOf(TooManyRequestsException.class);
    assertThat(e.code()).isEqualTo("too_many_attempts");
    return (TooManyRequestsException) e;
  }

  private LockoutStore.State counters(String email) {
    return t.protection.lockouts().get(Email.parse(email).normalized()).orElse(null);
  }

  @Test
  void five_failures_lock_the_account_for_60_seconds_without_checking_or_counting_passwords_meanwhile() {
    t.registerAndVerify("grace@example.com");
    int verificationsBefore = t.hasher.verifications.get();

    failTimes("grace@example.com", 5);

    assertThat(t.hasher.verifications.get()).isEqualTo(verificationsBefore + 5);
    TooManyRequestsException refused = locked(attempt("grace@example.com", PASSWORD));
    assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(60));
    assertThat(refused.limit()).isEmpty();
    LockoutStore.State whileLocked = counters("grace@example.com");
    t.clock.advance(Duration.ofSeconds(59));
    assertThat(locked(attempt("grace@example.com", WRONG)).retryAfter()).isEqualTo(Duration.ofSeconds(1));
    assertThat(locked(attempt("grace@example.com", PASSWORD)).retryAfter()).isEqualTo(Duration.ofSeconds(1));
    assertThat(t.hasher.verifications.get()).as("no password checked while locked").isEqualTo(verificationsBefore + 5);
    assertThat(counters("grace@example.com")).as("nothing counted while locked").isEqualTo(whileLocked);

    t.clock.advance(Duration.ofSeconds(1));

    assertThat(t.login("grace@example.com").userId()).isEqualTo(t.userId("grace@example.com"));
  }

  @Test
  void each_further_lockout_doubles_the_wait_up_to_15_minutes() {
    t.registerAndVerify("grace@example.com");
    List<Duration> waits = new ArrayList<>();

    for (int lockout = 0; lockout < 7; lockout++) {
      failTimes("grace@example.com", 4);
      assertThat(attempt("grace@example.com", WRONG)).isInstanceOf(InvalidCredentialsException.class);
      Duration wait = locked(attempt("grace@example.com", PASSWORD)).retryAfter();
      waits.add(wait);
      t.clock.advance(wait.minusSeconds(1));
      assertThat(locked(attempt("grace@example.com", PASSWORD)).retryAfter()).isEqualTo(Duration.ofSeconds(1));
      t.clock.advance(Duration.ofSeconds(1));
    }

    assertThat(waits).containsExactly(Duration.ofSeconds(60), Duration.ofSeconds(120), Duration.ofSeconds(240),
        Duration.ofSeconds(480), Duration.ofMinutes(15), Duration.ofMinutes(15), Duration.ofMinutes(15));
    assertThat(t.login("grace@example.com")).isNotNull();
  }

  @Test
  void a_successful_login_resets_failures_and_lockouts() {
    t.registerAndVerify("grace@example.com");
    failTimes("grace@example.com", 5);
    t.clock.advance(Duration.ofSeconds(60));
    failTimes("grace@example.com", 4);

    t.login("grace@example.com");

    assertThat(counters("grace@example.com")).isNull();
    t.clock.advance(Duration.ofMinutes(1)); // past the login-account rate limit
    failTimes("grace@example.com", 4);
    assertThat(attempt("grace@example.com", WRONG)).isInstanceOf(InvalidCredentialsException.class);
    assertThat(locked(attempt("grace@example.com", PASSWORD)).retryAfter())
        .as("the first lockout again, not the second").isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void counters_expire_12_hours_after_the_last_failure() {
    t.registerAndVerify("grace@example.com");
    failTimes("grace@example.com", 4);
    t.clock.advance(Duration.ofHours(12).minusSeconds(1));
    failTimes("grace@example.com", 1);
    assertThat(locked(attempt("grace@example.com", PASSWORD)).retryAfter()).as("still counted just before 12 h")
        .isEqualTo(Duration.ofSeconds(60));

    t.clock.advance(Duration.ofHours(12));

    assertThat(counters("grace@example.com")).as("the lockout count is forgotten too").isNull();
    failTimes("grace@example.com", 4);
    t.clock.advance(Duration.ofHours(12));
    failTimes("grace@example.com", 4);
    assertThat(t.login("grace@example.com")).as("4 + 4 failures 12 h apart never lock").isNotNull();
  }

  @Test
  void one_account_attacked_from_101_addresses_is_locked_long_before_the_101st_guess() {
    t.registerAndVerify("grace@example.com");
    int verificationsBefore = t.hasher.verifications.get();
    List<String> answers = new ArrayList<>();

    for (int i = 1; i <= 101; i++) {
      answers.add(attempt("grace@example.com", WRONG + i, clientAt("198.51.100." + i)).code());
      t.clock.advance(Duration.ofSeconds(6));
    }

    // 6 s apart (the login-account limit's pace): failures at 0-24 s lock until 84 s, at 84-108 s until 228 s,
    // at 228-252 s until 492 s, at 492-516 s until 996 s
    assertThat(answers.subList(0, 5)).containsOnly("invalid_credentials");
    assertThat(answers.get(5)).isEqualTo("too_many_attempts");
    assertThat(answers).filteredOn("invalid_credentials"::equals).hasSize(20);
    assertThat(answers).filteredOn("too_many_attempts"::equals).hasSize(81);
    assertThat(t.hasher.verifications.get()).as("only 20 of the 101 guesses were checked")
        .isEqualTo(verificationsBefore + 20);
    TooManyRequestsException refused = locked(attempt("grace@example.com", PASSWORD, clientAt("198.51.100.200")));
    assertThat(refused.retryAfter()).as("locked until 996 s, now 606 s").isEqualTo(Duration.ofSeconds(390));
    assertThat(t.hasher.verifications.get()).isEqualTo(verificationsBefore + 20);
  }

  @Test
  void unknown_and_known_emails_are_locked_identically() {
    t.registerAndVerify("grace@example.com");
    List<IdentityException> known = new ArrayList<>();
    List<IdentityException> unknown = new ArrayList<>();
    int verificationsBefore = t.hasher.verifications.get();

    for (int i = 0; i < 7; i++) {
      known.add(attempt("grace@example.com", i == 6 ? PASSWORD : WRONG));
      unknown.add(attempt("nobody@example.com", i == 6 ? PASSWORD : WRONG));
    }

    assertThat(t.hasher.verifications.get() - verificationsBefore).isEqualTo(10);
    for (int i = 0; i < 7; i++) {
      IdentityException k = known.get(i);
      IdentityException u = unknown.get(i);
      assertThat(u.getClass()).as("attempt %d", i + 1).isEqualTo(k.getClass());
      assertThat(u.code()).isEqualTo(k.code());
      assertThat(u.getMessage()).isEqualTo(k.getMessage());
      if (k instanceof TooManyRequestsException lockedKnown) {
        TooManyRequestsException lockedUnknown = (TooManyRequestsException) u;
        assertThat(lockedUnknown.retryAfter()).isEqualTo(lockedKnown.retryAfter()).isEqualTo(Duration.ofSeconds(60));
        assertThat(lockedUnknown.limit()).isEqualTo(lockedKnown.limit()).isEmpty();
      }
    }
    assertThat(known).extracting(IdentityException::code).containsExactly("invalid_credentials",
        "invalid_credentials", "invalid_credentials", "invalid_credentials", "invalid_credentials",
        "too_many_attempts", "too_many_attempts");
    assertThat(counters("nobody@example.com")).usingRecursiveComparison().ignoringFields("version")
        .isEqualTo(counters("grace@example.com"));
  }

  @Test
  void the_right_password_of_an_unverified_account_resets_the_counters() {
    t.register("grace@example.com");
    failTimes("grace@example.com", 4);

    assertThat(attempt("grace@example.com", PASSWORD)).isInstanceOf(EmailNotVerifiedException.class);

    assertThat(counters("grace@example.com")).isNull();
    failTimes("grace@example.com", 4);
    assertThat(attempt("grace@example.com", PASSWORD)).isInstanceOf(EmailNotVerifiedException.class);
  }

  @Test
  void the_right_password_of_a_disabled_account_counts_as_a_failure_like_any_invalid_credentials() {
    t.registerAndVerify("gone@example.com");
    t.stores.users().updateStatus(t.userId("gone@example.com"), UserStatus.DISABLED, t.clock.instant());

    for (int i = 0; i < 5; i++) {
      assertThat(attempt("gone@example.com", PASSWORD)).isInstanceOf(InvalidCredentialsException.class);
    }

    assertThat(locked(attempt("gone@example.com", PASSWORD)).retryAfter()).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void the_email_is_normalized_before_counting() {
    t.registerAndVerify("grace@example.com");
    failTimes("grace@example.com", 2);
    failTimes(" GRACE@Example.com", 2);
    failTimes("Grace@EXAMPLE.COM ", 1);

    assertThat(locked(attempt("grace@example.com", PASSWORD)).retryAfter()).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void the_start_of_a_lockout_and_refusals_while_locked_are_audited_without_secrets() {
    t.registerAndVerify("grace@example.com");
    failTimes("grace@example.com", 5);
    failTimes("nobody@example.com", 5);
    attempt("grace@example.com", PASSWORD);

    List<AuditEvent> lockouts = t.stores.auditEvents().stream()
        .filter(e -> e.action().equals("login.locked")).toList();
    assertThat(lockouts).hasSize(2);
    assertThat(lockouts.get(0).targetId()).isEqualTo(t.userId("grace@example.com").toString());
    assertThat(lockouts.get(1).targetId()).as("no account").isNull();
    for (AuditEvent event : lockouts) {
      assertThat(event.outcome()).isEqualTo("failure");
      assertThat(event.client()).isEqualTo(CLIENT);
      assertThat(event.details()).containsAllEntriesOf(Map.of("lockout", "1", "locked_for_seconds", "60",
          "locked_until", t.clock.instant().plusSeconds(60).toString()));
    }
    assertThat(lockouts.get(0).details()).hasSize(3);
    assertThat(lockouts.get(1).details()).as("the address's pseudonym instead").containsKey("email_pseudonym");
    AuditEvent refused = t.stores.auditEvents().get(t.stores.auditEvents().size() - 1);
    assertThat(refused.action()).isEqualTo("login.failed");
    assertThat(refused.targetId()).isEqualTo(t.userId("grace@example.com").toString());
    assertThat(refused.details()).isEqualTo(Map.of("reason", "locked"));
    assertThat(t.stores.auditEvents()).allSatisfy(event -> assertThat(event.toString())
        .doesNotContain(PASSWORD, WRONG, "nobody@example.com"));
  }
}
