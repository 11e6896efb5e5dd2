package dev.keyhold.identity.testkit;

import static dev.keyhold.identity.model.access.BuiltInRoles.ADMIN;
import static dev.keyhold.identity.model.access.BuiltInRoles.USER;
import static dev.keyhold.identity.testkit.TestTimes.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keyhold.identity.model.access.Role;
import dev.keyhold.identity.model.access.RoleId;
import dev.keyhold.identity.model.user.User;
import dev.keyhold.identity.spi.IdentityStores;
import dev.keyhold.identity.spi.UserRoleRepository;
import dev.keyhold.identity.testkit.Concurrently.Outcome;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link UserRoleRepository}: every adapter's test extends this class and implements
 * {@link #createEmpty()}. Grants reference users and roles, so each test first stores its users through
 * {@link IdentityStores#users()} and its custom roles through {@link IdentityStores#roles()}, as a database with
 * foreign keys requires.
 *
 * <p>"Grant order" is the order of the grant times ({@code at}); the tests grant at strictly increasing times, in an
 * order that is neither the roles' id order nor their name order.
 */
public abstract class UserRoleRepositoryContract {

  private UserRoleRepository userRoles;
  private User alice;
  private User bob;
  private Role zulu;
  private Role yankee;
  private Role xray;

  /**
   * Stores that hold nothing but the built-in roles, called once before each test; the contract uses their
   * {@code users()} and {@code roles()} to create what grants refer to, and their {@code userRoles()} as the
   * repository under test. A database-backed adapter empties its tables here (and may return the same instance every
   * time).
   */
  protected abstract IdentityStores createEmpty();

  @BeforeEach
  void createStores() {
    IdentityStores stores = createEmpty();
    userRoles = stores.userRoles();
    alice = TestUsers.newUser();
    bob = TestUsers.newUser();
    stores.users().insert(alice);
    stores.users().insert(bob);
    List<UUID> ids = TestIds.ascending(3);
    zulu = TestOrgs.globalRole(new RoleId(ids.get(0)), "zulu", T0);
    yankee = TestOrgs.globalRole(new RoleId(ids.get(1)), "yankee", T0);
    xray = TestOrgs.globalRole(new RoleId(ids.get(2)), "xray", T0);
    stores.roles().insert(zulu);
    stores.roles().insert(yankee);
    stores.roles().insert(xray);
  }

  @Test
  void a_user_without_grants_has_no_roles_not_even_the_implicit_user_role() {
    assertThat(userRoles.rolesOf(alice.id())).isEmpty();
    assertThat(userRoles.rolesOf(TestUsers.newId())).isEmpty();
  }

  @Test
  void granting_a_role_returns_true_and_lists_it() {
    assertThat(userRoles.grant(alice.id(), ADMIN.id(), T0)).isTrue();

    assertThat(userRoles.rolesOf(alice.id())).containsExactly(ADMIN.id());
  }

  @Test
  void granting_a_held_role_again_returns_false_and_keeps_its_place() {
    userRoles.grant(alice.id(), yankee.id(), T0.plusSeconds(1));
    userRoles.grant(alice.id(), xray.id(), T0.plusSeconds(2));

    assertThat(userRoles.grant(alice.id(), yankee.id(), T0.plusSeconds(3))).isFalse();

    assertThat(userRoles.rolesOf(alice.id())).containsExactly(yankee.id(), xray.id());
  }

  @Test
  void roles_are_listed_in_grant_order() {
    userRoles.grant(alice.id(), yankee.id(), T0.plusSeconds(1));
    userRoles.grant(alice.id(), ADMIN.id(), T0.plusSeconds(2).plusNanos(1_000));
    userRoles.grant(alice.id(), xray.id(), T0.plusSeconds(2).plusNanos(2_000));
    userRoles.grant(alice.id(), zulu.id(), T0.plusSeconds(3));

    assertThat(userRoles.rolesOf(alice.id())).containsExactly(yankee.id(), ADMIN.id(), xray.id(), zulu.id());
  }

  @Test
  void revoking_a_granted_role_returns_true_and_removes_only_it() {
    userRoles.grant(alice.id(), ADMIN.id(), T0);
    userRoles.grant(alice.id(), xray.id(), T0.plusSeconds(1));

    assertThat(userRoles.revoke(alice.id(), ADMIN.id())).isTrue();

    assertThat(userRoles.rolesOf(alice.id())).containsExactly(xray.id());
  }

  @Test
  void revoking_twice_returns_false_the_second_time() {
    userRoles.grant(alice.id(), ADMIN.id(), T0);

    assertThat(userRoles.revoke(alice.id(), ADMIN.id())).isTrue();
    assertThat(userRoles.revoke(alice.id(), ADMIN.id())).isFalse();

    assertThat(userRoles.rolesOf(alice.id())).isEmpty();
  }

  @Test
  void revoking_a_role_never_granted_returns_false() {
    userRoles.grant(alice.id(), xray.id(), T0);

    assertThat(userRoles.revoke(alice.id(), ADMIN.id())).isFalse();
    assertThat(userRoles.revoke(alice.id(), USER.id())).isFalse();

    assertThat(userRoles.rolesOf(alice.id())).containsExactly(xray.id());
  }

  @Test
  void a_role_granted_again_after_revocation_takes_its_new_place_in_grant_order() {
    userRoles.grant(alice.id(), xray.id(), T0.plusSeconds(1));
    userRoles.grant(alice.id(), zulu.id(), T0.plusSeconds(2));
    userRoles.revoke(alice.id(), xray.id());

    assertThat(userRoles.grant(alice.id(), xray.id(), T0.plusSeconds(3))).isTrue();

    assertThat(userRoles.rolesOf(alice.id())).containsExactly(zulu.id(), xray.id());
  }

  @Test
  void grants_and_revocations_concern_only_their_user() {
    userRoles.grant(alice.id(), ADMIN.id(), T0);
    userRoles.grant(bob.id(), ADMIN.id(), T0.plusSeconds(1));
    userRoles.grant(bob.id(), zulu.id(), T0.plusSeconds(2));

    assertThat(userRoles.revoke(alice.id(), zulu.id())).isFalse();
    assertThat(userRoles.revoke(bob.id(), ADMIN.id())).isTrue();

    assertThat(userRoles.rolesOf(alice.id())).containsExactly(ADMIN.id());
    assertThat(userRoles.rolesOf(bob.id())).containsExactly(zulu.id());
  }

  @Test
  void concurrent_grants_of_one_role_report_exactly_one_grant() {
    for (int round = 0; round < Concurrently.ROUNDS; round++) {
      userRoles.revoke(alice.id(), ADMIN.id());

      List<Outcome<Boolean>> outcomes =
          Concurrently.call(16, i -> userRoles.grant(alice.id(), ADMIN.id(), T0.plusSeconds(i + 1)));

      assertThat(outcomes).allMatch(Outcome::succeeded);
      assertThat(outcomes).as("round %d", round).filteredOn(Outcome::value).hasSize(1);
      assertThat(userRoles.rolesOf(alice.id())).containsExactly(ADMIN.id());
    }
  }

  @Test
  void concurrent_revocations_of_one_role_report_exactly_one_revocation() {
    for (int round = 0; round < Concurrently.ROUNDS; round++) {
      userRoles.grant(alice.id(), ADMIN.id(), T0);

      List<Outcome<Boolean>> outcomes = Concurrently.call(16, i -> userRoles.revoke(alice.id(), ADMIN.id()));

      assertThat(outcomes).allMatch(Outcome::succeeded);
      assertThat(outcomes).as("round %d", round).filteredOn(Outcome::value).hasSize(1);
      assertThat(userRoles.rolesOf(alice.id())).isEmpty();
    }
  }
}
