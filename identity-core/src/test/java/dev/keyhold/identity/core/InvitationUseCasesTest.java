package dev.keyhold.identity.core;

import static dev.keyhold.identity.core.TestKeyhold.CLIENT;
import static dev.keyhold.identity.core.TestKeyhold.code;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyhold.identity.core.crypto.TokenDigests;
import dev.keyhold.identity.error.InvalidTokenException;
import dev.keyhold.identity.error.ValidationException;
import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.access.BuiltInRoles;
import dev.keyhold.identity.model.access.OrgId;
import dev.keyhold.identity.model.audit.AuditEvent;
import dev.keyhold.identity.model.org.InvitationStatus;
import dev.keyhold.identity.model.org.Membership;
import dev.keyhold.identity.model.token.SessionId;
import dev.keyhold.identity.spi.Mailer;
import dev.keyhold.identity.usecase.AcceptInvitation;
import dev.keyhold.identity.usecase.CreateOrganization;
import dev.keyhold.identity.usecase.InviteMember;
import dev.keyhold.identity.usecase.Organizations.InvitationView;
import dev.keyhold.identity.usecase.Organizations;
import dev.keyhold.identity.usecase.RevokeInvitation;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class InvitationUseCasesTest {

  private final TestKeyhold t = new TestKeyhold();
  private final Organizations orgs = t.keyhold.organizations();

  private Actor owner;
  private OrgId acme;

  @BeforeEach
  void createOrganization() {
    owner = t.signUp("owner@example.com");
    acme = orgs.create(new CreateOrganization.Command(owner, "Acme Inc.", "acme")).id();
  }

  private String invite(String email, String role) {
    orgs.invite(new InviteMember.Command(owner, acme, email, role, null));
    return t.lastLinkTokenTo(email);
  }

  private String roleOf(Actor actor) {
    return orgs.listMembers(owner, acme).stream().filter(m -> m.userId().equals(actor.userId()))
        .map(Organizations.MemberView::role).findFirst().orElse("none");
  }

  @Test
  void an_invitation_mails_a_link_whose_token_is_stored_only_as_its_hash() {
    InvitationView view = orgs.invite(new InviteMember.Command(owner, acme, " Ada@Example.com ", "admin", null));

    assertThat(view.email()).isEqualTo("Ada@Example.com");
    assertThat(view.role()).isEqualTo("admin");
    assertThat(view.roleId()).isEqualTo(BuiltInRoles.ORG_ADMIN.id());
    assertThat(view.invitedBy()).isEqualTo(owner.userId());
    assertThat(view.status()).isEqualTo(InvitationStatus.PENDING);
    assertThat(view.expiresAt()).isEqualTo(t.clock.instant().plus(Duration.ofDays(7)));
    Mailer.Message mail = t.mail().get(t.mail().size() - 1);
    assertThat(mail.to()).isEqualTo("Ada@Example.com");
    assertThat(mail.textBody()).contains("https://id.example.com/invitations/accept?token=", "acme", "admin")
        .doesNotContain("Acme Inc.");
    String token = t.lastLinkTokenTo("Ada@Example.com");
    assertThat(token).hasSize(43);
    assertThat(t.stores.invitations().findById(acme, view.id())).get()
        .satisfies(stored -> assertThat(stored.tokenHash()).isEqualTo(TokenDigests.sha256(token)));
    assertThat(orgs.listInvitations(owner, acme)).extracting(InvitationView::id).containsExactly(view.id());
  }

  @Test
  void the_invitation_link_follows_the_settings() {
    TestKeyhold custom = new TestKeyhold(KeyholdSettings.builder("https://id.example.com")
        .invitationUrl("https://app.example.com/join/{token}").build(), TestKeyhold.FAST);
    Actor creator = custom.signUp("owner@example.com");
    OrgId org = custom.keyhold.organizations().create(new CreateOrganization.Command(creator, "Acme", "acme")).id();
    custom.keyhold.organizations().invite(new InviteMember.Command(creator, org, "ada@example.com", "member", null));
    assertThat(custom.mail().get(custom.mail().size() - 1).textBody()).contains("https://app.example.com/join/");
    assertThatThrownBy(() -> KeyholdSettings.builder("https://x.example").invitationUrl("https://no-token").build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void accepting_makes_the_invited_user_a_member_with_the_role_and_works_once() {
    String token = invite("ada@example.com", "admin");
    Actor ada = t.signUp("ada@example.com");

    Organizations.OrganizationView joined = orgs.acceptInvitation(new AcceptInvitation.Command(ada, token));

    assertThat(joined.id()).isEqualTo(acme);
    assertThat(joined.role()).isEqualTo("admin");
    assertThat(roleOf(ada)).isEqualTo("admin");
    assertThat(orgs.listInvitations(owner, acme)).isEmpty();
    assertThatThrownBy(() -> orgs.acceptInvitation(new AcceptInvitation.Command(ada, token)))
        .isInstanceOf(InvalidTokenException.class)
        .satisfies(e -> assertThat(((InvalidTokenException) e).code()).isEqualTo("invalid_link_token"));
  }

  @Test
  void an_invitation_expires_after_seven_days_by_default() {
    String token = invite("ada@example.com", "member");
    Actor ada = t.signUp("ada@example.com");
    t.clock.advance(Duration.ofDays(7));

    assertThat(code(() -> orgs.acceptInvitation(new AcceptInvitation.Command(ada, token))))
        .isEqualTo("invalid_link_token");
    assertThat(orgs.listInvitations(owner, acme)).isEmpty();
    assertThat(roleOf(ada)).isEqualTo("none");
  }

  @Test
  void an_invitation_may_have_its_own_lifetime_within_bounds() {
    orgs.invite(new InviteMember.Command(owner, acme, "ada@example.com", "member", Duration.ofHours(1)));
    String token = t.lastLinkTokenTo("ada@example.com");
    Actor ada = t.signUp("ada@example.com");
    t.clock.advance(Duration.ofMinutes(59));
    orgs.acceptInvitation(new AcceptInvitation.Command(ada, token));
    assertThat(roleOf(ada)).isEqualTo("member");

    assertThat(violation(() -> orgs.invite(new InviteMember.Command(owner, acme, "bob@example.com", "member",
        Duration.ZERO))))
        .isEqualTo("invalid_expires_in");
    assertThat(violation(() -> orgs.invite(new InviteMember.Command(owner, acme, "bob@example.com", "member",
        Duration.ofDays(31)))))
        .isEqualTo("invalid_expires_in");
  }

  @Test
  void a_revoked_invitation_cannot_be_accepted() {
    InvitationView view = orgs.invite(new InviteMember.Command(owner, acme, "ada@example.com", "member", null));
    String token = t.lastLinkTokenTo("ada@example.com");
    Actor ada = t.signUp("ada@example.com");

    orgs.revokeInvitation(new RevokeInvitation.Command(owner, acme, view.id()));

    assertThat(code(() -> orgs.acceptInvitation(new AcceptInvitation.Command(ada, token))))
        .isEqualTo("invalid_link_token");
    assertThat(code(() -> orgs.revokeInvitation(new RevokeInvitation.Command(owner, acme, view.id()))))
        .isEqualTo("not_found");
    assertThat(orgs.listInvitations(owner, acme)).isEmpty();
    assertThat(t.stores.auditEvents()).filteredOn(e -> e.action().equals("invitation.revoked")).singleElement()
        .satisfies(e -> {
          assertThat(e.orgId()).isEqualTo(acme.toString());
          assertThat(e.targetId()).isEqualTo(view.id().toString());
        });
  }

  @Test
  void another_organizations_invitation_cannot_be_revoked_through_this_one() {
    InvitationView view = orgs.invite(new InviteMember.Command(owner, acme, "ada@example.com", "member", null));
    Actor other = t.signUp("other@example.com");
    OrgId globex = orgs.create(new CreateOrganization.Command(other, "Globex", "globex")).id();
    assertThat(code(() -> orgs.revokeInvitation(new RevokeInvitation.Command(other, globex, view.id()))))
        .isEqualTo("not_found");
    assertThat(orgs.listInvitations(owner, acme)).hasSize(1);
  }

  @Test
  void a_user_with_another_verified_email_gets_the_same_answer_as_for_an_unknown_token() {
    String token = invite("ada@example.com", "member");
    Actor mallory = t.signUp("mallory@example.com");

    InvalidTokenException wrongPerson = catchInvalid(() -> orgs.acceptInvitation(new AcceptInvitation.Command(mallory,
        token)));
    InvalidTokenException unknown = catchInvalid(() -> orgs.acceptInvitation(new AcceptInvitation.Command(mallory,
        "no-such-token")));

    assertThat(wrongPerson.code()).isEqualTo(unknown.code()).isEqualTo("invalid_link_token");
    assertThat(wrongPerson.getMessage()).isEqualTo(unknown.getMessage());
    assertThat(roleOf(mallory)).isEqualTo("none");
    Actor ada = t.signUp("ada@example.com");
    orgs.acceptInvitation(new AcceptInvitation.Command(ada, token));
    assertThat(roleOf(ada)).as("the invitation stayed pending for its addressee").isEqualTo("member");
  }

  @Test
  void a_user_whose_invited_email_is_unverified_cannot_accept() {
    String token = invite("ada@example.com", "member");
    t.register("ada@example.com");
    Actor unverified = new Actor(t.userId("ada@example.com"),
        new SessionId(UUID.fromString("00000000-0000-4000-8000-0000000000aa")), CLIENT);

    assertThat(code(() -> orgs.acceptInvitation(new AcceptInvitation.Command(unverified, token))))
        .isEqualTo("invalid_link_token");
    assertThat(roleOf(unverified)).isEqualTo("none");
    assertThat(t.stores.auditEvents()).filteredOn(e -> e.action().equals("invitation.accept_failed"))
        .singleElement().satisfies(e -> {
          assertThat(e.details()).containsEntry("reason", "email_mismatch");
          assertThat(e.orgId()).isEqualTo(acme.toString());
        });
  }

  @Test
  void a_new_invitation_replaces_an_earlier_pending_one_to_the_same_address() {
    String first = invite("ada@example.com", "member");
    t.clock.advance(Duration.ofMinutes(1));
    String second = invite("ADA@example.com", "admin");
    Actor ada = t.signUp("ada@example.com");

    assertThat(orgs.listInvitations(owner, acme)).singleElement()
        .satisfies(view -> assertThat(view.role()).isEqualTo("admin"));
    assertThat(code(() -> orgs.acceptInvitation(new AcceptInvitation.Command(ada, first))))
        .isEqualTo("invalid_link_token");
    assertThat(orgs.acceptInvitation(new AcceptInvitation.Command(ada, second)).role()).isEqualTo("admin");
  }

  @Test
  void pending_invitations_are_listed_newest_first() {
    InvitationView ada = orgs.invite(new InviteMember.Command(owner, acme, "ada@example.com", "member", null));
    t.clock.advance(Duration.ofMinutes(1));
    InvitationView bob = orgs.invite(new InviteMember.Command(owner, acme, "bob@example.com", "member", null));
    assertThat(orgs.listInvitations(owner, acme)).extracting(InvitationView::id).containsExactly(bob.id(), ada.id());
  }

  @Test
  void inviting_a_current_member_or_accepting_as_one_is_already_member() {
    Actor member = t.signUp("member@example.com");
    orgs.acceptInvitation(new AcceptInvitation.Command(member, invite("member@example.com", "member")));
    assertThat(code(() -> orgs.invite(new InviteMember.Command(owner, acme, "MEMBER@example.com", "admin", null))))
        .isEqualTo("already_member");
    assertThat(code(() -> orgs.invite(new InviteMember.Command(owner, acme, "owner@example.com", "member", null))))
        .isEqualTo("already_member");

    String token = invite("ada@example.com", "admin");
    Actor ada = t.signUp("ada@example.com");
    t.stores.memberships().add(
        new Membership(acme, ada.userId(), BuiltInRoles.MEMBER.id(), t.clock.instant(), t.clock.instant()));
    assertThat(code(() -> orgs.acceptInvitation(new AcceptInvitation.Command(ada, token)))).isEqualTo("already_member");
    assertThat(roleOf(ada)).isEqualTo("member");
  }

  @Test
  void inviting_needs_invitations_write_a_known_role_and_a_valid_address() {
    Actor member = t.signUp("member@example.com");
    orgs.acceptInvitation(new AcceptInvitation.Command(member, invite("member@example.com", "member")));
    assertThat(code(() -> orgs.invite(new InviteMember.Command(member, acme, "ada@example.com", "member", null))))
        .isEqualTo("forbidden");
    assertThat(violation(() -> orgs.invite(new InviteMember.Command(owner, acme, "ada@example.com", "superuser",
        null))))
        .isEqualTo("unknown_role");
    assertThat(violation(() -> orgs.invite(new InviteMember.Command(owner, acme, "not-an-address", "member", null))))
        .isEqualTo("invalid_email");
    assertThat(orgs.listInvitations(owner, acme)).isEmpty();
  }

  @Test
  void malformed_tokens_are_refused_like_unknown_ones() {
    Actor ada = t.signUp("ada@example.com");
    assertThat(code(() -> orgs.acceptInvitation(new AcceptInvitation.Command(ada, null))))
        .isEqualTo("invalid_link_token");
    assertThat(code(() -> orgs.acceptInvitation(new AcceptInvitation.Command(ada, ""))))
        .isEqualTo("invalid_link_token");
    assertThat(code(() -> orgs.acceptInvitation(new AcceptInvitation.Command(ada, "x".repeat(10_000)))))
        .isEqualTo("invalid_link_token");
  }

  @Test
  void invitation_audit_events_carry_the_organization_and_never_the_token() {
    String token = invite("ada@example.com", "member");
    Actor ada = t.signUp("ada@example.com");
    orgs.acceptInvitation(new AcceptInvitation.Command(ada, token));

    assertThat(t.stores.auditEvents()).filteredOn(e -> e.action().startsWith("invitation."))
        .extracting(AuditEvent::action).containsExactly("invitation.created", "invitation.accepted");
    assertThat(t.stores.auditEvents()).filteredOn(e -> e.action().startsWith("invitation."))
        .allSatisfy(e -> assertThat(e.orgId()).isEqualTo(acme.toString()));
    for (AuditEvent event : t.stores.auditEvents()) {
      assertThat(event.toString()).doesNotContain(token, TokenDigests.sha256(token).hex());
    }
  }

  private static InvalidTokenException catchInvalid(Runnable action) {
    try {
      action.run();
    } catch (InvalidTokenException e) {
      return e;
    }
    throw new AssertionError("expected an invalid token");
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
