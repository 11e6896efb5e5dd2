package dev.keyhold.identity.core;

import static dev.keyhold.identity.core.TestKeyhold.FAST;
import static dev.keyhold.identity.core.TestKeyhold.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keyhold.identity.core.crypto.Totp;
import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.user.UserStatus;
import dev.keyhold.identity.usecase.ConfirmTotpEnrolment;
import dev.keyhold.identity.usecase.DisableTotp;
import dev.keyhold.identity.usecase.DisableUser;
import dev.keyhold.identity.usecase.StartTotpEnrolment;
import dev.keyhold.identity.usecase.UpdateProfile;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The profile ({@code GET /me}) is remembered for up to the session check's second: a change made on a node shows on
 * that node at once and on another node over the same stores within the second.
 */
class ProfileReadTest {

  private final TestKeyhold nodeA = new TestKeyhold();
  private final TestKeyhold nodeB = nodeA.redeployedWith(FAST);

  @Test
  void a_new_display_name_shows_at_once_here_and_within_a_second_on_another_node() {
    Actor ada = nodeA.signUp("ada@example.com");
    assertThat(nodeB.keyhold.accounts().profile(ada.userId()).displayName()).isNull();

    nodeA.keyhold.accounts().updateProfile(new UpdateProfile.Command(ada, "Ada L."));

    assertThat(nodeA.keyhold.accounts().profile(ada.userId()).displayName()).isEqualTo("Ada L.");
    assertThat(nodeB.keyhold.accounts().profile(ada.userId()).displayName())
        .as("node B may show what it read for up to a second").isNull();
    nodeA.clock.advance(Duration.ofMillis(1_001));
    assertThat(nodeB.keyhold.accounts().profile(ada.userId()).displayName()).isEqualTo("Ada L.");
  }

  @Test
  void turning_two_factor_on_and_off_shows_at_once_on_the_node_that_did_it() {
    Actor ada = nodeA.signUp("ada@example.com");
    assertThat(nodeA.keyhold.accounts().profile(ada.userId()).mfaEnabled()).isFalse();

    String secret = nodeA.keyhold.twoFactor()
        .startTotpEnrolment(new StartTotpEnrolment.Command(ada, PASSWORD)).secret();
    nodeA.keyhold.twoFactor().confirmTotpEnrolment(
        new ConfirmTotpEnrolment.Command(ada, Totp.code(secret, Totp.step(nodeA.clock.instant()) - 1)));
    assertThat(nodeA.keyhold.accounts().profile(ada.userId()).mfaEnabled()).isTrue();

    nodeA.keyhold.twoFactor().disableTotp(
        new DisableTotp.Command(ada, PASSWORD, Totp.code(secret, Totp.step(nodeA.clock.instant()))));
    assertThat(nodeA.keyhold.accounts().profile(ada.userId()).mfaEnabled()).isFalse();
  }

  @Test
  void an_administrator_disabling_a_user_shows_at_once_on_that_node() {
    nodeA.signUp("root@example.com");
    nodeA.grantAdmin("root@example.com");
    Actor root = nodeA.signIn("root@example.com");
    Actor ada = nodeA.signUp("ada@example.com");
    assertThat(nodeA.keyhold.accounts().profile(ada.userId()).status()).isEqualTo(UserStatus.ACTIVE);

    nodeA.keyhold.administration().disableUser(new DisableUser.Command(root, ada.userId()));

    assertThat(nodeA.keyhold.accounts().profile(ada.userId()).status()).isEqualTo(UserStatus.DISABLED);
  }

  @Test
  void with_a_zero_ttl_every_profile_is_read_from_the_store() {
    TestKeyhold strict = new TestKeyhold(builder -> builder.sessionCheckTtl(Duration.ZERO));
    TestKeyhold other = strict.redeployedWith(FAST);
    Actor ada = strict.signUp("ada@example.com");
    assertThat(strict.keyhold.accounts().profile(ada.userId()).displayName()).isNull();

    other.keyhold.accounts().updateProfile(new UpdateProfile.Command(other.signIn("ada@example.com"), "Ada"));

    assertThat(strict.keyhold.accounts().profile(ada.userId()).displayName()).isEqualTo("Ada");
  }
}
