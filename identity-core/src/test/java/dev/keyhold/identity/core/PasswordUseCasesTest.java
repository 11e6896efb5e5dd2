package dev.keyhold.identity.core;

import static dev.keyhold.identity.core.TestKeyhold.CLIENT;
import static dev.keyhold.identity.core.TestKeyhold.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.groups.Tuple.tuple;

import dev.keyhold.identity.core.crypto.TokenDigests;
import dev.keyhold.identity.error.IdentityException;
import dev.keyhold.identity.error.InvalidCredentialsException;
import dev.keyhold.identity.error.InvalidTokenException;
import dev.keyhold.identity.error.TooManyRequestsException;
import dev.keyhold.identity.error.ValidationException;
import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.audit.AuditEvent;
import dev.keyhold.identity.model.event.IdentityEvent;
import dev.keyhold.identity.model.token.IssuedTokens;
import dev.keyhold.identity.model.token.OneTimeTokenPurpose;
import dev.keyhold.identity.model.user.Email;
import dev.keyhold.identity.model.user.User;
import dev.keyhold.identity.model.user.UserId;
import dev.keyhold.identity.model.user.UserStatus;
import dev.keyhold.identity.spi.Mailer;
import dev.keyhold.identity.usecase.Authenticate;
import dev.keyhold.identity.usecase.ChangePassword;
import dev.keyhold.identity.usecase.RegisterAccount;
import dev.keyhold.identity.usecase.ResetPassword;
import dev.keyhold.identity.usecase.RotateRefreshToken;
import dev.keyhold.identity.usecase.VerifyEmail;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Password reset by mailed link and password change by the signed-in user, on memory stores and a fixed clock. */
class PasswordUseCasesTest {

  private static final String NEW_PASSWORD = "a brand new passphrase 2026";

  private final TestKeyhold t = new TestKeyhold();

  private void requestReset(String email) {
    t.keyhold.accounts().requestPasswordReset(new ResetPassword.Request(email, CLIENT));
  }

  private void confirm(String token, String newPassword) {
    t.keyhold.accounts().confirmPasswordReset(new ResetPassword.Confirmation(token, newPassword, CLIENT));
  }

  private int change(Actor actor, String current, String next) {
    return t.keyhold.accounts().changePassword(new ChangePassword.Command(actor, current, next));
  }

  private IssuedTokens refresh(String refreshToken) {
    return t.keyhold.sessions().refresh(new RotateRefreshToken.Command(refreshToken, CLIENT));
  }

  private IdentityException failure(Runnable action) {
    IdentityException e = catchThrowableOfType(IdentityException.class, action::run);
    assertThat(e).as("a rejection").isNotNull();
    return e;
  }

  private static ValidationException.Violation violation(Runnable action) {
    ValidationException e = catchThrowableOfType(ValidationException.class, action::run);
    assertThat(e).as("a validation failure").isNotNull();
    return e.violations().get(0);
  }

  private Authenticate.Authenticated login(String email, String password) {
    return (Authenticate.Authenticated) t.keyhold.accounts().login(new Authenticate.Command(email, password, CLIENT));
  }

  private String loginCode(String email, String password) {
    return failure(() -> t.keyhold.accounts().login(new Authenticate.Command(email, password, CLIENT))).code();
  }

  private List<Mailer.Message> mailTo(String email) {
    return t.mail().stream().filter(m -> m.to().equalsIgnoreCase(email)).toList();
  }

  private Mailer.Message lastMailTo(String email) {
    List<Mailer.Message> mail = mailTo(email);
    assertThat(mail).as("mail to %s", email).isNotEmpty();
    return mail.get(mail.size() - 1);
  }

  private List<AuditEvent> audited(String action) {
    return t.stores.auditEvents().stream().filter(e -> e.action().equals(action)).toList();
  }

  private User stored(String email) {
    return t.stores.users().findByEmail(Email.parse(email)).orElseThrow();
  }

  private Actor actor(Authenticate.Authenticated login) {
    return new Actor(login.userId(), login.tokens().sessionId(), CLIENT);
  }

  // --- reset ---

  @Test
  void a_reset_link_sets_the_new_password_ends_every_session_and_signs_nobody_in() {
    t.registerAndVerify("grace@example.com");
    String laptop = t.login("grace@example.com").tokens().refreshToken();
    String phone = t.login("grace@example.com").tokens().refreshToken();

    requestReset("Grace@Example.com");

    Mailer.Message linkMail = lastMailTo("grace@example.com");
    assertThat(linkMail.subject()).isEqualTo("Reset your Keyhold password");
    assertThat(linkMail.textBody()).contains("https://id.example.com/reset-password?token=", "30 minutes");
    String token = t.lastLinkTokenTo("grace@example.com");
    assertThat(token).hasSize(43);
    int events = t.events.size();

    confirm(token, NEW_PASSWORD);

    assertThat(loginCode("grace@example.com", PASSWORD)).isEqualTo("invalid_credentials");
    for (String refreshToken : List.of(laptop, phone)) {
      assertThat(failure(() -> refresh(refreshToken)).code()).isEqualTo("invalid_refresh_token");
    }
    assertThat(t.events.subList(events, t.events.size())).as("no session started")
        .noneMatch(IdentityEvent.SessionStarted.class::isInstance);
    assertThat(t.stores.refreshTokens().findActiveSessions(t.userId("grace@example.com"), t.clock.instant()))
        .isEmpty();
    Mailer.Message notice = lastMailTo("grace@example.com");
    assertThat(notice.subject()).isEqualTo("Your Keyhold password was changed");
    assertThat(notice.textBody()).contains("password-reset link", "signed out", "contact support")
        .doesNotContain("token", "http");
    assertThat(login("grace@example.com", NEW_PASSWORD).userId()).isEqualTo(t.userId("grace@example.com"));
    assertThat(audited("password.reset")).singleElement().satisfies(e -> {
      assertThat(e.outcome()).isEqualTo("success");
      assertThat(e.targetId()).isEqualTo(t.userId("grace@example.com").toString());
      assertThat(e.details()).isEqualTo(Map.of("sessions_revoked", "2"));
    });
  }

  @Test
  void a_reset_link_works_once() {
    t.registerAndVerify("grace@example.com");
    requestReset("grace@example.com");
    String token = t.lastLinkTokenTo("grace@example.com");
    confirm(token, NEW_PASSWORD);

    IdentityException again = failure(() -> confirm(token, "yet another passphrase 99"));

    assertThat(again).isInstanceOf(InvalidTokenException.class);
    assertThat(again.code()).isEqualTo("invalid_link_token");
    assertThat(login("grace@example.com", NEW_PASSWORD)).isNotNull();
    assertThat(audited("password.reset_failed")).singleElement()
        .satisfies(e -> assertThat(e.details()).isEqualTo(Map.of("reason", "unknown_used_or_expired")));
  }

  @Test
  void a_reset_link_works_until_30_minutes_after_the_request_and_not_at_30() {
    t.registerAndVerify("grace@example.com");
    requestReset("grace@example.com");
    String first = t.lastLinkTokenTo("grace@example.com");
    t.clock.advance(Duration.ofMinutes(30).minusNanos(1_000));
    confirm(first, NEW_PASSWORD);

    requestReset("grace@example.com");
    String second = t.lastLinkTokenTo("grace@example.com");
    t.clock.advance(Duration.ofMinutes(30));

    assertThat(failure(() -> confirm(second, "yet another passphrase 99")).code()).isEqualTo("invalid_link_token");
    assertThat(login("grace@example.com", NEW_PASSWORD)).as("the expired link changed nothing").isNotNull();
  }

  @Test
  void the_link_lifetime_and_address_come_from_the_settings() {
    TestKeyhold custom = new TestKeyhold(KeyholdSettings.builder("https://id.example.com")
        .resetPasswordTtl(Duration.ofHours(2))
        .resetPasswordUrl("https://app.example.com/account/reset?token={token}")
        .productName("Acme ID").build(), TestKeyhold.FAST);
    custom.registerAndVerify("grace@example.com");

    custom.keyhold.accounts().requestPasswordReset(new ResetPassword.Request("grace@example.com", CLIENT));

    Mailer.Message mail = custom.mail().get(custom.mail().size() - 1);
    assertThat(mail.subject()).isEqualTo("Reset your Acme ID password");
    assertThat(mail.textBody()).contains("https://app.example.com/account/reset?token=", "within 2 hours");
    String token = custom.lastLinkTokenTo("grace@example.com");
    custom.clock.advance(Duration.ofMinutes(119));
    custom.keyhold.accounts().confirmPasswordReset(new ResetPassword.Confirmation(token, NEW_PASSWORD, CLIENT));
  }

  @Test
  void a_newer_request_supersedes_the_older_link() {
    t.registerAndVerify("grace@example.com");
    requestReset("grace@example.com");
    String first = t.lastLinkTokenTo("grace@example.com");
    requestReset("grace@example.com");
    String second = t.lastLinkTokenTo("grace@example.com");

    assertThat(second).isNotEqualTo(first);
    assertThat(failure(() -> confirm(first, NEW_PASSWORD)).code()).isEqualTo("invalid_link_token");
    confirm(second, NEW_PASSWORD);
    assertThat(login("grace@example.com", NEW_PASSWORD)).isNotNull();
  }

  @Test
  void a_refused_new_password_leaves_the_link_usable_and_costs_no_hash() {
    t.registerAndVerify("grace@example.com");
    requestReset("grace@example.com");
    String token = t.lastLinkTokenTo("grace@example.com");
    int hashes = t.hasher.hashes.get();

    assertThat(violation(() -> confirm(token, "password")))
        .isEqualTo(new ValidationException.Violation("new_password", "password_too_common",
            "This password is too common or too easy to guess. Try a few unrelated words or a longer phrase."));
    assertThat(violation(() -> confirm(token, "short")).code()).isEqualTo("password_too_short");
    assertThat(violation(() -> confirm(token, null)).code()).isEqualTo("password_required");
    assertThat(violation(() -> confirm(token, "x".repeat(257))).code()).isEqualTo("password_too_long");
    assertThat(t.hasher.hashes.get()).isEqualTo(hashes);

    confirm(token, NEW_PASSWORD);
    assertThat(login("grace@example.com", NEW_PASSWORD)).isNotNull();
  }

  @Test
  void malformed_and_foreign_tokens_are_invalid_link_tokens() {
    t.register("grace@example.com");
    String verification = t.lastLinkTokenTo("grace@example.com");

    for (String token : new String[] {null, "", "x".repeat(513), "not-a-token", verification}) {
      IdentityException e = failure(() -> confirm(token, NEW_PASSWORD));
      assertThat(e).isInstanceOf(InvalidTokenException.class);
      assertThat(((InvalidTokenException) e).kind()).isEqualTo(InvalidTokenException.Kind.LINK_TOKEN);
    }
    assertThat(t.stores.oneTimeTokens().consume(TokenDigests.sha256(verification), OneTimeTokenPurpose.VERIFY_EMAIL,
        t.clock.instant())).as("the verification link was not spent").isPresent();
  }

  @Test
  void a_malformed_email_is_the_only_thing_a_request_reports() {
    ValidationException.Violation v = violation(() -> requestReset("not-an-email"));
    assertThat(v.field()).isEqualTo("email");
    assertThat(v.code()).isEqualTo("invalid_email");
    assertThat(t.mail()).isEmpty();
  }

  @Test
  void unknown_disabled_and_passwordless_addresses_get_the_same_answer_the_same_work_and_no_mail() {
    t.registerAndVerify("grace@example.com");
    t.registerAndVerify("gone@example.com");
    t.stores.users().updateStatus(t.userId("gone@example.com"), UserStatus.DISABLED, t.clock.instant());
    Instant now = t.clock.instant();
    t.stores.users().insert(new User(new UserId(UUID.randomUUID()), Email.parse("sso@example.com"), null,
        UserStatus.ACTIVE, now, null, now, now));
    int mailBefore = t.mail().size();

    int[] known = workFor("grace@example.com");
    for (String email : List.of("nobody@example.com", "gone@example.com", "sso@example.com")) {
      assertThat(workFor(email)).as(email).containsExactly(known);
    }
    assertThat(audited("password.reset_requested")).as("nothing decided while answering").isEmpty();

    for (String email : List.of("nobody@example.com", "gone@example.com", "sso@example.com")) {
      assertThat(mailTo(email).stream().filter(m -> m.subject().contains("Reset"))).as(email).isEmpty();
    }
    assertThat(t.stores.linkRequests().backlog()).as("every request handled and deleted").isZero();

    assertThat(known).as("only a request queued: no secret drawn, no password hashed or checked, no mail queued")
        .containsExactly(0, 0, 0, 1, 0);
    assertThat(t.mail()).hasSize(mailBefore + 1);
    assertThat(audited("password.reset_requested")).extracting(AuditEvent::outcome, AuditEvent::targetId,
        AuditEvent::details).containsExactly(
            tuple("success", t.userId("grace@example.com").toString(), Map.of()),
            tuple("failure", null, Map.of("reason", "unknown_email")),
            tuple("failure", t.userId("gone@example.com").toString(),
                Map.of("reason", "account_disabled")),
            tuple("failure", t.userId("sso@example.com").toString(),
                Map.of("reason", "no_password")));
  }

  /** Requests a reset and returns {secrets drawn, passwords hashed, passwords verified}, after it answered alike. */
  /**
   * What answering a reset request for {@code email} did: secrets drawn, passwords hashed, hashes checked, link
   * requests queued, mail queued.
   */
  private int[] workFor(String email) {
    int secrets = t.secrets.secrets.get();
    int hashes = t.hasher.hashes.get();
    int verifications = t.hasher.verifications.get();
    int requests = t.stores.linkRequests().backlog();
    int outbox = t.stores.mailOutbox().backlog();
    assertThatCode(() -> requestReset(email)).doesNotThrowAnyException();
    return new int[] {t.secrets.secrets.get() - secrets, t.hasher.hashes.get() - hashes,
        t.hasher.verifications.get() - verifications, t.stores.linkRequests().backlog() - requests,
        t.stores.mailOutbox().backlog() - outbox};
  }

  @Test
  void a_link_requested_before_the_account_was_disabled_does_not_work_after() {
    t.registerAndVerify("grace@example.com");
    requestReset("grace@example.com");
    String token = t.lastLinkTokenTo("grace@example.com");
    t.stores.users().updateStatus(t.userId("grace@example.com"), UserStatus.DISABLED, t.clock.instant());

    assertThat(failure(() -> confirm(token, NEW_PASSWORD)).code()).isEqualTo("invalid_link_token");
    t.stores.users().updateStatus(t.userId("grace@example.com"), UserStatus.ACTIVE, t.clock.instant());
    assertThat(login("grace@example.com", PASSWORD)).as("password unchanged").isNotNull();
  }

  @Test
  void a_reset_proves_the_address_so_an_unverified_account_becomes_verified() {
    t.register("grace@example.com");
    requestReset("grace@example.com");

    confirm(t.lastLinkTokenTo("grace@example.com"), NEW_PASSWORD);

    assertThat(stored("grace@example.com").emailVerifiedAt()).isEqualTo(t.clock.instant());
    assertThat(t.events.subList(t.events.size() - 2, t.events.size()))
        .extracting(IdentityEvent::type).containsExactly("user.email_verified", "user.password_changed");
    assertThat(login("grace@example.com", NEW_PASSWORD)).isNotNull();
  }

  @Test
  void a_reset_lifts_a_lockout_others_caused() {
    t.registerAndVerify("grace@example.com");
    for (int i = 0; i < 5; i++) {
      loginCode("grace@example.com", "a guess " + i);
    }
    assertThat(loginCode("grace@example.com", PASSWORD)).isEqualTo("too_many_attempts");
    requestReset("grace@example.com");

    confirm(t.lastLinkTokenTo("grace@example.com"), NEW_PASSWORD);

    assertThat(login("grace@example.com", NEW_PASSWORD)).isNotNull();
  }

  @Test
  void reset_audit_events_hold_neither_the_token_nor_a_password() {
    t.registerAndVerify("grace@example.com");
    requestReset("grace@example.com");
    String token = t.lastLinkTokenTo("grace@example.com");
    catchThrowableOfType(ValidationException.class, () -> confirm(token, "password"));
    confirm(token, NEW_PASSWORD);
    catchThrowableOfType(InvalidTokenException.class, () -> confirm(token, NEW_PASSWORD));

    assertThat(t.stores.auditEvents()).extracting(AuditEvent::action)
        .contains("password.reset_requested", "password.reset", "password.reset_failed");
    for (AuditEvent event : t.stores.auditEvents()) {
      assertThat(event.toString()).doesNotContain(token, TokenDigests.sha256(token).hex(), NEW_PASSWORD, PASSWORD,
          "reset-password?");
    }
  }

  // --- change ---

  @Test
  void changing_the_password_ends_the_other_sessions_but_not_the_callers() {
    t.registerAndVerify("grace@example.com");
    Authenticate.Authenticated mine = t.login("grace@example.com");
    Authenticate.Authenticated other = t.login("grace@example.com");

    int revoked = change(actor(mine), PASSWORD, NEW_PASSWORD);

    assertThat(revoked).isEqualTo(1);
    assertThat(failure(() -> refresh(other.tokens().refreshToken())).code()).isEqualTo("invalid_refresh_token");
    assertThat(refresh(mine.tokens().refreshToken()).sessionId()).isEqualTo(mine.tokens().sessionId());
    assertThat(t.keyhold.sessions().authenticate(mine.tokens().accessToken()).subject())
        .isEqualTo(mine.userId().toString());
    assertThat(loginCode("grace@example.com", PASSWORD)).isEqualTo("invalid_credentials");
    assertThat(login("grace@example.com", NEW_PASSWORD)).isNotNull();
    Mailer.Message notice = lastMailTo("grace@example.com");
    assertThat(notice.subject()).isEqualTo("Your Keyhold password was changed");
    assertThat(notice.textBody()).contains("account settings", "other device").doesNotContain("token", "http");
    assertThat(audited("password.changed")).singleElement().satisfies(e -> {
      assertThat(e.actorId()).isEqualTo(mine.userId().toString());
      assertThat(e.details()).isEqualTo(Map.of("sessions_revoked", "1"));
      assertThat(e.toString()).doesNotContain(PASSWORD, NEW_PASSWORD);
    });
  }

  @Test
  void a_wrong_current_password_is_invalid_credentials_and_changes_nothing() {
    t.registerAndVerify("grace@example.com");
    Authenticate.Authenticated mine = t.login("grace@example.com");
    Authenticate.Authenticated other = t.login("grace@example.com");
    int mail = t.mail().size();

    IdentityException wrong = failure(() -> change(actor(mine), "not my password", NEW_PASSWORD));

    assertThat(wrong).isInstanceOf(InvalidCredentialsException.class);
    assertThat(failure(() -> change(actor(mine), null, NEW_PASSWORD))).isInstanceOf(InvalidCredentialsException.class);
    assertThat(refresh(other.tokens().refreshToken())).isNotNull();
    assertThat(login("grace@example.com", PASSWORD)).isNotNull();
    assertThat(t.mail()).hasSize(mail);
    assertThat(audited("password.change_failed")).hasSize(2).allSatisfy(e -> {
      assertThat(e.details()).isEqualTo(Map.of("reason", "bad_password"));
      assertThat(e.toString()).doesNotContain("not my password", NEW_PASSWORD);
    });
  }

  @Test
  void wrong_current_passwords_count_toward_the_same_lockout_as_failed_logins() {
    t.registerAndVerify("grace@example.com");
    Actor me = actor(t.login("grace@example.com"));
    for (int i = 0; i < 3; i++) {
      assertThat(loginCode("grace@example.com", "a guess " + i)).isEqualTo("invalid_credentials");
    }
    for (int i = 0; i < 2; i++) {
      assertThat(failure(() -> change(me, "another guess", NEW_PASSWORD)).code()).isEqualTo("invalid_credentials");
    }
    int verifications = t.hasher.verifications.get();

    IdentityException locked = failure(() -> change(me, PASSWORD, NEW_PASSWORD));

    assertThat(locked).isInstanceOf(TooManyRequestsException.class);
    assertThat(locked.code()).isEqualTo("too_many_attempts");
    assertThat(((TooManyRequestsException) locked).retryAfter()).isEqualTo(Duration.ofSeconds(60));
    assertThat(t.hasher.verifications.get()).as("no password checked while locked").isEqualTo(verifications);
    assertThat(loginCode("grace@example.com", PASSWORD)).isEqualTo("too_many_attempts");
    t.clock.advance(Duration.ofSeconds(60));
    assertThat(change(me, PASSWORD, NEW_PASSWORD)).isZero();
  }

  @Test
  void five_wrong_current_passwords_lock_the_account() {
    t.registerAndVerify("grace@example.com");
    Actor me = actor(t.login("grace@example.com"));
    for (int i = 0; i < 5; i++) {
      assertThat(failure(() -> change(me, "guess", NEW_PASSWORD)).code()).isEqualTo("invalid_credentials");
    }

    assertThat(failure(() -> change(me, PASSWORD, NEW_PASSWORD)).code()).isEqualTo("too_many_attempts");
    assertThat(audited("login.locked")).singleElement()
        .satisfies(e -> assertThat(e.targetId()).isEqualTo(me.userId().toString()));
  }

  @Test
  void the_current_password_is_refused_as_the_new_one() {
    t.registerAndVerify("grace@example.com");
    Actor me = actor(t.login("grace@example.com"));

    ValidationException.Violation v = violation(() -> change(me, PASSWORD, PASSWORD));

    assertThat(v.field()).isEqualTo("new_password");
    assertThat(v.code()).isEqualTo("password_unchanged");
    assertThat(audited("password.changed")).isEmpty();
  }

  @Test
  void the_new_password_must_pass_the_policy_including_the_users_own_name_and_address() {
    t.keyhold.accounts().register(
        new RegisterAccount.Command("grace.hopper@example.com", PASSWORD, "Zanzibar Quokka", CLIENT));
    t.keyhold.accounts().verifyEmail(
        new VerifyEmail.Command(t.lastLinkTokenTo("grace.hopper@example.com"), CLIENT));
    Actor me = actor(t.login("grace.hopper@example.com"));
    int hashes = t.hasher.hashes.get();

    assertThat(violation(() -> change(me, PASSWORD, "password1")))
        .extracting(ValidationException.Violation::field, ValidationException.Violation::code)
        .containsExactly("new_password", "password_too_common");
    assertThat(violation(() -> change(me, PASSWORD, "grace.hopper loves tea")).code())
        .isEqualTo("password_too_common");
    assertThat(violation(() -> change(me, PASSWORD, "zanzibar quokka 1906")).code()).isEqualTo("password_too_common");
    assertThat(violation(() -> change(me, "x".repeat(257), NEW_PASSWORD)))
        .extracting(ValidationException.Violation::field, ValidationException.Violation::code)
        .containsExactly("current_password", "password_too_long");
    assertThat(t.hasher.hashes.get()).isEqualTo(hashes);
    assertThat(login("grace.hopper@example.com", PASSWORD)).isNotNull();
  }

  @Test
  void a_disabled_user_cannot_change_the_password() {
    t.registerAndVerify("grace@example.com");
    Actor me = actor(t.login("grace@example.com"));
    t.stores.users().updateStatus(me.userId(), UserStatus.DISABLED, t.clock.instant());

    assertThat(failure(() -> change(me, PASSWORD, NEW_PASSWORD)).code()).isEqualTo("invalid_token");
  }

  @Test
  void mail_never_carries_what_users_typed_about_themselves() {
    String lure = "Support: call +1 555 0100 or visit https://evil.example";
    t.keyhold.accounts().register(new RegisterAccount.Command("grace@example.com", PASSWORD, lure, CLIENT));
    t.keyhold.accounts().verifyEmail(
        new VerifyEmail.Command(t.lastLinkTokenTo("grace@example.com"), CLIENT));
    Actor me = actor(t.login("grace@example.com"));
    change(me, PASSWORD, NEW_PASSWORD);
    requestReset("grace@example.com");
    confirm(t.lastLinkTokenTo("grace@example.com"), "yet another passphrase 99");

    assertThat(mailTo("grace@example.com")).hasSize(4).allSatisfy(m -> {
      assertThat(m.subject()).doesNotContain("evil", "555");
      assertThat(m.textBody()).doesNotContain("evil", "555");
      assertThat(m.htmlBody()).doesNotContain("evil", "555");
    });
  }
}
