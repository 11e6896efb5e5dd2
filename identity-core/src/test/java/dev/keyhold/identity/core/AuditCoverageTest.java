package dev.keyhold.identity.core;

import static dev.keyhold.identity.core.TestKeyhold.CLIENT;
import static dev.keyhold.identity.core.TestKeyhold.PASSWORD;
import static dev.keyhold.identity.core.TestKeyhold.code;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keyhold.identity.core.crypto.Totp;
import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.access.OrgId;
import dev.keyhold.identity.model.audit.AuditEvent;
import dev.keyhold.identity.model.audit.AuditFilter;
import dev.keyhold.identity.model.event.IdentityEvent;
import dev.keyhold.identity.model.org.InvitationId;
import dev.keyhold.identity.model.token.IssuedTokens;
import dev.keyhold.identity.model.user.UserId;
import dev.keyhold.identity.spi.Mailer;
import dev.keyhold.identity.usecase.AcceptInvitation;
import dev.keyhold.identity.usecase.Administration;
import dev.keyhold.identity.usecase.Authenticate;
import dev.keyhold.identity.usecase.BootstrapAdmin;
import dev.keyhold.identity.usecase.ChangeEmail;
import dev.keyhold.identity.usecase.ChangeMemberRole;
import dev.keyhold.identity.usecase.ChangePassword;
import dev.keyhold.identity.usecase.CompleteExternalLogin;
import dev.keyhold.identity.usecase.CompleteMfaLogin;
import dev.keyhold.identity.usecase.ConfirmEmailChange;
import dev.keyhold.identity.usecase.ConfirmTotpEnrolment;
import dev.keyhold.identity.usecase.CreateGlobalRole;
import dev.keyhold.identity.usecase.CreateOrganization;
import dev.keyhold.identity.usecase.CreateOrganizationRole;
import dev.keyhold.identity.usecase.CreateUser;
import dev.keyhold.identity.usecase.DeleteAccount;
import dev.keyhold.identity.usecase.DeleteOrganization;
import dev.keyhold.identity.usecase.DisableTotp;
import dev.keyhold.identity.usecase.DisableUser;
import dev.keyhold.identity.usecase.EnableUser;
import dev.keyhold.identity.usecase.EndSession;
import dev.keyhold.identity.usecase.GrantGlobalRole;
import dev.keyhold.identity.usecase.InviteMember;
import dev.keyhold.identity.usecase.IssueOrganizationToken;
import dev.keyhold.identity.usecase.ListUsers;
import dev.keyhold.identity.usecase.Logout;
import dev.keyhold.identity.usecase.LogoutEverywhere;
import dev.keyhold.identity.usecase.LogoutUser;
import dev.keyhold.identity.usecase.Organizations;
import dev.keyhold.identity.usecase.RemoveMember;
import dev.keyhold.identity.usecase.ReplaceRecoveryCodes;
import dev.keyhold.identity.usecase.ResendVerification;
import dev.keyhold.identity.usecase.ResetPassword;
import dev.keyhold.identity.usecase.ResetUserMfa;
import dev.keyhold.identity.usecase.RevokeGlobalRole;
import dev.keyhold.identity.usecase.RevokeInvitation;
import dev.keyhold.identity.usecase.RotateRefreshToken;
import dev.keyhold.identity.usecase.StartExternalLogin;
import dev.keyhold.identity.usecase.StartTotpEnrolment;
import dev.keyhold.identity.usecase.TransferOwnership;
import dev.keyhold.identity.usecase.UnlinkIdentity;
import dev.keyhold.identity.usecase.UpdateOrganization;
import dev.keyhold.identity.usecase.UpdateProfile;
import dev.keyhold.identity.usecase.VerifyEmail;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Runs every use case once, the way a busy day would, on memory stores, and checks what the audit log then holds:
 * exactly the expected actions, each with its actor, target and organization, the caller's address, user agent and
 * request id, and nothing secret anywhere in it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditCoverageTest {

  private static final String NEW_PASSWORD = "an entirely different passphrase 42";
  private static final String WRONG_PASSWORD = "not my password at all";
  private static final Pattern LINK_TOKEN = Pattern.compile("token=([A-Za-z0-9_-]+)");

  private final FakeIdentityProvider idp =
      new FakeIdentityProvider("acme", "Acme SSO", "https://app.example.com/oauth/acme/callback");
  private final TestKeyhold t = new TestKeyhold(KeyholdSettings.defaults("https://id.example.com"), List.of(idp));
  private final List<String> secrets = new ArrayList<>(List.of(PASSWORD, NEW_PASSWORD, WRONG_PASSWORD));
  private UserId root;
  private UserId ada;
  private UserId bob;
  private UserId dave;
  private OrgId acme;
  private InvitationId revokedInvitation;

  @BeforeAll
  void aBusyDay() {
    Keyhold k = t.keyhold;
    Organizations orgs = k.organizations();
    Administration admin = k.administration();

    // the first administrator, from the command line
    root = admin.bootstrapAdmin(new BootstrapAdmin.Command("root@example.com", PASSWORD, CLIENT));
    Actor rootActor = t.signIn("root@example.com");

    // registration: new, taken, then too often; verification
    t.register("ada@example.com");
    t.register("ada@example.com");
    t.register("ada@example.com");
    assertThat(code(() -> t.register("ada@example.com"))).isEqualTo("rate_limited");
    ada = t.userId("ada@example.com");
    assertThat(code(() -> k.accounts().verifyEmail(new VerifyEmail.Command("no-such-link-token", CLIENT))))
        .isEqualTo("invalid_link_token");
    k.accounts().resendVerification(new ResendVerification.Command("ada@example.com", CLIENT));
    k.accounts().resendVerification(new ResendVerification.Command("nobody@example.com", CLIENT));
    t.deliverQueuedMail();
    k.accounts().verifyEmail(new VerifyEmail.Command(t.lastLinkTokenTo("ada@example.com"), CLIENT));

    // failed logins until the account locks, one while locked, then a success once the lock is over
    for (int attempt = 0; attempt < 5; attempt++) {
      assertThat(code(() -> k.accounts().login(new Authenticate.Command("ada@example.com", WRONG_PASSWORD, CLIENT))))
          .isEqualTo("invalid_credentials");
    }
    assertThat(code(() -> t.login("ada@example.com"))).isEqualTo("too_many_attempts");
    t.clock.advance(Duration.ofMinutes(2));
    IssuedTokens first = remember(t.login("ada@example.com").tokens());

    // refresh, its retry (as after a lost answer), reuse of the token the retry superseded, garbage; logout of one
    // session
    IssuedTokens unreceived = remember(k.sessions().refresh(new RotateRefreshToken.Command(first.refreshToken(),
        CLIENT)));
    remember(k.sessions().refresh(new RotateRefreshToken.Command(first.refreshToken(), CLIENT)));
    assertThat(code(() -> k.sessions().refresh(new RotateRefreshToken.Command(unreceived.refreshToken(), CLIENT))))
        .isEqualTo("token_reused");
    assertThat(code(() -> k.sessions().refresh(new RotateRefreshToken.Command("no-such-refresh-token", CLIENT))))
        .isEqualTo("invalid_refresh_token");
    IssuedTokens second = remember(t.login("ada@example.com").tokens());
    k.sessions().logout(new Logout.Command(second.refreshToken(), CLIENT));

    // password change (wrong, then right) and reset (unknown address, real one, dead link)
    Actor adaActor = signIn("ada@example.com");
    assertThat(code(() -> k.accounts().changePassword(new ChangePassword.Command(adaActor, WRONG_PASSWORD,
        NEW_PASSWORD)))).isEqualTo("invalid_credentials");
    k.accounts().changePassword(new ChangePassword.Command(adaActor, PASSWORD, NEW_PASSWORD));
    k.accounts().requestPasswordReset(new ResetPassword.Request("ghost@example.com", CLIENT));
    k.accounts().requestPasswordReset(new ResetPassword.Request("ada@example.com", CLIENT));
    k.accounts().confirmPasswordReset(
        new ResetPassword.Confirmation(t.lastLinkTokenTo("ada@example.com"), PASSWORD, CLIENT));
    assertThat(code(() -> k.accounts().confirmPasswordReset(
        new ResetPassword.Confirmation("no-such-link-token", PASSWORD, CLIENT)))).isEqualTo("invalid_link_token");

    // an organization's life
    Actor owner = signIn("ada@example.com");
    acme = orgs.create(new CreateOrganization.Command(owner, "Acme", "acme")).id();
    orgs.update(new UpdateOrganization.Command(owner, acme, "Acme Inc.", null));
    t.registerAndVerify("bob@example.com");
    bob = t.userId("bob@example.com");
    Actor bobActor = signIn("bob@example.com");
    orgs.invite(new InviteMember.Command(owner, acme, "bob@example.com", "member", null));
    assertThat(code(() -> orgs.acceptInvitation(new AcceptInvitation.Command(bobActor, "no-such-invitation-token"))))
        .isEqualTo("invalid_link_token");
    orgs.acceptInvitation(new AcceptInvitation.Command(bobActor, t.lastLinkTokenTo("bob@example.com")));
    assertThat(code(() -> k.audit().searchOrganization(bobActor, acme, AuditFilter.none(), null, 10)))
        .isEqualTo("forbidden");
    orgs.createRole(new CreateOrganizationRole.Command(owner, acme, "auditor", List.of("audit:read", "org:read")));
    orgs.changeRole(new ChangeMemberRole.Command(owner, acme, bob, "auditor"));
    k.audit().searchOrganization(bobActor, acme, AuditFilter.none(), null, 10);
    remember(orgs.issueToken(new IssueOrganizationToken.Command(bobActor, acme)).accessToken());
    revokedInvitation = orgs.invite(new InviteMember.Command(owner, acme, "carol@example.com", "member", null)).id();
    orgs.revokeInvitation(new RevokeInvitation.Command(owner, acme, revokedInvitation));
    t.registerAndVerify("dave@example.com");
    dave = t.userId("dave@example.com");
    Actor daveActor = signIn("dave@example.com");
    orgs.invite(new InviteMember.Command(owner, acme, "dave@example.com", "member", null));
    orgs.acceptInvitation(new AcceptInvitation.Command(daveActor, t.lastLinkTokenTo("dave@example.com")));
    orgs.transferOwnership(new TransferOwnership.Command(owner, acme, bob));
    orgs.removeMember(new RemoveMember.Command(bobActor, acme, dave));
    orgs.removeMember(new RemoveMember.Command(owner, acme, ada));
    orgs.delete(new DeleteOrganization.Command(bobActor, acme));

    // platform administration
    admin.createGlobalRole(new CreateGlobalRole.Command(rootActor, "support", List.of("users:read")));
    admin.grantRole(new GrantGlobalRole.Command(rootActor, bob, "support"));
    admin.revokeRole(new RevokeGlobalRole.Command(rootActor, bob, "support"));
    admin.disableUser(new DisableUser.Command(rootActor, bob));
    admin.enableUser(new EnableUser.Command(rootActor, bob));
    admin.logoutUser(new LogoutUser.Command(rootActor, dave));
    assertThat(code(() -> admin.listUsers(new ListUsers.Query(bobActor, null, null, null, 10)))).isEqualTo("forbidden");
    k.audit().search(rootActor, AuditFilter.none(), null, 10);

    // two-factor sign-in: enrol (a wrong password first), confirm, sign in with a code (a wrong one first) and with a
    // recovery code, replace the codes, turn it off, turn it on again, and an administrator's reset
    t.registerAndVerify("erin@example.com");
    Actor erin = signIn("erin@example.com");
    assertThat(code(() -> k.twoFactor().startTotpEnrolment(new StartTotpEnrolment.Command(erin, WRONG_PASSWORD))))
        .isEqualTo("invalid_credentials");
    String secret = k.twoFactor().startTotpEnrolment(new StartTotpEnrolment.Command(erin, PASSWORD)).secret();
    secrets.add(secret);
    List<String> recovery = k.twoFactor().confirmTotpEnrolment(new ConfirmTotpEnrolment.Command(erin, totp(secret, -1)))
        .codes();
    secrets.addAll(recovery);
    String mfaToken = ((Authenticate.MfaRequired) k.accounts()
        .login(new Authenticate.Command("erin@example.com", PASSWORD, CLIENT))).mfaToken();
    secrets.add(mfaToken);
    assertThat(code(() -> k.accounts().completeMfaLogin(new CompleteMfaLogin.Command(mfaToken, "totp",
        wrongCode(secret), CLIENT)))).isEqualTo("invalid_mfa_code");
    remember(k.accounts().completeMfaLogin(new CompleteMfaLogin.Command(mfaToken, "totp", totp(secret, 0), CLIENT))
        .tokens());
    String secondToken = ((Authenticate.MfaRequired) k.accounts()
        .login(new Authenticate.Command("erin@example.com", PASSWORD, CLIENT))).mfaToken();
    secrets.add(secondToken);
    remember(k.accounts().completeMfaLogin(new CompleteMfaLogin.Command(secondToken, "recovery_code", recovery.get(0),
        CLIENT)).tokens());
    secrets.addAll(k.twoFactor().replaceRecoveryCodes(new ReplaceRecoveryCodes.Command(erin, totp(secret, 1))).codes());
    t.clock.advance(Duration.ofSeconds(30));
    k.twoFactor().disableTotp(new DisableTotp.Command(erin, PASSWORD, totp(secret, 1)));
    String again = k.twoFactor().startTotpEnrolment(new StartTotpEnrolment.Command(erin, PASSWORD)).secret();
    secrets.add(again);
    secrets.addAll(k.twoFactor().confirmTotpEnrolment(new ConfirmTotpEnrolment.Command(erin, totp(again, 0))).codes());
    admin.resetMfa(new ResetUserMfa.Command(rootActor, t.userId("erin@example.com")));

    // self-service: a name, one device signed out, an administrator's new user, and an account deleted
    t.registerAndVerify("gina@example.com");
    Actor gina = signIn("gina@example.com");
    Actor ginasPhone = signIn("gina@example.com");
    k.accounts().updateProfile(new UpdateProfile.Command(gina, "Gina"));
    k.sessions().endSession(new EndSession.Command(gina, ginasPhone.sessionId()));
    admin.createUser(new CreateUser.Command(rootActor, "hank@example.com", "Hank"));
    k.accounts().changeEmail(new ChangeEmail.Command(gina, "hank@example.com", PASSWORD));
    k.accounts().changeEmail(new ChangeEmail.Command(gina, "gina.new@example.com", PASSWORD));
    String emailLink = t.lastLinkTokenTo("gina.new@example.com");
    secrets.add(emailLink);
    k.accounts().confirmEmailChange(new ConfirmEmailChange.Command(emailLink, CLIENT));
    assertThat(code(() -> k.accounts().confirmEmailChange(new ConfirmEmailChange.Command(emailLink, CLIENT))))
        .isEqualTo("invalid_link_token");
    k.accounts().deleteAccount(new DeleteAccount.Command(gina, PASSWORD));

    // sign-in with an external provider: a first sign-in creates a user, its state replayed; bob links the provider
    // through his verified address and unlinks it again
    Authenticate.Authenticated frank = (Authenticate.Authenticated) k.externalLogin().completeExternalLogin(
        approvedAtIdp("frank-at-acme", "frank@example.com"));
    remember(frank.tokens());
    CompleteExternalLogin.Command replayed = approvedAtIdp("frank-at-acme", "frank@example.com");
    k.externalLogin().completeExternalLogin(replayed);
    assertThat(code(() -> k.externalLogin().completeExternalLogin(replayed))).isEqualTo("invalid_oauth_state");
    k.externalLogin().completeExternalLogin(approvedAtIdp("bob-at-acme", "bob@example.com"));
    k.externalLogin().unlink(new UnlinkIdentity.Command(bobActor,
        k.externalLogin().linkedIdentities(bobActor).get(0).id()));
    secrets.addAll(idp.secretsSeen);

    // the end of the day
    k.sessions().logoutEverywhere(new LogoutEverywhere.Command(ada, CLIENT));
    for (Mailer.Message mail : t.mail()) {
      Matcher link = LINK_TOKEN.matcher(mail.textBody());
      while (link.find()) {
        secrets.add(link.group(1));
      }
    }
  }

  @Test
  void every_kind_of_change_publishes_its_event_once_with_its_own_id() {
    assertThat(t.events.stream().map(IdentityEvent::type).collect(Collectors.toSet()))
        .as("every event type the day's changes should publish")
        .containsAll(IdentityEvent.types());
    assertThat(t.events.stream().map(IdentityEvent::id).distinct().count()).isEqualTo(t.events.size());
  }

  @Test
  void every_security_relevant_action_is_recorded_and_reading_is_not() {
    assertThat(actions()).containsExactlyInAnyOrder(
        // accounts
        "user.registered", "user.register_duplicate", "rate_limited", "email.verify_failed",
        "email.verification_requested", "email.verified",
        // sign-in and sessions
        "login.failed", "login.locked", "login.succeeded", "token.refreshed", "token.reuse_detected",
        "token.refresh_rejected", "session.logout", "session.logout_all",
        // passwords
        "password.change_failed", "password.changed", "password.reset_requested", "password.reset",
        "password.reset_failed",
        // organizations, invitations, memberships, roles
        "org.created", "org.updated", "org.deleted", "org.token_issued", "org.ownership_transferred",
        "invitation.created", "invitation.accept_failed", "invitation.accepted", "invitation.revoked",
        "role.created", "member.role_changed", "member.removed", "member.left",
        // platform administration and refusals
        "role.granted", "role.revoked", "user.disabled", "user.enabled", "user.logged_out", "user.created",
        "access.denied",
        // self-service
        "user.profile_updated", "session.ended", "user.deleted", "user.email_change_refused",
        "user.email_change_requested", "user.email_changed", "user.email_change_failed",
        // two-factor sign-in
        "mfa.enrolment_started", "mfa.enabled", "login.mfa_required", "mfa.challenge_failed",
        "mfa.recovery_code_used", "mfa.recovery_codes_replaced", "mfa.disabled", "mfa.reset_by_admin",
        // external providers
        "oauth.login", "oauth.login_failed", "oauth.identity_linked", "oauth.identity_unlinked");
  }

  /** A callback for the person {@code subject} at the provider, who approved a sign-in this Keyhold started. */
  private CompleteExternalLogin.Command approvedAtIdp(String subject, String email) {
    StartExternalLogin.Authorization started = t.keyhold.externalLogin()
        .startExternalLogin(new StartExternalLogin.Command("acme", null, CLIENT));
    String code = idp.approve(started.authorizationUrl(), idp.person(subject, email, true));
    remember(started.state());
    remember(code);
    return new CompleteExternalLogin.Command("acme", code, started.state(), CLIENT);
  }

  /** The code an authenticator app shows {@code offset} steps from now. */
  private String totp(String secret, int offset) {
    String code = Totp.code(secret, Totp.step(t.clock.instant()) + offset);
    secrets.add(code);
    return code;
  }

  private String wrongCode(String secret) {
    return Totp.code(secret, Totp.step(t.clock.instant())).equals("000000") ? "111111" : "000000";
  }

  @Test
  void external_sign_ins_name_their_provider_and_user_and_say_why_they_failed() {
    UserId frank = t.userId("frank@example.com");
    assertThat(events("oauth.login")).extracting(AuditEvent::targetId, event -> event.details().get("provider"))
        .containsExactly(Tuple.tuple(frank.toString(), "acme"), Tuple.tuple(frank.toString(), "acme"),
            Tuple.tuple(bob.toString(), "acme"));
    assertThat(single("oauth.login_failed").details()).isEqualTo(Map.of("provider", "acme", "reason", "unknown_state"));
    assertThat(events("oauth.identity_linked")).extracting(this::who, event -> event.details().get("via"))
        .containsExactly(Tuple.tuple(Arrays.asList(frank.toString(), frank.toString(), null), "new_user"),
            Tuple.tuple(Arrays.asList(bob.toString(), bob.toString(), null), "verified_email"));
    assertThat(who(single("oauth.identity_unlinked"))).containsExactly(bob.toString(), bob.toString(), null);
  }

  @Test
  void the_chain_of_the_whole_day_verifies() {
    assertThat(t.keyhold.audit().verify().intact()).isTrue();
    assertThat(t.keyhold.audit().verify().eventsChecked()).isEqualTo(t.stores.auditEvents().size());
  }

  @Test
  void every_event_carries_the_callers_address_user_agent_and_request_id() {
    assertThat(t.stores.auditEvents()).allSatisfy(event -> assertThat(event.client()).isEqualTo(CLIENT));
  }

  @Test
  void no_event_holds_a_password_token_or_link_secret() {
    assertThat(secrets).hasSizeGreaterThan(10);
    for (AuditEvent event : t.stores.auditEvents()) {
      List<String> texts = Stream.concat(
              Stream.of(event.action(), event.outcome(), event.actorId(), event.targetId(), event.orgId()),
              event.details().entrySet().stream().flatMap(d -> Stream.of(d.getKey(), d.getValue())))
          .filter(text -> text != null)
          .toList();
      for (String text : texts) {
        for (String secret : secrets) {
          assertThat(text).as("%s in %s", text, event.action()).doesNotContain(secret);
        }
      }
      assertThat(event.details().keySet()).as(event.action()).noneMatch(key -> {
        String lower = key.toLowerCase(Locale.ROOT);
        return lower.contains("password") || lower.contains("token") || lower.contains("secret")
            || lower.contains("hash");
      });
    }
  }

  @Test
  void login_failures_say_why_and_a_lockout_names_its_account() {
    assertThat(events("login.failed")).extracting(event -> event.details().get("reason"))
        .containsOnly("bad_password", "locked");
    assertThat(events("login.failed")).filteredOn(event -> "bad_password".equals(event.details().get("reason")))
        .hasSize(5).allSatisfy(event -> assertThat(event.targetId()).isEqualTo(ada.toString()));
    assertThat(single("login.locked").targetId()).isEqualTo(ada.toString());
    assertThat(single("login.locked").details()).containsKeys("lockout", "locked_for_seconds", "locked_until");
    assertThat(events("login.failed")).filteredOn(event -> "locked".equals(event.details().get("reason")))
        .singleElement().satisfies(event -> {
          assertThat(event.targetId()).as("the refused account").isEqualTo(ada.toString());
          assertThat(event.details()).isEqualTo(Map.of("reason", "locked"));
        });
  }

  @Test
  void a_refusal_by_a_per_account_limit_names_the_account() {
    assertThat(events("rate_limited")).filteredOn(event -> "register-account".equals(event.details().get("limit")))
        .singleElement().satisfies(event -> {
          assertThat(event.targetId()).isEqualTo(ada.toString());
          assertThat(event.details()).isEqualTo(Map.of("limit", "register-account"));
        });
  }

  @Test
  void events_name_their_actor_target_and_organization() {
    assertThat(who(single("user.disabled"))).containsExactly(root.toString(), bob.toString(), null);
    assertThat(who(single("user.logged_out"))).containsExactly(root.toString(), dave.toString(), null);
    assertThat(who(single("member.role_changed"))).containsExactly(ada.toString(), bob.toString(), acme.toString());
    assertThat(who(single("member.removed"))).containsExactly(bob.toString(), dave.toString(), acme.toString());
    assertThat(who(single("member.left"))).containsExactly(ada.toString(), ada.toString(), acme.toString());
    assertThat(who(single("org.ownership_transferred")))
        .containsExactly(ada.toString(), bob.toString(), acme.toString());
    assertThat(who(single("invitation.revoked")))
        .containsExactly(ada.toString(), revokedInvitation.toString(), acme.toString());
    assertThat(who(single("password.changed"))).containsExactly(ada.toString(), ada.toString(), null);
    assertThat(who(single("password.reset"))).containsExactly(ada.toString(), ada.toString(), null);
    assertThat(who(single("token.reuse_detected")).get(0)).isEqualTo(ada.toString());
    assertThat(events("role.granted")).extracting(this::who).containsExactlyInAnyOrder(
        Arrays.asList(null, root.toString(), null), Arrays.asList(root.toString(), bob.toString(), null));
  }

  @Test
  void refusals_name_the_scope_and_the_organization_they_happened_in() {
    assertThat(events("access.denied")).extracting(event -> event.details().get("scope"), AuditEvent::orgId)
        .containsExactlyInAnyOrder(
            Tuple.tuple("audit:read", acme.toString()),
            Tuple.tuple("users:read", null));
  }

  @Test
  void deferred_link_requests_record_whether_a_link_went_out() {
    assertThat(events("email.verification_requested"))
        .extracting(AuditEvent::outcome, AuditEvent::targetId, event -> event.details().get("reason"))
        .containsExactlyInAnyOrder(
            Tuple.tuple("success", ada.toString(), null),
            Tuple.tuple("failure", null, "unknown_email"));
    assertThat(events("password.reset_requested"))
        .extracting(AuditEvent::outcome, AuditEvent::targetId, event -> event.details().get("reason"))
        .containsExactlyInAnyOrder(
            Tuple.tuple("failure", null, "unknown_email"),
            Tuple.tuple("success", ada.toString(), null));
  }

  private Set<String> actions() {
    return t.stores.auditEvents().stream().map(AuditEvent::action).collect(Collectors.toCollection(TreeSet::new));
  }

  private List<AuditEvent> events(String action) {
    return t.stores.auditEvents().stream().filter(event -> event.action().equals(action)).toList();
  }

  private AuditEvent single(String action) {
    List<AuditEvent> found = events(action);
    assertThat(found).as(action).hasSize(1);
    return found.get(0);
  }

  /** Actor, target and organization, {@code null} where absent. */
  private List<String> who(AuditEvent event) {
    return Arrays.asList(event.actorId(), event.targetId(), event.orgId());
  }

  private Actor signIn(String email) {
    Authenticate.Authenticated login = t.login(email);
    remember(login.tokens());
    return new Actor(login.userId(), login.tokens().sessionId(), CLIENT);
  }

  private IssuedTokens remember(IssuedTokens tokens) {
    secrets.add(tokens.accessToken());
    secrets.add(tokens.refreshToken());
    return tokens;
  }

  private void remember(String secret) {
    secrets.add(secret);
  }
}
