package dev.keyhold.identity.core;

import static dev.keyhold.identity.core.TestKeyhold.CLIENT;
import static dev.keyhold.identity.core.TestKeyhold.PASSWORD;
import static dev.keyhold.identity.core.TestKeyhold.code;
import static dev.keyhold.identity.core.TestKeyhold.payloadOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keyhold.identity.error.ValidationException;
import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.access.BuiltInRoles;
import dev.keyhold.identity.model.access.Scopes;
import dev.keyhold.identity.model.audit.AuditEvent;
import dev.keyhold.identity.model.token.IssuedTokens;
import dev.keyhold.identity.model.user.User;
import dev.keyhold.identity.model.user.UserId;
import dev.keyhold.identity.model.user.UserStatus;
import dev.keyhold.identity.usecase.Administration;
import dev.keyhold.identity.usecase.Administration.Page;
import dev.keyhold.identity.usecase.Administration.UserDetails;
import dev.keyhold.identity.usecase.Administration.UserSummary;
import dev.keyhold.identity.usecase.Authenticate;
import dev.keyhold.identity.usecase.BootstrapAdmin;
import dev.keyhold.identity.usecase.CreateGlobalRole;
import dev.keyhold.identity.usecase.CreateOrganization;
import dev.keyhold.identity.usecase.CreateUser;
import dev.keyhold.identity.usecase.DisableUser;
import dev.keyhold.identity.usecase.EnableUser;
import dev.keyhold.identity.usecase.DeleteUser;
import dev.keyhold.identity.usecase.GetUser;
import dev.keyhold.identity.usecase.GrantGlobalRole;
import dev.keyhold.identity.usecase.ListUsers;
import dev.keyhold.identity.usecase.LogoutUser;
import dev.keyhold.identity.usecase.RevokeGlobalRole;
import dev.keyhold.identity.usecase.RotateRefreshToken;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AdministrationUseCasesTest {

  private static final String ADMIN_SCOPE = "audit:read roles:write users:read users:write";

  private final TestKeyhold t = new TestKeyhold();
  private final Administration admin = t.keyhold.administration();
  private Actor root;

  @BeforeEach
  void bootstrap() {
    admin.bootstrapAdmin(new BootstrapAdmin.Command("root@example.com", PASSWORD, CLIENT));
    root = t.signIn("root@example.com");
  }

  private List<String> rolesOf(String email) {
    return admin.listUsers(new ListUsers.Query(root, email, null, null, 10)).items().get(0).roles();
  }

  // Bootstrap and token scopes

  @Test
  void bootstrapping_creates_a_verified_administrator_whose_tokens_carry_the_admin_scopes() {
    User stored = t.stores.users().findById(root.userId()).orElseThrow();
    assertThat(stored.emailVerified()).isTrue();
    assertThat(stored.passwordHash().encoded()).startsWith("$argon2id$");
    IssuedTokens tokens = t.login("root@example.com").tokens();
    assertThat(tokens.scopes()).containsExactly("audit:read", "roles:write", "users:read", "users:write");
    assertThat(t.keyhold.sessions().authenticate(tokens.accessToken()).scopes())
        .containsExactly("audit:read", "roles:write", "users:read", "users:write");
    assertThat(payloadOf(tokens.accessToken())).contains("\"scope\":\"" + ADMIN_SCOPE + "\"")
        .doesNotContain("org_id");
  }

  @Test
  void bootstrapping_is_idempotent_and_keeps_an_existing_users_password() {
    UserId again = admin.bootstrapAdmin(new BootstrapAdmin.Command("ROOT@example.com", "another long passphrase 42",
        CLIENT));
    assertThat(again).isEqualTo(root.userId());
    assertThat(t.stores.userRoles().rolesOf(root.userId())).containsExactly(BuiltInRoles.ADMIN.id());
    t.login("root@example.com");

    t.registerAndVerify("grace@example.com");
    UserId grace = admin.bootstrapAdmin(new BootstrapAdmin.Command("grace@example.com", null, CLIENT));
    assertThat(grace).isEqualTo(t.userId("grace@example.com"));
    assertThat(t.login("grace@example.com").tokens().scopes()).contains("users:write");
    assertThat(t.stores.auditEvents()).filteredOn(e -> e.action().equals("role.granted")).hasSize(2);
  }

  @Test
  void bootstrapping_a_new_user_applies_the_password_policy() {
    assertThat(violation(() -> admin.bootstrapAdmin(new BootstrapAdmin.Command("new@example.com", "short", CLIENT))))
        .isEqualTo("password_too_short");
    assertThat(violation(() -> admin.bootstrapAdmin(new BootstrapAdmin.Command("not-an-email", PASSWORD, CLIENT))))
        .isEqualTo("invalid_email");
    assertThat(admin.listUsers(new ListUsers.Query(root, "new@", null, null, 10)).items()).isEmpty();
  }

  @Test
  void a_plain_users_tokens_carry_no_scope_and_refresh_picks_up_new_roles() {
    t.registerAndVerify("grace@example.com");
    IssuedTokens login = t.login("grace@example.com").tokens();
    assertThat(login.scopes()).isEmpty();
    assertThat(payloadOf(login.accessToken())).doesNotContain("\"scope\"");

    admin.grantRole(new GrantGlobalRole.Command(root, t.userId("grace@example.com"), "admin"));
    IssuedTokens refreshed = t.keyhold.sessions().refresh(new RotateRefreshToken.Command(login.refreshToken(), CLIENT));
    assertThat(t.keyhold.sessions().authenticate(refreshed.accessToken()).scopes())
        .containsExactly("audit:read", "roles:write", "users:read", "users:write");

    admin.revokeRole(new RevokeGlobalRole.Command(root, t.userId("grace@example.com"), "admin"));
    IssuedTokens again = t.keyhold.sessions().refresh(new RotateRefreshToken.Command(refreshed.refreshToken(), CLIENT));
    assertThat(again.scopes()).isEmpty();
  }

  // Global roles

  @Test
  void global_roles_need_roles_write() {
    Actor grace = t.signUp("grace@example.com");
    assertThat(code(() -> admin.listGlobalRoles(grace))).isEqualTo("forbidden");
    assertThat(code(() -> admin.createGlobalRole(new CreateGlobalRole.Command(grace, "mine", List.of()))))
        .isEqualTo("forbidden");
    assertThat(code(() -> admin.grantRole(new GrantGlobalRole.Command(grace, grace.userId(), "admin"))))
        .isEqualTo("forbidden");
    assertThat(admin.listGlobalRoles(root)).extracting(Administration.GlobalRoleView::name)
        .containsExactly("admin", "user");
  }

  @Test
  void creating_a_global_role_checks_the_platform_catalog_names_and_escalation() {
    Administration.GlobalRoleView support = admin.createGlobalRole(new CreateGlobalRole.Command(root, "support",
        List.of(Scopes.USERS_READ)));
    assertThat(support.builtIn()).isFalse();
    assertThat(support.scopes()).containsExactly("users:read");
    assertThat(code(() -> admin.createGlobalRole(new CreateGlobalRole.Command(root, "support", List.of()))))
        .isEqualTo("role_name_taken");
    assertThat(code(() -> admin.createGlobalRole(new CreateGlobalRole.Command(root, "admin", List.of()))))
        .isEqualTo("role_name_taken");
    assertThat(violation(() -> admin.createGlobalRole(new CreateGlobalRole.Command(root, "orgish",
        List.of(Scopes.ORG_READ)))))
        .isEqualTo("unknown_scope");

    admin.createGlobalRole(new CreateGlobalRole.Command(root, "rolesmith", List.of(Scopes.ROLES_WRITE)));
    t.registerAndVerify("smith@example.com");
    admin.grantRole(new GrantGlobalRole.Command(root, t.userId("smith@example.com"), "rolesmith"));
    Actor smith = t.signIn("smith@example.com");
    assertThat(code(() -> admin.createGlobalRole(new CreateGlobalRole.Command(smith, "reader",
        List.of(Scopes.USERS_READ)))))
        .isEqualTo("forbidden");
    assertThat(admin.createGlobalRole(new CreateGlobalRole.Command(smith, "smith2",
        List.of(Scopes.ROLES_WRITE))).name()).isEqualTo("smith2");
  }

  @Test
  void a_holder_of_roles_write_alone_cannot_grant_or_revoke_more_than_that() {
    admin.createGlobalRole(new CreateGlobalRole.Command(root, "rolesmith", List.of(Scopes.ROLES_WRITE)));
    t.registerAndVerify("smith@example.com");
    t.registerAndVerify("grace@example.com");
    admin.grantRole(new GrantGlobalRole.Command(root, t.userId("smith@example.com"), "rolesmith"));
    Actor smith = t.signIn("smith@example.com");
    UserId grace = t.userId("grace@example.com");

    assertThat(code(() -> admin.grantRole(new GrantGlobalRole.Command(smith, grace, "admin")))).isEqualTo("forbidden");
    assertThat(code(() -> admin.grantRole(new GrantGlobalRole.Command(smith, smith.userId(), "admin"))))
        .isEqualTo("forbidden");
    assertThat(code(() -> admin.revokeRole(new RevokeGlobalRole.Command(smith, root.userId(), "admin"))))
        .isEqualTo("forbidden");
    assertThat(rolesOf("grace@example.com")).isEmpty();
    assertThat(rolesOf("root@example.com")).containsExactly("admin");
    assertThat(t.stores.auditEvents()).filteredOn(e -> e.action().equals("role.grant_refused")).hasSize(2);

    admin.grantRole(new GrantGlobalRole.Command(smith, grace, "rolesmith"));
    assertThat(rolesOf("grace@example.com")).containsExactly("rolesmith");
  }

  @Test
  void granting_and_revoking_are_idempotent_and_check_user_and_role() {
    t.registerAndVerify("grace@example.com");
    UserId grace = t.userId("grace@example.com");
    admin.grantRole(new GrantGlobalRole.Command(root, grace, "admin"));
    admin.grantRole(new GrantGlobalRole.Command(root, grace, "admin"));
    assertThat(rolesOf("grace@example.com")).containsExactly("admin");
    admin.revokeRole(new RevokeGlobalRole.Command(root, grace, "admin"));
    admin.revokeRole(new RevokeGlobalRole.Command(root, grace, "admin"));
    assertThat(rolesOf("grace@example.com")).isEmpty();
    assertThat(t.stores.auditEvents()).filteredOn(e -> e.action().startsWith("role.")).extracting(AuditEvent::action)
        .containsExactly("role.granted", "role.granted", "role.revoked");

    assertThat(code(() -> admin.grantRole(new GrantGlobalRole.Command(root, grace, "superuser"))))
        .isEqualTo("not_found");
    assertThat(code(() -> admin.grantRole(new GrantGlobalRole.Command(root, new UserId(java.util.UUID.fromString(
        "00000000-0000-4000-8000-0000000000ee")), "admin")))).isEqualTo("not_found");
    assertThat(violation(() -> admin.revokeRole(new RevokeGlobalRole.Command(root, grace, "user"))))
        .isEqualTo("implicit_role");
  }

  @Test
  void nobody_revokes_their_own_admin_role() {
    assertThat(code(() -> admin.revokeRole(new RevokeGlobalRole.Command(root, root.userId(), "admin"))))
        .isEqualTo("forbidden");
    assertThat(rolesOf("root@example.com")).containsExactly("admin");

    admin.bootstrapAdmin(new BootstrapAdmin.Command("second@example.com", PASSWORD, CLIENT));
    admin.revokeRole(new RevokeGlobalRole.Command(root, t.userId("second@example.com"), "admin"));
    assertThat(rolesOf("second@example.com")).isEmpty();
  }

  // Listing users

  @Test
  void users_are_listed_by_email_in_stable_pages_without_repeats() {
    for (String name : List.of("hank", "alice", "eve", "bob", "dave", "carol", "frank", "gina")) {
      t.register(name + "@example.com");
    }
    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      Page<UserSummary> page = admin.listUsers(new ListUsers.Query(root, null, null, cursor, 3));
      page.items().forEach(u -> seen.add(u.email()));
      cursor = page.nextCursor();
      pages++;
      if (pages == 1) {
        t.register("aaron@example.com"); // registers before the cursor: not seen, and nothing repeats
      }
    } while (cursor != null);

    assertThat(pages).isEqualTo(3);
    assertThat(seen).containsExactly("alice@example.com", "bob@example.com", "carol@example.com",
        "dave@example.com", "eve@example.com", "frank@example.com", "gina@example.com", "hank@example.com",
        "root@example.com");
    assertThat(admin.listUsers(new ListUsers.Query(root, null, null, null, 200)).items()).hasSize(10);
  }

  @Test
  void users_can_be_found_by_the_start_of_their_display_name_in_any_case() {
    for (String[] user : new String[][] {{"zoe@example.com", "Ada Lovelace"}, {"bob@example.com", "ADAM Smith"},
        {"ada@example.com", "Grace"}, {"nameless@example.com", null}}) {
      t.keyhold.accounts().register(new dev.keyhold.identity.usecase.RegisterAccount.Command(user[0], PASSWORD,
          user[1], CLIENT));
    }

    assertThat(admin.listUsers(new ListUsers.Query(root, null, " aDa", null, null, 10)).items())
        .extracting(UserSummary::email).containsExactly("bob@example.com", "zoe@example.com");
    assertThat(admin.listUsers(new ListUsers.Query(root, "z", "ada", null, null, 10)).items())
        .extracting(UserSummary::email).containsExactly("zoe@example.com");
    Page<UserSummary> first = admin.listUsers(new ListUsers.Query(root, null, "ada", null, null, 1));
    assertThat(admin.listUsers(new ListUsers.Query(root, null, "ada", null, first.nextCursor(), 1)).items())
        .extracting(UserSummary::email).containsExactly("zoe@example.com");
    assertThat(admin.listUsers(new ListUsers.Query(root, null, "  ", null, null, 10)).items()).hasSize(5);
    assertThat(code(() -> admin.listUsers(new ListUsers.Query(root, null, "x".repeat(101), null, null, 10))))
        .isEqualTo("validation_failed");
  }

  @Test
  void users_can_be_filtered_by_email_prefix_and_status() {
    t.registerAndVerify("grace@example.com");
    t.registerAndVerify("greg@example.com");
    t.registerAndVerify("hank@example.com");
    admin.disableUser(new DisableUser.Command(root, t.userId("greg@example.com")));

    assertThat(admin.listUsers(new ListUsers.Query(root, " GR", null, null, 10)).items()).extracting(UserSummary::email)
        .containsExactly("grace@example.com", "greg@example.com");
    assertThat(admin.listUsers(new ListUsers.Query(root, "gr", UserStatus.ACTIVE, null, 10)).items())
        .extracting(UserSummary::email)
        .containsExactly("grace@example.com");
    assertThat(admin.listUsers(new ListUsers.Query(root, null, UserStatus.DISABLED, null, 10)).items()).singleElement()
        .satisfies(u -> {
          assertThat(u.email()).isEqualTo("greg@example.com");
          assertThat(u.status()).isEqualTo(UserStatus.DISABLED);
          assertThat(u.emailVerified()).isTrue();
        });
  }

  @Test
  void a_malformed_cursor_or_limit_is_a_validation_failure() {
    String notBase64 = "!!!";
    String notOurs = Base64.getUrlEncoder().withoutPadding()
        .encodeToString("someone@example.com\nnot-a-uuid".getBytes(StandardCharsets.UTF_8));
    String noSeparator = Base64.getUrlEncoder().withoutPadding()
        .encodeToString("someone@example.com".getBytes(StandardCharsets.UTF_8));
    for (String cursor : List.of(notBase64, notOurs, noSeparator, "", "x".repeat(5000))) {
      assertThat(field(() -> admin.listUsers(new ListUsers.Query(root, null, null, cursor, 10))))
          .isEqualTo("cursor:invalid_cursor");
    }
    assertThat(field(() -> admin.listUsers(new ListUsers.Query(root, null, null, null, 0))))
        .isEqualTo("limit:invalid_limit");
    assertThat(field(() -> admin.listUsers(new ListUsers.Query(root, null, null, null, 201))))
        .isEqualTo("limit:invalid_limit");
  }

  @Test
  void listing_users_needs_users_read() {
    Actor grace = t.signUp("grace@example.com");
    assertThat(code(() -> admin.listUsers(new ListUsers.Query(grace, null, null, null, 10)))).isEqualTo("forbidden");
  }

  // Disabling and enabling

  @Test
  void disabling_ends_every_session_at_once_and_login_fails_like_a_wrong_password() {
    t.registerAndVerify("grace@example.com");
    Authenticate.Authenticated login = t.login("grace@example.com");
    IssuedTokens second = t.login("grace@example.com").tokens();

    UserSummary disabled = admin.disableUser(new DisableUser.Command(root, login.userId()));

    assertThat(disabled.status()).isEqualTo(UserStatus.DISABLED);
    for (IssuedTokens tokens : List.of(login.tokens(), second)) {
      assertThat(code(() -> t.keyhold.sessions().refresh(new RotateRefreshToken.Command(tokens.refreshToken(),
          CLIENT)))).isEqualTo("invalid_refresh_token");
      assertThat(code(() -> t.keyhold.sessions().authenticate(tokens.accessToken()))).isEqualTo("invalid_token");
    }
    assertThat(code(() -> t.login("grace@example.com"))).isEqualTo("invalid_credentials");
    assertThat(admin.disableUser(new DisableUser.Command(root, login.userId())).status()).as("idempotent")
        .isEqualTo(UserStatus.DISABLED);
    assertThat(t.stores.auditEvents()).filteredOn(e -> e.action().equals("user.disabled")).first()
        .satisfies(e -> {
          assertThat(e.targetId()).isEqualTo(login.userId().toString());
          assertThat(e.actorId()).isEqualTo(root.userId().toString());
          assertThat(e.details()).containsEntry("sessions_revoked", "2");
        });

    UserSummary enabled = admin.enableUser(new EnableUser.Command(root, login.userId()));
    assertThat(enabled.status()).isEqualTo(UserStatus.ACTIVE);
    assertThat(admin.enableUser(new EnableUser.Command(root, login.userId())).status()).isEqualTo(UserStatus.ACTIVE);
    assertThat(t.login("grace@example.com").tokens().accessToken()).isNotBlank();
    assertThat(t.stores.auditEvents()).filteredOn(e -> e.action().equals("user.enabled")).hasSize(1);
  }

  @Test
  void a_user_in_full_shows_roles_organizations_active_sessions_two_factor_and_the_newest_sign_in() {
    Actor grace = t.signUp("grace@example.com");
    t.keyhold.organizations().create(new CreateOrganization.Command(grace, "Acme", "acme"));
    java.time.Instant firstLogin = t.clock.instant();
    t.clock.advance(Duration.ofMinutes(5));
    IssuedTokens newest = t.login("grace@example.com").tokens();
    java.time.Instant newestLogin = t.clock.instant();
    t.stores.totpCredentials().savePending(new dev.keyhold.identity.model.mfa.TotpCredential(grace.userId(),
        "sealed", newestLogin, null, null));

    UserDetails pending = admin.getUser(new GetUser.Query(root, grace.userId()));

    assertThat(pending.user().email()).isEqualTo("grace@example.com");
    assertThat(pending.organizations()).singleElement().satisfies(place -> {
      assertThat(place.slug()).isEqualTo("acme");
      assertThat(place.role()).isEqualTo("owner");
    });
    assertThat(pending.activeSessions()).isEqualTo(2);
    assertThat(pending.lastLoginAt()).isEqualTo(newestLogin).isAfter(firstLogin);
    assertThat(pending.mfaEnabled()).as("a pending enrolment is not two-factor sign-in").isFalse();
    t.stores.totpCredentials().confirm(grace.userId(), 1L, newestLogin);
    assertThat(admin.getUser(new GetUser.Query(root, grace.userId())).mfaEnabled()).isTrue();

    t.keyhold.sessions().logout(new dev.keyhold.identity.usecase.Logout.Command(newest.refreshToken(), CLIENT));
    UserDetails afterLogout = admin.getUser(new GetUser.Query(root, grace.userId()));
    assertThat(afterLogout.activeSessions()).isEqualTo(1);
    assertThat(afterLogout.lastLoginAt()).as("only active sessions count").isEqualTo(firstLogin);
    assertThat(admin.getUser(new GetUser.Query(root, root.userId())).user().roles()).containsExactly("admin");
  }

  @Test
  void a_user_in_full_needs_users_read_and_an_existing_user() {
    Actor grace = t.signUp("grace@example.com");
    assertThat(code(() -> admin.getUser(new GetUser.Query(grace, grace.userId())))).isEqualTo("forbidden");
    assertThat(code(() -> admin.getUser(new GetUser.Query(root, new UserId(java.util.UUID.fromString(
        "00000000-0000-4000-8000-0000000000ee")))))).isEqualTo("not_found");
  }

  @Test
  void nobody_disables_themselves_and_status_changes_need_users_write() {
    assertThat(code(() -> admin.disableUser(new DisableUser.Command(root, root.userId())))).isEqualTo("forbidden");
    Actor grace = t.signUp("grace@example.com");
    assertThat(code(() -> admin.disableUser(new DisableUser.Command(grace, root.userId())))).isEqualTo("forbidden");
    assertThat(code(() -> admin.enableUser(new EnableUser.Command(grace, grace.userId())))).isEqualTo("forbidden");
    assertThat(code(() -> admin.disableUser(new DisableUser.Command(root, new UserId(java.util.UUID.fromString(
        "00000000-0000-4000-8000-0000000000ee")))))).isEqualTo("not_found");
    assertThat(t.stores.users().findById(root.userId()).orElseThrow().active()).isTrue();
  }

  @Test
  void a_help_desk_role_cannot_disable_someone_with_more_scopes() {
    admin.createGlobalRole(new CreateGlobalRole.Command(root, "helpdesk", List.of(Scopes.USERS_READ,
        Scopes.USERS_WRITE)));
    t.registerAndVerify("desk@example.com");
    t.registerAndVerify("grace@example.com");
    admin.grantRole(new GrantGlobalRole.Command(root, t.userId("desk@example.com"), "helpdesk"));
    Actor desk = t.signIn("desk@example.com");

    assertThat(code(() -> admin.disableUser(new DisableUser.Command(desk, root.userId())))).isEqualTo("forbidden");
    assertThat(t.stores.users().findById(root.userId()).orElseThrow().active()).isTrue();
    assertThat(admin.disableUser(new DisableUser.Command(desk, t.userId("grace@example.com"))).status())
        .isEqualTo(UserStatus.DISABLED);
  }

  @Test
  void logging_a_user_out_ends_every_session_at_once_and_they_can_sign_in_again() {
    t.registerAndVerify("grace@example.com");
    Authenticate.Authenticated login = t.login("grace@example.com");
    IssuedTokens second = t.login("grace@example.com").tokens();

    assertThat(admin.logoutUser(new LogoutUser.Command(root, login.userId()))).isEqualTo(2);

    for (IssuedTokens tokens : List.of(login.tokens(), second)) {
      assertThat(code(() -> t.keyhold.sessions().refresh(new RotateRefreshToken.Command(tokens.refreshToken(),
          CLIENT)))).isEqualTo("invalid_refresh_token");
      assertThat(code(() -> t.keyhold.sessions().authenticate(tokens.accessToken()))).isEqualTo("invalid_token");
    }
    assertThat(admin.logoutUser(new LogoutUser.Command(root, login.userId()))).as("idempotent").isZero();
    assertThat(t.stores.auditEvents()).filteredOn(e -> e.action().equals("user.logged_out")).first()
        .satisfies(e -> {
          assertThat(e.targetId()).isEqualTo(login.userId().toString());
          assertThat(e.actorId()).isEqualTo(root.userId().toString());
          assertThat(e.details()).containsEntry("sessions_revoked", "2");
        });
    assertThat(t.stores.users().findById(login.userId()).orElseThrow().active()).isTrue();
    assertThat(t.login("grace@example.com").tokens().accessToken()).isNotBlank();
  }

  @Test
  void nobody_logs_themselves_out_as_an_administrator_nor_someone_with_more_scopes() {
    assertThat(code(() -> admin.logoutUser(new LogoutUser.Command(root, root.userId())))).isEqualTo("forbidden");
    assertThat(t.keyhold.sessions().authenticate(t.login("root@example.com").tokens().accessToken())).isNotNull();
    assertThat(t.stores.refreshTokens().findActiveSessions(root.userId(), t.clock.instant())).hasSize(2);
    admin.createGlobalRole(new CreateGlobalRole.Command(root, "helpdesk", List.of(Scopes.USERS_READ,
        Scopes.USERS_WRITE)));
    t.registerAndVerify("desk@example.com");
    admin.grantRole(new GrantGlobalRole.Command(root, t.userId("desk@example.com"), "helpdesk"));
    Actor desk = t.signIn("desk@example.com");
    Actor grace = t.signUp("grace@example.com");

    assertThat(code(() -> admin.logoutUser(new LogoutUser.Command(desk, root.userId())))).isEqualTo("forbidden");
    assertThat(t.stores.refreshTokens().findActiveSessions(root.userId(), t.clock.instant())).hasSize(2);
    assertThat(code(() -> admin.logoutUser(new LogoutUser.Command(grace, desk.userId())))).isEqualTo("forbidden");
    assertThat(code(() -> admin.logoutUser(new LogoutUser.Command(root, new UserId(java.util.UUID.fromString(
        "00000000-0000-4000-8000-0000000000ee")))))).isEqualTo("not_found");
    assertThat(t.stores.auditEvents()).filteredOn(e -> e.action().equals("user.logout_refused"))
        .extracting(e -> e.details().get("reason")).containsExactly("self", "escalation");
    assertThat(admin.logoutUser(new LogoutUser.Command(desk, grace.userId()))).isEqualTo(1);
  }

  @Test
  void nobody_deletes_themselves_as_an_administrator_nor_someone_with_more_scopes_nor_an_only_owner() {
    admin.createGlobalRole(new CreateGlobalRole.Command(root, "helpdesk", List.of(Scopes.USERS_READ,
        Scopes.USERS_WRITE)));
    t.registerAndVerify("desk@example.com");
    admin.grantRole(new GrantGlobalRole.Command(root, t.userId("desk@example.com"), "helpdesk"));
    Actor desk = t.signIn("desk@example.com");
    Actor grace = t.signUp("grace@example.com");
    t.keyhold.organizations().create(new dev.keyhold.identity.usecase.CreateOrganization.Command(grace,
        "Grace's", "graces"));

    assertThat(code(() -> admin.deleteUser(new DeleteUser.Command(root, root.userId())))).isEqualTo("forbidden");
    assertThat(code(() -> admin.deleteUser(new DeleteUser.Command(desk, root.userId())))).isEqualTo("forbidden");
    assertThat(code(() -> admin.deleteUser(new DeleteUser.Command(grace, desk.userId())))).isEqualTo("forbidden");
    assertThat(code(() -> admin.deleteUser(new DeleteUser.Command(desk, grace.userId())))).isEqualTo("last_owner");
    assertThat(t.stores.users().findById(root.userId())).isPresent();
    assertThat(t.stores.users().findById(grace.userId())).isPresent();
    assertThat(t.stores.auditEvents()).filteredOn(e -> e.action().equals("user.delete_refused"))
        .extracting(e -> e.details().get("reason")).containsExactly("self", "escalation", "last_owner");

    t.registerAndVerify("hal@example.com");
    IssuedTokens hal = t.login("hal@example.com").tokens();
    UserId halId = t.userId("hal@example.com");
    admin.deleteUser(new DeleteUser.Command(desk, halId));

    assertThat(t.stores.users().findById(halId)).isEmpty();
    assertThat(code(() -> t.keyhold.sessions().authenticate(hal.accessToken()))).isEqualTo("invalid_token");
    assertThat(code(() -> t.keyhold.sessions().refresh(new RotateRefreshToken.Command(hal.refreshToken(), CLIENT))))
        .isEqualTo("invalid_refresh_token");
    assertThat(code(() -> admin.deleteUser(new DeleteUser.Command(desk, halId)))).isEqualTo("not_found");
    assertThat(t.mail()).last().satisfies(mail -> {
      assertThat(mail.to()).isEqualTo("hal@example.com");
      assertThat(mail.textBody()).contains("An administrator");
    });
    assertThat(t.stores.auditEvents()).filteredOn(e -> e.action().equals("user.deleted")).singleElement()
        .satisfies(e -> {
          assertThat(e.actorId()).isEqualTo(desk.userId().toString());
          assertThat(e.targetId()).isEqualTo(halId.toString());
          assertThat(e.details()).containsEntry("by", "administrator");
        });
  }

  @Test
  void an_administrator_creates_a_verified_user_without_a_password_who_chooses_one_through_the_mailed_link() {
    UserSummary created = admin.createUser(new CreateUser.Command(root, "New.Hire@Example.com", "  New Hire "));

    assertThat(created.email()).isEqualTo("New.Hire@Example.com");
    assertThat(created.displayName()).isEqualTo("New Hire");
    assertThat(created.emailVerified()).isTrue();
    assertThat(created.status()).isEqualTo(UserStatus.ACTIVE);
    assertThat(created.roles()).isEmpty();
    User stored = t.stores.users().findById(created.id()).orElseThrow();
    assertThat(stored.password()).isEmpty();
    assertThat(code(() -> t.login("new.hire@example.com"))).isEqualTo("invalid_credentials");
    String token = t.lastLinkTokenTo("New.Hire@Example.com");
    assertThat(t.mail()).last().satisfies(mail -> {
      assertThat(mail.subject()).contains("account");
      assertThat(mail.textBody()).contains("An administrator created").contains("choose your password");
    });

    t.keyhold.accounts().confirmPasswordReset(new dev.keyhold.identity.usecase.ResetPassword.Confirmation(token,
        PASSWORD, CLIENT));

    assertThat(t.login("new.hire@example.com").tokens().accessToken()).isNotBlank();
    assertThat(t.stores.auditEvents()).filteredOn(e -> e.action().equals("user.created")).singleElement()
        .satisfies(e -> {
          assertThat(e.actorId()).isEqualTo(root.userId().toString());
          assertThat(e.targetId()).isEqualTo(created.id().toString());
        });
  }

  @Test
  void creating_a_user_with_a_taken_address_is_email_taken_and_needs_users_write() {
    Actor grace = t.signUp("grace@example.com");
    int mailBefore = t.mail().size();

    assertThat(code(() -> admin.createUser(new CreateUser.Command(root, "GRACE@example.com", null))))
        .isEqualTo("email_taken");
    assertThat(code(() -> admin.createUser(new CreateUser.Command(grace, "other@example.com", null))))
        .isEqualTo("forbidden");
    assertThat(code(() -> admin.createUser(new CreateUser.Command(root, "not an address", null))))
        .isEqualTo("validation_failed");
    assertThat(violation(() -> admin.createUser(new CreateUser.Command(root, "ok@example.com", "a\u0007b"))))
        .isEqualTo("invalid_display_name");
    assertThat(t.mail()).hasSize(mailBefore);
    assertThat(t.stores.users().findByEmail(dev.keyhold.identity.model.user.Email.parse("other@example.com")))
        .isEmpty();
    assertThat(t.stores.auditEvents()).filteredOn(e -> e.action().equals("user.create_refused")).singleElement()
        .satisfies(e -> assertThat(e.targetId()).isEqualTo(grace.userId().toString()));
  }

  @Test
  void admin_audit_events_have_no_organization_and_no_secrets() {
    t.registerAndVerify("grace@example.com");
    UserId grace = t.userId("grace@example.com");
    admin.grantRole(new GrantGlobalRole.Command(root, grace, "admin"));
    admin.disableUser(new DisableUser.Command(root, grace));
    t.clock.advance(Duration.ofSeconds(1));
    admin.enableUser(new EnableUser.Command(root, grace));

    assertThat(t.stores.auditEvents()).filteredOn(e -> List.of("role.granted", "user.disabled", "user.enabled")
        .contains(e.action())).hasSize(4).allSatisfy(e -> assertThat(e.orgId()).isNull());
    for (AuditEvent event : t.stores.auditEvents()) {
      assertThat(event.toString()).doesNotContain(PASSWORD);
    }
  }

  private static String violation(Runnable action) {
    try {
      action.run();
    } catch (ValidationException e) {
      return e.violations().get(0).code();
    }
    throw new AssertionError("expected a validation failure");
  }

  private static String field(Runnable action) {
    try {
      action.run();
    } catch (ValidationException e) {
      return e.violations().get(0).field() + ":" + e.violations().get(0).code();
    }
    throw new AssertionError("expected a validation failure");
  }
}
