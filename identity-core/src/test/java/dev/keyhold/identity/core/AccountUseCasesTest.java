package dev.keyhold.identity.core;

import static dev.keyhold.identity.core.TestKeyhold.CLIENT;
import static dev.keyhold.identity.core.TestKeyhold.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.keyhold.identity.core.crypto.Argon2Parameters;
import dev.keyhold.identity.error.EmailNotVerifiedException;
import dev.keyhold.identity.error.IdentityException;
import dev.keyhold.identity.error.InvalidCredentialsException;
import dev.keyhold.identity.error.InvalidTokenException;
import dev.keyhold.identity.error.ValidationException;
import dev.keyhold.identity.model.audit.AuditEvent;
import dev.keyhold.identity.model.event.IdentityEvent;
import dev.keyhold.identity.model.user.Email;
import dev.keyhold.identity.model.user.User;
import dev.keyhold.identity.model.user.UserStatus;
import dev.keyhold.identity.usecase.Authenticate;
import dev.keyhold.identity.usecase.RegisterAccount;
import dev.keyhold.identity.usecase.ResendVerification;
import dev.keyhold.identity.usecase.VerifyEmail;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AccountUseCasesTest {

  private final TestKeyhold t = new TestKeyhold();

  private User stored(String email) {
    return t.stores.users().findByEmail(Email.parse(email)).orElseThrow();
  }

  @Test
  void registering_stores_an_unverified_user_with_a_hashed_password_and_mails_a_link() {
    RegisterAccount.Result result = t.register(" Grace@Example.COM ");

    assertThat(result).isInstanceOf(RegisterAccount.Created.class);
    User user = stored("grace@example.com");
    assertThat(user.email().display()).isEqualTo("Grace@Example.COM");
    assertThat(user.emailVerified()).isFalse();
    assertThat(user.passwordHash().encoded()).startsWith("$argon2id$").doesNotContain(PASSWORD);
    assertThat(t.mail()).singleElement().satisfies(m -> {
      assertThat(m.to()).isEqualTo("Grace@Example.COM");
      assertThat(m.textBody()).contains("https://id.example.com/verify-email?token=");
    });
    assertThat(t.events).singleElement().isInstanceOf(IdentityEvent.UserRegistered.class);
  }

  @Test
  void registering_a_taken_address_creates_nothing_hashes_anyway_and_tells_the_owner() {
    t.register("grace@example.com");
    int hashesBefore = t.hasher.hashes.get();

    RegisterAccount.Result again = t.register("GRACE@example.com");

    assertThat(again).isInstanceOf(RegisterAccount.AlreadyRegistered.class);
    assertThat(t.hasher.hashes.get()).as("same work as a new registration").isEqualTo(hashesBefore + 1);
    assertThat(t.mail()).hasSize(2);
    assertThat(t.mail().get(1).subject()).contains("Sign-up attempt");
    assertThat(t.mail().get(1).textBody()).doesNotContain("token=");
  }

  @Test
  void the_sign_up_notice_for_an_address_that_folds_into_an_account_goes_to_the_stored_address() {
    t.register("Grace@Example.com");

    // full-width letters and another case fold (NFKC, lower case) into the stored address but are another mailbox
    RegisterAccount.Result again = t.register("\uff27RACE@example.com");

    assertThat(again).isInstanceOf(RegisterAccount.AlreadyRegistered.class);
    assertThat(t.mail()).hasSize(2);
    assertThat(t.mail().get(1).subject()).contains("Sign-up attempt");
    assertThat(t.mail().get(1).to()).isEqualTo("Grace@Example.com");
  }

  @Test
  void an_address_with_an_invisible_character_is_refused_and_creates_no_look_alike_account() {
    t.register("grace@example.com");

    for (String lookAlike : new String[] {
        "gra\u200Bce@example.com", "gra\u00ADce@example.com", "grace@exam\u202Eple.com", "gr\u0430ce@example.com"}) {
      assertThat(violation(() -> t.register(lookAlike))).as(lookAlike).isEqualTo("invalid_email");
    }
    assertThat(t.mail()).hasSize(1);
  }

  @Test
  void registration_rejects_bad_input_with_field_codes() {
    assertThat(violation(() -> t.register("not-an-email"))).isEqualTo("invalid_email");
    assertThat(violation(() -> t.keyhold.accounts().register(
        new RegisterAccount.Command("a@example.com", "short", null, CLIENT)))).isEqualTo("password_too_short");
    assertThat(violation(() -> t.keyhold.accounts().register(
        new RegisterAccount.Command("a@example.com", "password", null, CLIENT)))).isEqualTo("password_too_common");
    assertThat(violation(() -> t.keyhold.accounts().register(
        new RegisterAccount.Command("a@example.com", "x".repeat(257), null, CLIENT)))).isEqualTo("password_too_long");
    assertThat(violation(() -> t.keyhold.accounts().register(
        new RegisterAccount.Command("a@example.com", PASSWORD, "n".repeat(101), CLIENT))))
        .isEqualTo("invalid_display_name");
    assertThat(t.stores.users().findByEmail(Email.parse("a@example.com"))).isEmpty();
  }

  @Test
  void a_verification_link_works_once() {
    t.register("grace@example.com");
    String token = t.lastLinkTokenTo("grace@example.com");

    t.keyhold.accounts().verifyEmail(new VerifyEmail.Command(token, CLIENT));

    assertThat(stored("grace@example.com").emailVerifiedAt()).isEqualTo(t.clock.instant());
    assertThat(t.events).last().isInstanceOf(IdentityEvent.EmailVerified.class);
    assertThatThrownBy(() -> t.keyhold.accounts().verifyEmail(new VerifyEmail.Command(token, CLIENT)))
        .isInstanceOf(InvalidTokenException.class)
        .extracting(e -> ((IdentityException) e).code()).isEqualTo("invalid_link_token");
  }

  @Test
  void a_verification_link_expires_after_24_hours() {
    t.register("grace@example.com");
    String token = t.lastLinkTokenTo("grace@example.com");
    t.clock.advance(Duration.ofHours(24));

    assertThatThrownBy(() -> t.keyhold.accounts().verifyEmail(new VerifyEmail.Command(token, CLIENT)))
        .isInstanceOf(InvalidTokenException.class);
    assertThat(stored("grace@example.com").emailVerified()).isFalse();
  }

  @Test
  void resending_invalidates_the_earlier_link() {
    t.register("grace@example.com");
    String first = t.lastLinkTokenTo("grace@example.com");
    t.keyhold.accounts().resendVerification(new ResendVerification.Command("grace@example.com", CLIENT));
    String second = t.lastLinkTokenTo("grace@example.com");

    assertThat(second).isNotEqualTo(first);
    assertThatThrownBy(() -> t.keyhold.accounts().verifyEmail(new VerifyEmail.Command(first, CLIENT)))
        .isInstanceOf(InvalidTokenException.class);
    t.keyhold.accounts().verifyEmail(new VerifyEmail.Command(second, CLIENT));
    assertThat(stored("grace@example.com").emailVerified()).isTrue();
  }

  @Test
  void resending_to_an_unknown_or_verified_address_sends_nothing_and_says_nothing() {
    t.registerAndVerify("grace@example.com");
    int mailBefore = t.mail().size();
    t.keyhold.accounts().resendVerification(new ResendVerification.Command("nobody@example.com", CLIENT));
    t.keyhold.accounts().resendVerification(new ResendVerification.Command("grace@example.com", CLIENT));
    assertThat(t.mail()).hasSize(mailBefore);
  }

  @Test
  void login_gives_tokens_for_the_right_password() {
    t.registerAndVerify("grace@example.com");
    Authenticate.Authenticated result = t.login("GRACE@example.com");
    assertThat(result.userId()).isEqualTo(stored("grace@example.com").id());
    assertThat(result.tokens().accessToken()).isNotBlank();
    assertThat(result.tokens().refreshToken()).hasSize(43);
    assertThat(t.events).last().isInstanceOf(IdentityEvent.SessionStarted.class);
  }

  @Test
  void unknown_email_wrong_password_and_disabled_account_fail_alike_after_one_hash_check_each() {
    t.registerAndVerify("grace@example.com");
    t.registerAndVerify("disabled@example.com");
    t.stores.users().updateStatus(stored("disabled@example.com").id(), UserStatus.DISABLED, t.clock.instant());

    IdentityException unknown = loginFailure("nobody@example.com", PASSWORD);
    IdentityException wrong = loginFailure("grace@example.com", "wrong password entirely");
    IdentityException disabled = loginFailure("disabled@example.com", PASSWORD);

    for (IdentityException e : new IdentityException[] {unknown, wrong, disabled}) {
      assertThat(e).isInstanceOf(InvalidCredentialsException.class);
      assertThat(e.getMessage()).isEqualTo(unknown.getMessage());
    }
    assertThat(t.hasher.verifications.get()).as("a hash is checked even for an unknown email").isEqualTo(3);
    assertThat(t.stores.auditEvents()).filteredOn(e -> e.action().equals("login.failed"))
        .extracting(e -> e.details().get("reason"))
        .containsExactly("unknown_email", "bad_password", "account_disabled");
  }

  @Test
  void an_unverified_user_is_told_so_only_after_the_right_password() {
    t.register("grace@example.com");
    assertThat(loginFailure("grace@example.com", "wrong password entirely"))
        .isInstanceOf(InvalidCredentialsException.class);
    assertThat(loginFailure("grace@example.com", PASSWORD)).isInstanceOf(EmailNotVerifiedException.class);
  }

  @Test
  void unverified_users_may_sign_in_when_verification_is_not_required() {
    TestKeyhold lenient = new TestKeyhold(
        KeyholdSettings.builder("https://id.example.com").requireVerifiedEmail(false).build(), TestKeyhold.FAST);
    lenient.register("grace@example.com");
    assertThat(lenient.login("grace@example.com").tokens().accessToken()).isNotBlank();
  }

  @Test
  void login_rehashes_the_password_when_the_parameters_changed() {
    t.registerAndVerify("grace@example.com");
    String oldHash = stored("grace@example.com").passwordHash().encoded();
    TestKeyhold redeployed = t.redeployedWith(new Argon2Parameters(2048, 2, 1));

    redeployed.login("grace@example.com");

    String newHash = stored("grace@example.com").passwordHash().encoded();
    assertThat(newHash).isNotEqualTo(oldHash).contains("m=2048,t=2,p=1");
    redeployed.login("grace@example.com");
    assertThat(stored("grace@example.com").passwordHash().encoded()).as("no rehash once current").isEqualTo(newHash);
  }

  @Test
  void an_over_long_password_is_refused_before_hashing() {
    int before = t.hasher.verifications.get();
    assertThat(violation(() -> t.keyhold.accounts().login(
        new Authenticate.Command("grace@example.com", "p".repeat(257), CLIENT)))).isEqualTo("password_too_long");
    assertThat(t.hasher.verifications.get()).isEqualTo(before);
  }

  @Test
  void the_audit_log_never_holds_a_password_or_token() {
    t.registerAndVerify("grace@example.com");
    Authenticate.Authenticated login = t.login("grace@example.com");
    loginFailure("grace@example.com", "wrong password entirely");

    for (AuditEvent event : t.stores.auditEvents()) {
      assertThat(event.toString()).doesNotContain(PASSWORD, "wrong password entirely",
          login.tokens().refreshToken(), login.tokens().accessToken());
      assertThat(event.client()).isEqualTo(CLIENT);
      assertThat(event.at()).isEqualTo(t.clock.instant());
    }
    assertThat(t.stores.auditEvents()).extracting(AuditEvent::action)
        .contains("user.registered", "email.verified", "login.succeeded", "login.failed");
  }

  @Test
  void a_failing_listener_does_not_undo_the_change() {
    Keyhold keyhold = Keyhold.builder()
        .stores(t.stores)
        .protection(t.protection)
        .settings(KeyholdSettings.defaults("https://id.example.com"))
        .passwordHasher(t.hasher)
        .clock(t.clock)
        .mailer(t.mailer)
        .listener(event -> {
          throw new IllegalStateException("listener bug");
        })
        .build();
    keyhold.accounts().register(new RegisterAccount.Command("grace@example.com", PASSWORD, null, CLIENT));
    assertThat(t.stores.users().findByEmail(Email.parse("grace@example.com"))).isPresent();
  }

  private IdentityException loginFailure(String email, String password) {
    return catchThrowableOfType(IdentityException.class,
        () -> t.keyhold.accounts().login(new Authenticate.Command(email, password, CLIENT)));
  }

  private static String violation(Runnable action) {
    ValidationException e = catchThrowableOfType(ValidationException.class, action::run);
    assertThat(e).as("a validation failure").isNotNull();
    return e.violations().get(0).code();
  }
}
