package dev.keyhold.identity.core;

import static dev.keyhold.identity.core.TestKeyhold.CLIENT;
import static dev.keyhold.identity.core.TestKeyhold.PASSWORD;
import static dev.keyhold.identity.core.TestKeyhold.clientAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.keyhold.identity.error.IdentityException;
import dev.keyhold.identity.error.InvalidCredentialsException;
import dev.keyhold.identity.error.TooManyRequestsException;
import dev.keyhold.identity.model.ClientInfo;
import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.access.OrgId;
import dev.keyhold.identity.model.audit.AuditEvent;
import dev.keyhold.identity.model.user.Email;
import dev.keyhold.identity.usecase.Authenticate;
import dev.keyhold.identity.usecase.ChangePassword;
import dev.keyhold.identity.usecase.CreateOrganization;
import dev.keyhold.identity.usecase.InviteMember;
import dev.keyhold.identity.usecase.RegisterAccount;
import dev.keyhold.identity.usecase.ResendVerification;
import dev.keyhold.identity.usecase.ResetPassword;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The default rate limits through the use cases, on a fixed clock: each allows its whole burst at one instant, then
 * refuses with the exact wait until one more request (the period divided by the permits).
 */
class RateLimitUseCasesTest {

  private final TestKeyhold t = new TestKeyhold();

  private IdentityException login(String email, String password, ClientInfo client) {
    return catchThrowableOfType(IdentityException.class,
        () -> t.keyhold.accounts().login(new Authenticate.Command(email, password, client)));
  }

  private Runnable loginCall(String email, String password, ClientInfo client) {
    return () -> t.keyhold.accounts().login(new Authenticate.Command(email, password, client));
  }

  private void register(String email, ClientInfo client) {
    t.keyhold.accounts().register(new RegisterAccount.Command(email, PASSWORD, null, client));
  }

  private void resend(String email, ClientInfo client) {
    t.keyhold.accounts().resendVerification(new ResendVerification.Command(email, client));
  }

  private void requestReset(String email, ClientInfo client) {
    t.keyhold.accounts().requestPasswordReset(new ResetPassword.Request(email, client));
  }

  private static TooManyRequestsException rateLimited(Runnable action) {
    TooManyRequestsException e = catchThrowableOfType(TooManyRequestsException.class, action::run);
    assertThat(e).as("refused by a rate limit").isNotNull();
    assertThat(e.code()).isEqualTo("rate_limited");
    return e;
  }

  private static void assertLimit(TooManyRequestsException e, String policy, int permits, Duration window,
      Duration retryAfter) {
    assertThat(e.retryAfter()).isEqualTo(retryAfter);
    assertThat(e.limit()).hasValue(new TooManyRequestsException.Limit(policy, permits, window, 0, window));
  }

  @Test
  void twenty_logins_a_minute_from_one_address_then_one_every_3_seconds() {
    for (int i = 0; i < 20; i++) {
      assertThat(login("user" + i + "@example.com", "wrong password", CLIENT))
          .isInstanceOf(InvalidCredentialsException.class);
    }
    int verifications = t.hasher.verifications.get();

    TooManyRequestsException refused = rateLimited(loginCall("other@example.com", "wrong password", CLIENT));

    assertLimit(refused, "login-ip", 20, Duration.ofMinutes(1), Duration.ofSeconds(3));
    assertThat(t.hasher.verifications.get()).as("no password checked").isEqualTo(verifications);
    assertThat(login("other@example.com", "wrong password", clientAt("203.0.113.8")))
        .as("another address is not limited").isInstanceOf(InvalidCredentialsException.class);
    t.clock.advance(Duration.ofSeconds(2));
    assertThat(rateLimited(loginCall("other@example.com", "wrong password", CLIENT)).retryAfter())
        .isEqualTo(Duration.ofSeconds(1));
    t.clock.advance(Duration.ofSeconds(1));
    assertThat(login("other@example.com", "wrong password", CLIENT)).isInstanceOf(InvalidCredentialsException.class);
  }

  @Test
  void ten_logins_a_minute_to_one_account_from_any_addresses_then_one_every_6_seconds() {
    t.registerAndVerify("grace@example.com");
    for (int i = 0; i < 10; i++) {
      ClientInfo client = clientAt("198.51.100." + i);
      t.keyhold.accounts().login(new Authenticate.Command("grace@example.com", PASSWORD, client));
    }

    TooManyRequestsException refused =
        rateLimited(loginCall("GRACE@example.com", PASSWORD, clientAt("198.51.100.99")));

    assertLimit(refused, "login-account", 10, Duration.ofMinutes(1), Duration.ofSeconds(6));
    t.clock.advance(Duration.ofSeconds(6));
    assertThat(t.login("grace@example.com").userId()).isEqualTo(t.userId("grace@example.com"));
  }

  @Test
  void ipv6_addresses_are_limited_by_their_64_bit_prefix() {
    for (int i = 1; i <= 20; i++) {
      login("user" + i + "@example.com", "wrong password", clientAt("2001:db8:1:2::" + Integer.toHexString(i)));
    }

    assertLimit(rateLimited(loginCall("a@example.com", "wrong", clientAt("2001:db8:1:2:ffff:ffff:ffff:ffff"))),
        "login-ip", 20, Duration.ofMinutes(1), Duration.ofSeconds(3));
    assertThat(login("a@example.com", "wrong", clientAt("2001:db8:1:3::1")))
        .isInstanceOf(InvalidCredentialsException.class);
  }

  @Test
  void without_a_client_address_only_the_per_account_limits_apply() {
    for (int i = 0; i < 30; i++) {
      login("user" + i + "@example.com", "wrong password", ClientInfo.unknown());
    }
    assertThat(login("user0@example.com", "wrong password", ClientInfo.unknown()))
        .isInstanceOf(InvalidCredentialsException.class);
  }

  @Test
  void ten_registrations_an_hour_from_one_address_then_one_every_6_minutes() {
    for (int i = 0; i < 10; i++) {
      register("user" + i + "@example.com", CLIENT);
    }
    int hashes = t.hasher.hashes.get();
    int mails = t.mail().size();

    TooManyRequestsException refused = rateLimited(() -> register("late@example.com", CLIENT));

    assertLimit(refused, "register-ip", 10, Duration.ofHours(1), Duration.ofMinutes(6));
    assertThat(t.hasher.hashes.get()).isEqualTo(hashes);
    assertThat(t.mail()).hasSize(mails);
    assertThat(t.stores.users().findByEmail(Email.parse("late@example.com"))).isEmpty();
    t.clock.advance(Duration.ofMinutes(6));
    register("late@example.com", CLIENT);
    assertThat(t.stores.users().findByEmail(Email.parse("late@example.com"))).isPresent();
  }

  @Test
  void three_registrations_an_hour_of_one_address_so_its_owner_gets_at_most_three_mails() {
    for (int i = 0; i < 3; i++) {
      register("grace@example.com", clientAt("198.51.100." + i));
    }

    TooManyRequestsException refused =
        rateLimited(() -> register("Grace@Example.com", clientAt("198.51.100.99")));

    assertLimit(refused, "register-account", 3, Duration.ofHours(1), Duration.ofMinutes(20));
    assertThat(t.mail()).hasSize(3);
  }

  @Test
  void a_rejected_password_does_not_use_up_the_per_account_registration_limit() {
    for (int i = 0; i < 5; i++) {
      catchThrowableOfType(IdentityException.class, () -> t.keyhold.accounts()
          .register(new RegisterAccount.Command("grace@example.com", "password", null, CLIENT)));
    }

    register("grace@example.com", CLIENT);

    assertThat(t.stores.users().findByEmail(Email.parse("grace@example.com"))).isPresent();
  }

  @Test
  void five_resends_an_hour_from_one_address_and_three_to_one_account() {
    t.register("grace@example.com");
    for (int i = 0; i < 5; i++) {
      resend("user" + i + "@example.com", CLIENT);
    }
    assertLimit(rateLimited(() -> resend("grace@example.com", CLIENT)),
        "resend-ip", 5, Duration.ofHours(1), Duration.ofMinutes(12));

    for (int i = 0; i < 3; i++) {
      resend("grace@example.com", clientAt("198.51.100." + i));
    }
    int mails = t.mail().size();
    assertLimit(rateLimited(() -> resend("grace@example.com", clientAt("198.51.100.99"))),
        "resend-account", 3, Duration.ofHours(1), Duration.ofMinutes(20));
    assertThat(t.mail()).hasSize(mails);
  }

  @Test
  void five_reset_requests_an_hour_from_one_address_then_one_every_12_minutes() {
    t.registerAndVerify("grace@example.com");
    for (int i = 0; i < 5; i++) {
      requestReset("user" + i + "@example.com", CLIENT);
    }
    int secrets = t.secrets.secrets.get();

    TooManyRequestsException refused = rateLimited(() -> requestReset("grace@example.com", CLIENT));

    assertLimit(refused, "reset-ip", 5, Duration.ofHours(1), Duration.ofMinutes(12));
    assertThat(t.mail()).noneMatch(m -> m.subject().startsWith("Reset"));
    assertThat(t.secrets.secrets.get()).as("refused before any work").isEqualTo(secrets);
    requestReset("grace@example.com", clientAt("203.0.113.8"));
    t.clock.advance(Duration.ofMinutes(12).minusSeconds(1));
    assertThat(rateLimited(() -> requestReset("grace@example.com", CLIENT)).retryAfter())
        .isEqualTo(Duration.ofSeconds(1));
    t.clock.advance(Duration.ofSeconds(1));
    requestReset("grace@example.com", CLIENT);
    assertThat(t.mail()).filteredOn(m -> m.subject().startsWith("Reset")).hasSize(2);
  }

  @Test
  void three_reset_requests_an_hour_per_address_known_or_not_so_its_owner_gets_at_most_three_mails() {
    t.registerAndVerify("grace@example.com");
    for (int i = 0; i < 3; i++) {
      requestReset("grace@example.com", clientAt("198.51.100." + i));
      requestReset("nobody@example.com", clientAt("198.51.100." + (10 + i)));
    }
    int mails = t.mail().size();

    TooManyRequestsException known =
        rateLimited(() -> requestReset("Grace@Example.com", clientAt("198.51.100.99")));
    TooManyRequestsException unknown =
        rateLimited(() -> requestReset("nobody@example.com", clientAt("198.51.100.98")));

    assertLimit(known, "reset-account", 3, Duration.ofHours(1), Duration.ofMinutes(20));
    assertLimit(unknown, "reset-account", 3, Duration.ofHours(1), Duration.ofMinutes(20));
    assertThat(t.mail()).hasSize(mails);
    assertThat(t.mail()).filteredOn(m -> m.subject().startsWith("Reset")).hasSize(3);
    t.clock.advance(Duration.ofMinutes(20));
    requestReset("grace@example.com", clientAt("198.51.100.99"));
    assertThat(t.mail()).hasSize(mails + 1);
  }

  @Test
  void changing_the_password_counts_against_the_login_limits() {
    Actor me = t.signUp("grace@example.com");
    for (int i = 0; i < 9; i++) {
      t.keyhold.accounts().login(new Authenticate.Command("grace@example.com", PASSWORD, clientAt("198.51.100." + i)));
    }

    TooManyRequestsException refused = rateLimited(() -> t.keyhold.accounts().changePassword(
        new ChangePassword.Command(me, PASSWORD, "a brand new passphrase 2026")));

    assertLimit(refused, "login-account", 10, Duration.ofMinutes(1), Duration.ofSeconds(6));
  }

  @Test
  void fifty_invitations_an_hour_per_inviting_user_then_one_every_72_seconds() {
    Actor owner = t.signUp("owner@example.com");
    Actor other = t.signUp("other@example.com");
    OrgId acme = t.keyhold.organizations().create(new CreateOrganization.Command(owner, "Acme", "acme")).id();
    OrgId globex = t.keyhold.organizations().create(new CreateOrganization.Command(owner, "Globex", "globex")).id();
    OrgId initech = t.keyhold.organizations().create(new CreateOrganization.Command(other, "Initech", "initech")).id();
    for (int i = 0; i < 50; i++) {
      OrgId org = i % 2 == 0 ? acme : globex;
      t.keyhold.organizations().invite(new InviteMember.Command(owner, org, "u" + i + "@example.com", "member", null));
    }

    TooManyRequestsException refused = rateLimited(
        () -> t.keyhold.organizations()
            .invite(new InviteMember.Command(owner, acme, "late@example.com", "member", null)));

    assertLimit(refused, "invite-user", 50, Duration.ofHours(1), Duration.ofSeconds(72));
    assertThat(t.mail()).noneMatch(m -> m.to().equals("late@example.com"));
    t.keyhold.organizations().invite(new InviteMember.Command(other, initech, "late@example.com", "member", null));
    AuditEvent audited = t.stores.auditEvents().stream().filter(e -> e.action().equals("rate_limited"))
        .reduce((a, b) -> b).orElseThrow();
    assertThat(audited.actorId()).isEqualTo(owner.userId().toString());
    assertThat(audited.orgId()).isEqualTo(acme.toString());
    assertThat(audited.details()).isEqualTo(Map.of("limit", "invite-user"));
  }

  @Test
  void a_refusal_is_audited_with_the_limit_name_and_nothing_else() {
    for (int i = 0; i < 21; i++) {
      login("user" + i + "@example.com", PASSWORD, CLIENT);
    }

    AuditEvent refused = t.stores.auditEvents().get(t.stores.auditEvents().size() - 1);
    assertThat(refused.action()).isEqualTo("rate_limited");
    assertThat(refused.outcome()).isEqualTo("failure");
    assertThat(refused.details()).isEqualTo(Map.of("limit", "login-ip"));
    assertThat(refused.client()).isEqualTo(CLIENT);
    assertThat(refused.actorId()).isNull();
    assertThat(refused.toString()).doesNotContain("user20@example.com", PASSWORD);
  }
}
