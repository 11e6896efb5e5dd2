package com.example.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.keyhold.adapter.memory.MemoryProtectionStores;
import dev.keyhold.adapter.memory.MemoryStores;
import dev.keyhold.identity.core.Keyhold;
import dev.keyhold.identity.core.KeyholdSettings;
import dev.keyhold.identity.core.crypto.Totp;
import dev.keyhold.identity.model.ClientInfo;
import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.token.AccessTokenClaims;
import dev.keyhold.identity.model.token.IssuedTokens;
import dev.keyhold.identity.model.user.UserId;
import dev.keyhold.identity.usecase.AcceptInvitation;
import dev.keyhold.identity.usecase.Authenticate;
import dev.keyhold.identity.usecase.CompleteMfaLogin;
import dev.keyhold.identity.usecase.ConfirmTotpEnrolment;
import dev.keyhold.identity.usecase.CreateOrganization;
import dev.keyhold.identity.usecase.GetProfile;
import dev.keyhold.identity.usecase.InviteMember;
import dev.keyhold.identity.usecase.Organizations;
import dev.keyhold.identity.usecase.RegisterAccount;
import dev.keyhold.identity.usecase.RotateRefreshToken;
import dev.keyhold.identity.usecase.StartTotpEnrolment;
import dev.keyhold.identity.usecase.VerifyEmail;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The code of docs/embedding.md, run as a new user would run it: every {@code java} block of the guide appears
 * verbatim in this package ({@code GuideSamplesTest} checks), and these tests run them in order on memory stores.
 */
class EmbeddingGuideTest {

  @Test
  void a_new_user_registers_verifies_signs_in_refreshes_and_creates_an_organization() {
    CapturingMailer mailer = new CapturingMailer();
    Keyhold keyhold = Keyhold.builder()
        .stores(MemoryStores.create())
        .protection(MemoryProtectionStores.create())
        .settings(KeyholdSettings.defaults("https://id.example.com"))
        .mailer(mailer)
        .build();

    ClientInfo client = new ClientInfo("203.0.113.7", "Mozilla/5.0", "request-1");
    keyhold.accounts().register(
        new RegisterAccount.Command("ada@example.com", "correct horse battery staple", "Ada", client));

    assertThat(mailer.sent()).as("nothing is mailed before the dispatcher runs").isEmpty();

    keyhold.mail().deliverDue();
    String token = mailer.lastTokenTo("ada@example.com");
    UserId ada = keyhold.accounts().verifyEmail(new VerifyEmail.Command(token, client));

    assertThat(mailer.sent()).singleElement().satisfies(mail -> assertThat(mail.textBody())
        .contains("https://id.example.com/verify-email?token=" + token));

    Authenticate.LoginResult result = keyhold.accounts().login(
        new Authenticate.Command("ada@example.com", "correct horse battery staple", client));
    IssuedTokens tokens;
    if (result instanceof Authenticate.Authenticated signedIn) {
      tokens = signedIn.tokens();
    } else if (result instanceof Authenticate.MfaRequired challenge) {
      tokens = keyhold.accounts().completeMfaLogin(new CompleteMfaLogin.Command(
          challenge.mfaToken(), "totp", askForTheCode(challenge.methods()), client)).tokens();
    } else {
      throw new IllegalStateException("unknown login result " + result);
    }

    assertThat(result).isInstanceOf(Authenticate.Authenticated.class);

    AccessTokenClaims claims = keyhold.sessions().authenticate(tokens.accessToken());
    Actor actor = Actor.from(claims, client);
    GetProfile.Profile me = keyhold.accounts().profile(actor.userId());

    assertThat(claims.issuer()).isEqualTo("https://id.example.com");
    assertThat(actor.userId()).isEqualTo(ada);
    assertThat(actor.sessionId()).isEqualTo(tokens.sessionId());
    assertThat(me.email()).isEqualTo("ada@example.com");
    assertThat(me.emailVerified()).isTrue();

    IssuedTokens next = keyhold.sessions().refresh(new RotateRefreshToken.Command(tokens.refreshToken(), client));

    assertThat(next.sessionId()).isEqualTo(tokens.sessionId());
    assertThat(next.refreshToken()).isNotEqualTo(tokens.refreshToken());

    Organizations.OrganizationView acme = keyhold.organizations()
        .create(new CreateOrganization.Command(actor, "Acme", "acme"));

    assertThat(acme.role()).isEqualTo("owner");
    assertThat(keyhold.organizations().listMine(actor)).containsExactly(acme);
  }

  @Test
  void a_user_turns_on_two_factor_and_signs_in_with_a_code() {
    CapturingMailer mailer = new CapturingMailer();
    Keyhold keyhold = Keyhold.builder()
        .stores(MemoryStores.create())
        .protection(MemoryProtectionStores.create())
        .settings(KeyholdSettings.defaults("https://id.example.com"))
        .mailer(mailer)
        .build();
    ClientInfo client = new ClientInfo("203.0.113.7", "Mozilla/5.0", "request-1");
    keyhold.accounts().register(
        new RegisterAccount.Command("ada@example.com", "correct horse battery staple", "Ada", client));
    keyhold.mail().deliverDue();
    keyhold.accounts().verifyEmail(new VerifyEmail.Command(mailer.lastTokenTo("ada@example.com"), client));
    IssuedTokens first = ((Authenticate.Authenticated) keyhold.accounts().login(
        new Authenticate.Command("ada@example.com", "correct horse battery staple", client))).tokens();
    Actor actor = Actor.from(keyhold.sessions().authenticate(first.accessToken()), client);

    StartTotpEnrolment.Enrolment enrolment = keyhold.twoFactor().startTotpEnrolment(
        new StartTotpEnrolment.Command(actor, "correct horse battery staple"));
    String codeFromTheApp = Totp.code(enrolment.secret(), Totp.step(Instant.now()) - 1);
    List<String> recoveryCodes = keyhold.twoFactor().confirmTotpEnrolment(
        new ConfirmTotpEnrolment.Command(actor, codeFromTheApp)).codes();

    assertThat(recoveryCodes).hasSize(10);
    assertThat(enrolment.otpauthUri()).startsWith("otpauth://totp/Keyhold:ada%40example.com?secret=");
    assertThat(keyhold.accounts().profile(actor.userId()).mfaEnabled()).isTrue();

    String nextCodeFromTheApp = Totp.codeAt(enrolment.secret(), Instant.now());
    Authenticate.MfaRequired challenge = (Authenticate.MfaRequired) keyhold.accounts().login(
        new Authenticate.Command("ada@example.com", "correct horse battery staple", client));
    Authenticate.Authenticated signedIn = keyhold.accounts().completeMfaLogin(
        new CompleteMfaLogin.Command(challenge.mfaToken(), "totp", nextCodeFromTheApp, client));

    assertThat(challenge.methods()).containsExactly("totp", "recovery_code");
    assertThat(keyhold.sessions().authenticate(signedIn.tokens().accessToken()).authMethods())
        .containsExactly("pwd", "otp");
  }

  /** Where an application would ask its user; the guide's first user has no second factor. */
  private static String askForTheCode(List<String> methods) {
    throw new AssertionError("no second factor was turned on, so no code is asked for: " + methods);
  }

  @Test
  void an_invited_colleague_signs_up_and_accepts_the_invitation() {
    CapturingMailer mailer = new CapturingMailer();
    Keyhold keyhold = Keyhold.builder()
        .stores(MemoryStores.create())
        .protection(MemoryProtectionStores.create())
        .settings(KeyholdSettings.defaults("https://id.example.com"))
        .mailer(mailer)
        .build();
    Actor actor = signUp(keyhold, mailer, "ada@example.com");
    Organizations.OrganizationView acme = keyhold.organizations()
        .create(new CreateOrganization.Command(actor, "Acme", "acme"));

    keyhold.organizations().invite(
        new InviteMember.Command(actor, acme.id(), "grace@example.com", "member", Duration.ofDays(3)));
    keyhold.mail().deliverDue();
    String invitation = mailer.lastTokenTo("grace@example.com");

    Actor grace = signUp(keyhold, mailer, "grace@example.com");
    keyhold.organizations().acceptInvitation(new AcceptInvitation.Command(grace, invitation));

    assertThat(keyhold.organizations().listMembers(actor, acme.id()))
        .extracting(Organizations.MemberView::email, Organizations.MemberView::role)
        .containsExactlyInAnyOrder(
            tuple("ada@example.com", "owner"), tuple("grace@example.com", "member"));
  }

  @Test
  void a_custom_user_repository_takes_the_place_of_the_memory_one() {
    CapturingMailer mailer = new CapturingMailer();
    MapUserRepository users = new MapUserRepository();
    Keyhold keyhold = Keyhold.builder()
        .stores(MemoryStores.builder().users(users).build())
        .protection(MemoryProtectionStores.create())
        .settings(KeyholdSettings.defaults("https://id.example.com"))
        .mailer(mailer)
        .build();

    Actor ada = signUp(keyhold, mailer, "ada@example.com");

    assertThat(users.findById(ada.userId())).hasValueSatisfying(user -> assertThat(user.emailVerified()).isTrue());
  }

  @Test
  void keyhold_refuses_to_guess_its_public_url() {
    assertThatThrownBy(() -> Keyhold.builder()
        .stores(MemoryStores.create())
        .protection(MemoryProtectionStores.create())
        .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("settings(KeyholdSettings.defaults(publicUrl))");
  }

  /** Registers, verifies through the mailed link and signs in: the caller, as an API would establish it. */
  static Actor signUp(Keyhold keyhold, CapturingMailer mailer, String email) {
    ClientInfo client = new ClientInfo("203.0.113.7", "Mozilla/5.0", "request-1");
    keyhold.accounts().register(new RegisterAccount.Command(email, "correct horse battery staple", null, client));
    keyhold.mail().deliverDue();
    keyhold.accounts().verifyEmail(new VerifyEmail.Command(mailer.lastTokenTo(email), client));
    Authenticate.LoginResult result =
        keyhold.accounts().login(new Authenticate.Command(email, "correct horse battery staple", client));
    IssuedTokens tokens = ((Authenticate.Authenticated) result).tokens();
    return Actor.from(keyhold.sessions().authenticate(tokens.accessToken()), client);
  }
}
