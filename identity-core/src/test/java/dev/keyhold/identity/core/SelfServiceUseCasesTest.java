package dev.keyhold.identity.core;

import static dev.keyhold.identity.core.TestKeyhold.code;
import static dev.keyhold.identity.core.TestKeyhold.CLIENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.audit.AuditEvent;
import dev.keyhold.identity.model.access.BuiltInRoles;
import dev.keyhold.identity.model.access.OrgId;
import dev.keyhold.identity.model.org.Membership;
import dev.keyhold.identity.model.token.SessionId;
import dev.keyhold.identity.model.user.Email;
import dev.keyhold.identity.usecase.Authenticate;
import dev.keyhold.identity.usecase.CreateOrganization;
import dev.keyhold.identity.usecase.DeleteAccount;
import dev.keyhold.identity.usecase.EndSession;
import dev.keyhold.identity.usecase.InviteMember;
import dev.keyhold.identity.usecase.GetProfile;
import dev.keyhold.identity.usecase.ListSessions;
import dev.keyhold.identity.usecase.RotateRefreshToken;
import dev.keyhold.identity.usecase.UpdateProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A signed-in user's own account: profile, sessions, deletion. */
class SelfServiceUseCasesTest {

  private final TestKeyhold t = new TestKeyhold();

  private List<AuditEvent> audited(String action) {
    return t.stores.auditEvents().stream().filter(e -> e.action().equals(action)).toList();
  }

  @Test
  void a_user_sets_their_display_name_trimmed_and_it_is_audited() {
    Actor ada = t.signUp("ada@example.com");

    GetProfile.Profile profile = t.keyhold.accounts().updateProfile(new UpdateProfile.Command(ada, "  Ada L.  "));

    assertThat(profile.displayName()).isEqualTo("Ada L.");
    assertThat(t.keyhold.accounts().profile(ada.userId()).displayName()).isEqualTo("Ada L.");
    assertThat(audited("user.profile_updated")).singleElement().satisfies(e -> {
      assertThat(e.targetId()).isEqualTo(ada.userId().toString());
      assertThat(e.details()).containsEntry("fields", "display_name");
    });
  }

  @Test
  void a_blank_or_null_display_name_clears_it() {
    Actor ada = t.signUp("ada@example.com");
    t.keyhold.accounts().updateProfile(new UpdateProfile.Command(ada, "Ada"));

    assertThat(t.keyhold.accounts().updateProfile(new UpdateProfile.Command(ada, "   ")).displayName()).isNull();
    t.keyhold.accounts().updateProfile(new UpdateProfile.Command(ada, "Ada"));
    assertThat(t.keyhold.accounts().updateProfile(new UpdateProfile.Command(ada, null)).displayName()).isNull();
  }

  @Test
  void setting_the_same_name_again_records_nothing() {
    Actor ada = t.signUp("ada@example.com");
    t.keyhold.accounts().updateProfile(new UpdateProfile.Command(ada, "Ada"));

    t.keyhold.accounts().updateProfile(new UpdateProfile.Command(ada, "Ada "));

    assertThat(audited("user.profile_updated")).hasSize(1);
  }

  @Test
  void a_name_registration_would_refuse_is_refused_and_nothing_changes() {
    Actor ada = t.signUp("ada@example.com");
    t.keyhold.accounts().updateProfile(new UpdateProfile.Command(ada, "Ada"));

    assertThat(code(() -> t.keyhold.accounts().updateProfile(new UpdateProfile.Command(ada, "x".repeat(101)))))
        .isEqualTo("validation_failed");
    assertThat(code(() -> t.keyhold.accounts().updateProfile(new UpdateProfile.Command(ada, "Ada\u0007")))
    ).isEqualTo("validation_failed");
    assertThat(t.keyhold.accounts().profile(ada.userId()).displayName()).isEqualTo("Ada");
  }

  @Test
  void a_user_lists_their_active_sessions_newest_first_with_the_current_one_marked() {
    t.registerAndVerify("ada@example.com");
    Authenticate.Authenticated first = t.login("ada@example.com");
    Instant signedIn = t.clock.instant();
    t.clock.advance(Duration.ofMinutes(5));
    Actor current = t.signIn("ada@example.com");
    t.clock.advance(Duration.ofMinutes(5));
    t.keyhold.sessions().refresh(new RotateRefreshToken.Command(first.tokens().refreshToken(), CLIENT));
    Actor bob = t.signUp("bob@example.com");

    List<ListSessions.Session> sessions = t.keyhold.sessions().sessions(current);

    assertThat(sessions).extracting(ListSessions.Session::id, ListSessions.Session::current)
        .containsExactly(tuple(current.sessionId(), true), tuple(first.tokens().sessionId(), false));
    assertThat(sessions.get(1).createdAt()).isEqualTo(signedIn);
    assertThat(sessions.get(1).lastUsedAt()).as("the refresh").isEqualTo(signedIn.plus(Duration.ofMinutes(10)));
    assertThat(sessions.get(0).lastUsedAt()).as("the sign-in").isEqualTo(sessions.get(0).createdAt());
    assertThat(sessions.get(0).ipAddress()).isEqualTo(CLIENT.ipAddress());
    assertThat(sessions.get(0).userAgent()).isEqualTo(CLIENT.userAgent());
    assertThat(sessions).extracting(ListSessions.Session::id).doesNotContain(bob.sessionId());
  }

  @Test
  void ending_a_session_stops_its_access_and_refresh_tokens_at_once_and_leaves_the_others() {
    t.registerAndVerify("ada@example.com");
    Authenticate.Authenticated lost = t.login("ada@example.com");
    Actor current = t.signIn("ada@example.com");

    t.keyhold.sessions().endSession(new EndSession.Command(current, lost.tokens().sessionId()));

    assertThat(code(() -> t.keyhold.sessions().authenticate(lost.tokens().accessToken())))
        .isEqualTo("invalid_token");
    assertThat(code(() -> t.keyhold.sessions().refresh(
        new RotateRefreshToken.Command(lost.tokens().refreshToken(), CLIENT)))).isEqualTo("invalid_refresh_token");
    assertThat(t.keyhold.sessions().sessions(current)).extracting(ListSessions.Session::id)
        .containsExactly(current.sessionId());
    assertThat(audited("session.ended")).singleElement().satisfies(e -> {
      assertThat(e.targetId()).isEqualTo(lost.tokens().sessionId().toString());
      assertThat(e.details()).containsEntry("current", "false");
    });
  }

  @Test
  void ending_an_ended_session_again_succeeds_and_records_nothing_more() {
    t.registerAndVerify("ada@example.com");
    Authenticate.Authenticated lost = t.login("ada@example.com");
    Actor current = t.signIn("ada@example.com");
    t.keyhold.sessions().endSession(new EndSession.Command(current, lost.tokens().sessionId()));

    t.keyhold.sessions().endSession(new EndSession.Command(current, lost.tokens().sessionId()));

    assertThat(audited("session.ended")).hasSize(1);
  }

  @Test
  void another_users_session_is_not_found_and_stays_active() {
    Actor ada = t.signUp("ada@example.com");
    t.registerAndVerify("bob@example.com");
    Authenticate.Authenticated bob = t.login("bob@example.com");

    assertThat(code(() -> t.keyhold.sessions().endSession(new EndSession.Command(ada, bob.tokens().sessionId()))))
        .isEqualTo("not_found");
    assertThat(code(() -> t.keyhold.sessions().endSession(
        new EndSession.Command(ada, new SessionId(UUID.randomUUID()))))).isEqualTo("not_found");
    t.keyhold.sessions().authenticate(bob.tokens().accessToken());
    assertThat(audited("session.ended")).isEmpty();
  }

  @Test
  void a_deleted_users_tokens_stop_at_once_and_their_data_and_address_are_gone() {
    Authenticate.Authenticated ada = signedUp("ada@example.com");
    Actor adaActor = actorOf(ada);
    Actor bob = t.signUp("bob@example.com");
    OrgId bobs = t.keyhold.organizations().create(new CreateOrganization.Command(bob, "Bob's", "bobs")).id();
    t.keyhold.organizations().invite(
        new InviteMember.Command(bob, bobs, "ADA@example.com", "admin", Duration.ofDays(1)));
    t.stores.memberships().add(new Membership(bobs, ada.userId(), BuiltInRoles.MEMBER.id(), t.clock.instant(),
        t.clock.instant()));
    t.keyhold.accounts().updateProfile(new UpdateProfile.Command(adaActor, "Ada"));

    t.keyhold.accounts().deleteAccount(new DeleteAccount.Command(adaActor, TestKeyhold.PASSWORD));

    assertThat(code(() -> t.keyhold.sessions().authenticate(ada.tokens().accessToken()))).isEqualTo("invalid_token");
    assertThat(code(() -> t.keyhold.sessions().refresh(
        new RotateRefreshToken.Command(ada.tokens().refreshToken(), CLIENT)))).isEqualTo("invalid_refresh_token");
    assertThat(t.stores.users().findById(ada.userId())).isEmpty();
    assertThat(t.stores.memberships().listByUser(ada.userId())).isEmpty();
    assertThat(t.stores.invitations().hasPending(bobs, Email.parse("ada@example.com"), t.clock.instant())).isFalse();
    assertThat(t.mail()).last().satisfies(mail -> {
      assertThat(mail.to()).isEqualTo("ada@example.com");
      assertThat(mail.subject()).contains("deleted");
    });
    assertThat(audited("user.deleted")).singleElement().satisfies(e -> {
      assertThat(e.actorId()).isEqualTo(ada.userId().toString());
      assertThat(e.targetId()).isEqualTo(ada.userId().toString());
    });
    assertThat(t.stores.auditEvents()).as("no audit event holds the address")
        .allSatisfy(e -> assertThat(e.details().values()).noneMatch(v -> v.toLowerCase().contains("ada@example.com")));
    t.registerAndVerify("ada@example.com");
    assertThat(t.userId("ada@example.com")).as("the address can register again").isNotEqualTo(ada.userId());
  }

  @Test
  void a_wrong_password_refuses_deletion_counts_toward_lockout_and_deletes_nothing() {
    Authenticate.Authenticated ada = signedUp("ada@example.com");

    assertThat(code(() -> t.keyhold.accounts().deleteAccount(new DeleteAccount.Command(actorOf(ada), "wrong"))))
        .isEqualTo("invalid_credentials");
    assertThat(code(() -> t.keyhold.accounts().deleteAccount(new DeleteAccount.Command(actorOf(ada), null))))
        .isEqualTo("invalid_credentials");

    assertThat(t.stores.users().findById(ada.userId())).isPresent();
    t.keyhold.sessions().authenticate(ada.tokens().accessToken());
    assertThat(audited("user.delete_refused")).extracting(e -> e.details().get("reason"))
        .containsExactly("bad_password", "bad_password");
  }

  @Test
  void the_only_owner_of_an_organization_is_refused_until_someone_else_owns_it() {
    Authenticate.Authenticated ada = signedUp("ada@example.com");
    Actor adaActor = actorOf(ada);
    OrgId acme = t.keyhold.organizations().create(new CreateOrganization.Command(adaActor, "Acme", "acme")).id();

    assertThat(code(() -> t.keyhold.accounts().deleteAccount(
        new DeleteAccount.Command(adaActor, TestKeyhold.PASSWORD)))).isEqualTo("last_owner");
    assertThat(t.stores.users().findById(ada.userId())).isPresent();
    assertThat(audited("user.delete_refused")).singleElement()
        .satisfies(e -> assertThat(e.details()).containsEntry("reason", "last_owner"));

    Actor bob = t.signUp("bob@example.com");
    t.stores.memberships().add(new Membership(acme, bob.userId(), BuiltInRoles.OWNER.id(), t.clock.instant(),
        t.clock.instant()));
    t.keyhold.accounts().deleteAccount(new DeleteAccount.Command(adaActor, TestKeyhold.PASSWORD));
    assertThat(t.stores.users().findById(ada.userId())).isEmpty();
    assertThat(t.stores.memberships().find(acme, bob.userId())).isPresent();
  }

  private Authenticate.Authenticated signedUp(String email) {
    t.registerAndVerify(email);
    return t.login(email);
  }

  private static Actor actorOf(Authenticate.Authenticated login) {
    return new Actor(login.userId(), login.tokens().sessionId(), CLIENT);
  }
}
