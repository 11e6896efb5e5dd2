package dev.keyhold.identity.core;

import static dev.keyhold.identity.core.TestKeyhold.CLIENT;
import static dev.keyhold.identity.core.TestKeyhold.PASSWORD;
import static dev.keyhold.identity.core.TestKeyhold.code;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.token.IssuedTokens;
import dev.keyhold.identity.model.user.Email;
import dev.keyhold.identity.model.user.User;
import dev.keyhold.identity.spi.Mailer;
import dev.keyhold.identity.usecase.Authenticate;
import dev.keyhold.identity.usecase.ChangeEmail;
import dev.keyhold.identity.usecase.ConfirmEmailChange;
import dev.keyhold.identity.usecase.ResetPassword;
import dev.keyhold.identity.usecase.RotateRefreshToken;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Changing one's address: a link to the new one, a notice to the old one, and the change only when confirmed. */
class EmailChangeTest {

  private final TestKeyhold t = new TestKeyhold();

  @Test
  void the_address_changes_only_when_the_link_mailed_to_it_is_used_and_other_sessions_end() {
    t.registerAndVerify("ada@example.com");
    Authenticate.Authenticated laptop = t.login("ada@example.com");
    Actor ada = new Actor(laptop.userId(), laptop.tokens().sessionId(), CLIENT);
    IssuedTokens phone = t.login("ada@example.com").tokens();

    t.keyhold.accounts().changeEmail(new ChangeEmail.Command(ada, " Ada.Lovelace@Example.com ", PASSWORD));

    assertThat(t.stores.users().findById(ada.userId()).orElseThrow().email().normalized())
        .as("nothing changes before the confirmation").isEqualTo("ada@example.com");
    assertThat(mailTo("ada@example.com")).last().satisfies(notice -> {
      assertThat(notice.subject()).contains("change of your");
      assertThat(notice.textBody()).contains("Ada.Lovelace@Example.com").doesNotContain("token=");
    });
    String token = t.lastLinkTokenTo("Ada.Lovelace@Example.com");

    ConfirmEmailChange.Confirmed confirmed =
        t.keyhold.accounts().confirmEmailChange(new ConfirmEmailChange.Command(token, CLIENT));

    assertThat(confirmed.email()).isEqualTo("Ada.Lovelace@Example.com");
    assertThat(confirmed.sessionsEnded()).isEqualTo(1);
    User changed = t.stores.users().findById(ada.userId()).orElseThrow();
    assertThat(changed.email().normalized()).isEqualTo("ada.lovelace@example.com");
    assertThat(changed.emailVerified()).isTrue();
    assertThat(code(() -> t.keyhold.sessions().refresh(new RotateRefreshToken.Command(phone.refreshToken(),
        CLIENT)))).as("the other session").isEqualTo("invalid_refresh_token");
    assertThat(t.keyhold.sessions().refresh(new RotateRefreshToken.Command(laptop.tokens().refreshToken(), CLIENT))
        .accessToken()).as("the session that asked goes on").isNotBlank();
    assertThat(t.login("ada.lovelace@example.com").userId()).isEqualTo(ada.userId());
    assertThat(code(() -> t.login("ada@example.com"))).isEqualTo("invalid_credentials");
    assertThat(code(() -> t.keyhold.accounts().confirmEmailChange(new ConfirmEmailChange.Command(token, CLIENT))))
        .as("used once").isEqualTo("invalid_link_token");
  }

  @Test
  void a_taken_address_gets_a_notice_without_a_link_and_the_request_looks_the_same() {
    Actor ada = t.signUp("ada@example.com");
    t.signUp("grace@example.com");
    int before = t.mail().size();

    t.keyhold.accounts().changeEmail(new ChangeEmail.Command(ada, "GRACE@example.com", PASSWORD));

    List<Mailer.Message> sent = t.mail().subList(before, t.mail().size());
    assertThat(sent).extracting(Mailer.Message::to).containsExactlyInAnyOrder("GRACE@example.com", "ada@example.com");
    assertThat(sent).allSatisfy(mail -> assertThat(mail.textBody()).doesNotContain("token="));
    assertThat(t.stores.users().findById(ada.userId()).orElseThrow().email().normalized())
        .isEqualTo("ada@example.com");
  }

  @Test
  void of_two_users_confirming_one_address_the_second_is_told_it_is_taken_and_keeps_their_address() {
    Actor ada = t.signUp("ada@example.com");
    Actor grace = t.signUp("grace@example.com");
    t.keyhold.accounts().changeEmail(new ChangeEmail.Command(ada, "shared@example.com", PASSWORD));
    String adas = t.lastLinkTokenTo("shared@example.com");
    t.keyhold.accounts().changeEmail(new ChangeEmail.Command(grace, "shared@example.com", PASSWORD));
    String graces = t.lastLinkTokenTo("shared@example.com");

    t.keyhold.accounts().confirmEmailChange(new ConfirmEmailChange.Command(graces, CLIENT));

    assertThat(code(() -> t.keyhold.accounts().confirmEmailChange(new ConfirmEmailChange.Command(adas, CLIENT))))
        .isEqualTo("email_taken");
    assertThat(t.stores.users().findById(ada.userId()).orElseThrow().email().normalized())
        .isEqualTo("ada@example.com");
    assertThat(t.stores.users().findByEmail(Email.parse("shared@example.com")).orElseThrow().id())
        .isEqualTo(grace.userId());
  }

  @Test
  void the_request_needs_the_current_password_a_valid_new_address_and_a_different_one() {
    Actor ada = t.signUp("ada@example.com");

    assertThat(code(() -> t.keyhold.accounts().changeEmail(new ChangeEmail.Command(ada, "new@example.com",
        "wrong password")))).isEqualTo("invalid_credentials");
    assertThat(code(() -> t.keyhold.accounts().changeEmail(new ChangeEmail.Command(ada, "not an address",
        PASSWORD)))).isEqualTo("validation_failed");
    assertThat(code(() -> t.keyhold.accounts().changeEmail(new ChangeEmail.Command(ada, "ADA@example.com",
        PASSWORD)))).isEqualTo("validation_failed");
    assertThat(t.mail()).noneMatch(mail -> mail.to().equals("new@example.com"));
  }

  @Test
  void a_newer_request_voids_the_earlier_link_and_an_expired_link_is_refused() {
    Actor ada = t.signUp("ada@example.com");
    t.keyhold.accounts().changeEmail(new ChangeEmail.Command(ada, "first@example.com", PASSWORD));
    String first = t.lastLinkTokenTo("first@example.com");
    t.keyhold.accounts().changeEmail(new ChangeEmail.Command(ada, "second@example.com", PASSWORD));
    String second = t.lastLinkTokenTo("second@example.com");

    assertThat(code(() -> t.keyhold.accounts().confirmEmailChange(new ConfirmEmailChange.Command(first, CLIENT))))
        .isEqualTo("invalid_link_token");
    t.clock.advance(Duration.ofHours(25));
    assertThat(code(() -> t.keyhold.accounts().confirmEmailChange(new ConfirmEmailChange.Command(second, CLIENT))))
        .isEqualTo("invalid_link_token");
    assertThat(t.stores.users().findById(ada.userId()).orElseThrow().email().normalized())
        .isEqualTo("ada@example.com");
  }

  @Test
  void a_reset_link_mailed_to_the_old_address_stops_working_once_the_address_changes() {
    Actor ada = t.signUp("ada@example.com");
    t.keyhold.accounts().requestPasswordReset(new ResetPassword.Request("ada@example.com", CLIENT));
    String reset = t.lastLinkTokenTo("ada@example.com");
    t.keyhold.accounts().changeEmail(new ChangeEmail.Command(ada, "ada.new@example.com", PASSWORD));
    t.keyhold.accounts().confirmEmailChange(
        new ConfirmEmailChange.Command(t.lastLinkTokenTo("ada.new@example.com"), CLIENT));

    assertThat(code(() -> t.keyhold.accounts().confirmPasswordReset(
        new ResetPassword.Confirmation(reset, "a brand new passphrase 2026", CLIENT)))).isEqualTo("invalid_link_token");
  }

  private List<Mailer.Message> mailTo(String address) {
    return t.mail().stream().filter(mail -> mail.to().equals(address)).toList();
  }
}
