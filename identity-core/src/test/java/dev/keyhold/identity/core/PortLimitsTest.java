package dev.keyhold.identity.core;

import static dev.keyhold.identity.core.TestKeyhold.CLIENT;
import static dev.keyhold.identity.core.TestKeyhold.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyhold.identity.error.InvalidTokenException;
import dev.keyhold.identity.error.ValidationException;
import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.access.OrgId;
import dev.keyhold.identity.model.org.Invitation;
import dev.keyhold.identity.model.token.TokenHash;
import dev.keyhold.identity.model.user.Passwords;
import dev.keyhold.identity.model.user.User;
import dev.keyhold.identity.usecase.AcceptInvitation;
import dev.keyhold.identity.usecase.CreateOrganization;
import dev.keyhold.identity.usecase.InviteMember;
import dev.keyhold.identity.usecase.Organizations;
import dev.keyhold.identity.usecase.RegisterAccount;
import dev.keyhold.identity.usecase.VerifyEmail;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The use cases enforce exactly the limits the ports' model types declare, the ones the HTTP adapter's OpenAPI
 * document and docs/api.md read: each is accepted at its bound and refused one step beyond.
 */
class PortLimitsTest {

  private final TestKeyhold t = new TestKeyhold();
  private final Organizations orgs = t.keyhold.organizations();

  @Test
  void an_invitation_lives_from_the_least_to_the_greatest_lifetime_and_the_default_without_one() {
    Actor owner = t.signUp("owner@example.com");
    OrgId acme = orgs.create(new CreateOrganization.Command(owner, "Acme Inc.", "acme")).id();

    assertThat(violation(() -> orgs.invite(new InviteMember.Command(owner, acme, "a@example.com", "member",
        Invitation.MIN_LIFETIME.minusSeconds(1))))).isEqualTo("invalid_expires_in");
    assertThat(orgs.invite(new InviteMember.Command(owner, acme, "b@example.com", "member", Invitation.MIN_LIFETIME))
        .expiresAt())
        .isEqualTo(t.clock.instant().plus(Invitation.MIN_LIFETIME));
    assertThat(orgs.invite(new InviteMember.Command(owner, acme, "c@example.com", "member", Invitation.MAX_LIFETIME))
        .expiresAt())
        .isEqualTo(t.clock.instant().plus(Invitation.MAX_LIFETIME));
    assertThat(violation(() -> orgs.invite(new InviteMember.Command(owner, acme, "d@example.com", "member",
        Invitation.MAX_LIFETIME.plusSeconds(1))))).isEqualTo("invalid_expires_in");
    assertThat(orgs.invite(new InviteMember.Command(owner, acme, "e@example.com", "member", null)).expiresAt())
        .isEqualTo(t.clock.instant().plus(Invitation.DEFAULT_LIFETIME));
  }

  @Test
  void a_display_name_is_at_most_its_greatest_length_in_code_points() {
    String longest = "😀".repeat(User.DISPLAY_NAME_MAX_LENGTH);

    assertThatCode(() -> register("a@example.com", PASSWORD, longest)).doesNotThrowAnyException();
    assertThat(violation(() -> register("b@example.com", PASSWORD, longest + "n")))
        .isEqualTo("invalid_display_name");
  }

  @Test
  void a_password_is_from_the_least_to_the_greatest_length() {
    assertThat(violation(() -> register("a@example.com", "Zq7#vLpWk3".repeat(4).substring(0, Passwords.MIN_LENGTH - 1), null)))
        .isEqualTo("password_too_short");
    assertThat(violation(() -> register("b@example.com", "x".repeat(Passwords.MAX_LENGTH + 1), null)))
        .isEqualTo("password_too_long");
  }

  @Test
  void a_link_token_longer_than_the_greatest_length_is_refused_before_it_is_looked_up() {
    String tooLong = "x".repeat(TokenHash.MAX_LINK_TOKEN_LENGTH + 1);
    Actor ada = t.signUp("ada@example.com");

    assertThatThrownBy(() -> t.keyhold.accounts().verifyEmail(new VerifyEmail.Command(tooLong, CLIENT)))
        .isInstanceOfSatisfying(InvalidTokenException.class, e -> assertThat(e.reason()).isEqualTo("malformed"));
    assertThatThrownBy(() -> orgs.acceptInvitation(new AcceptInvitation.Command(ada, tooLong)))
        .isInstanceOfSatisfying(InvalidTokenException.class, e -> assertThat(e.reason()).isEqualTo("malformed"));
    assertThatThrownBy(() -> t.keyhold.accounts().verifyEmail(
        new VerifyEmail.Command("x".repeat(TokenHash.MAX_LINK_TOKEN_LENGTH), CLIENT)))
        .isInstanceOfSatisfying(InvalidTokenException.class, e -> assertThat(e.reason()).isNotEqualTo("malformed"));
  }

  private void register(String email, String password, String displayName) {
    t.keyhold.accounts().register(new RegisterAccount.Command(email, password, displayName, CLIENT));
  }

  private static String violation(Runnable action) {
    try {
      action.run();
    } catch (ValidationException e) {
      return e.violations().get(0).code();
    }
    throw new AssertionError("expected a validation failure");
  }
}
