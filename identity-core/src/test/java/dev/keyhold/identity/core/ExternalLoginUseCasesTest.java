package dev.keyhold.identity.core;

import static dev.keyhold.identity.core.TestKeyhold.CLIENT;
import static dev.keyhold.identity.core.TestKeyhold.PASSWORD;
import static dev.keyhold.identity.core.TestKeyhold.code;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import dev.keyhold.identity.core.crypto.Totp;
import dev.keyhold.identity.error.ExternalLoginException;
import dev.keyhold.identity.error.ProviderUnavailableException;
import dev.keyhold.identity.error.ValidationException;
import dev.keyhold.identity.model.ClientInfo;
import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.audit.AuditEvent;
import dev.keyhold.identity.model.event.IdentityEvent;
import dev.keyhold.identity.model.external.ExternalIdentity;
import dev.keyhold.identity.model.external.ExternalIdentityId;
import dev.keyhold.identity.model.external.VerifiedExternalIdentity;
import dev.keyhold.identity.model.user.Email;
import dev.keyhold.identity.model.user.User;
import dev.keyhold.identity.model.user.UserId;
import dev.keyhold.identity.model.user.UserStatus;
import dev.keyhold.identity.spi.Mailer;
import dev.keyhold.identity.testkit.Concurrently;
import dev.keyhold.identity.testkit.Concurrently.Outcome;
import dev.keyhold.identity.usecase.Authenticate;
import dev.keyhold.identity.usecase.CompleteExternalLogin;
import dev.keyhold.identity.usecase.CompleteMfaLogin;
import dev.keyhold.identity.usecase.ConfirmTotpEnrolment;
import dev.keyhold.identity.usecase.ExternalLogin;
import dev.keyhold.identity.usecase.ListIdentityProviders.ProviderView;
import dev.keyhold.identity.usecase.ListLinkedIdentities.LinkedIdentity;
import dev.keyhold.identity.usecase.ResetPassword;
import dev.keyhold.identity.usecase.RotateRefreshToken;
import dev.keyhold.identity.usecase.StartExternalLogin;
import dev.keyhold.identity.usecase.StartTotpEnrolment;
import dev.keyhold.identity.usecase.UnlinkIdentity;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ExternalLoginUseCasesTest {

  private static final String ACME_CALLBACK = "https://app.example.com/oauth/acme/callback";
  private static final String ACME_MOBILE = "com.example.app:/oauth/acme";
  private static final String GOOGLE_CALLBACK = "https://app.example.com/oauth/google/callback";

  private final FakeIdentityProvider acme = new FakeIdentityProvider("acme", "Acme SSO", ACME_CALLBACK, ACME_MOBILE);
  private final FakeIdentityProvider google = new FakeIdentityProvider("google", "Google", GOOGLE_CALLBACK);
  private final TestKeyhold t = new TestKeyhold(KeyholdSettings.defaults("https://id.example.com"),
      List.of(acme, google));
  private final ExternalLogin oauth = t.keyhold.externalLogin();
  /** Everything secret this test saw: states, codes, verifiers, nonces, tokens; none may reach the audit log. */
  private final List<String> secrets = new CopyOnWriteArrayList<>();

  // --- starting ---

  @Test
  void the_providers_are_listed_in_the_order_they_were_added_with_their_display_names() {
    assertThat(oauth.providers())
        .containsExactly(new ProviderView("acme", "Acme SSO"), new ProviderView("google", "Google"));
  }

  @Test
  void a_keyhold_without_providers_lists_none_and_starts_no_sign_in() {
    ExternalLogin none = new TestKeyhold().keyhold.externalLogin();

    assertThat(none.providers()).isEmpty();
    assertThat(code(() -> none.startExternalLogin(new StartExternalLogin.Command("acme", null, CLIENT))))
        .isEqualTo("not_found");
  }

  @Test
  void starting_at_an_unknown_provider_is_not_found() {
    assertThat(code(() -> start("github", null))).isEqualTo("not_found");
    assertThat(code(() -> start(null, null))).isEqualTo("not_found");
  }

  @Test
  void the_authorization_url_carries_a_fresh_state_nonce_and_s256_challenge_and_the_first_redirect_uri() {
    StartExternalLogin.Authorization first = start("acme", null);
    StartExternalLogin.Authorization second = start("acme", null);

    String url = first.authorizationUrl().toString();
    assertThat(url).startsWith("https://idp.example/acme/authorize?")
        .contains("redirect_uri=" + URLEncoder.encode(ACME_CALLBACK, StandardCharsets.UTF_8))
        .contains("&state=" + first.state()).contains("&code_challenge_method=S256").containsPattern("nonce=[\\w-]{43}")
        .containsPattern("code_challenge=[\\w-]{43}");
    assertThat(first.state()).hasSize(43).isNotEqualTo(second.state());
    assertThat(FakeIdentityProvider.stateOf(first.authorizationUrl())).isEqualTo(first.state());
    assertThat(first.toString()).doesNotContain(first.state());
  }

  @Test
  void a_requested_redirect_uri_must_equal_a_registered_one_character_for_character() {
    StartExternalLogin.Authorization mobile = start("acme", ACME_MOBILE);
    assertThat(mobile.authorizationUrl().toString()).contains("redirect_uri=com.example.app%3A%2Foauth%2Facme");

    for (String near : List.of(ACME_CALLBACK + "/", ACME_CALLBACK.toUpperCase(), ACME_CALLBACK + "?next=/admin",
        "https://app.example.com/oauth/acme/callback#x", "https://evil.example/oauth/acme/callback", GOOGLE_CALLBACK,
        "")) {
      ValidationException refused = catchThrowableOfType(() -> start("acme", near), ValidationException.class);
      assertThat(refused).as(near).isNotNull();
      assertThat(refused.violations()).extracting(ValidationException.Violation::field).containsExactly("redirect_uri");
    }
  }

  @Test
  void the_callback_sends_the_provider_the_redirect_uri_the_sign_in_started_with() {
    VerifiedExternalIdentity person = acme.person("mobile-1", "mobile@example.com", true);
    StartExternalLogin.Authorization started = start("acme", ACME_MOBILE);

    // the fake refuses a code redeemed at another redirect URI than it was issued for
    assertThat(complete("acme", acme.approve(started.authorizationUrl(), person), started.state()))
        .isInstanceOf(Authenticate.Authenticated.class);
  }

  // --- a first sign-in ---

  @Test
  void a_first_sign_in_with_a_vouched_address_creates_a_verified_user_without_a_password_and_signs_in_with_amr_fed() {
    Authenticate.Authenticated session = signIn(acme, acme.person("sub-1", "Grace@Example.com", true));

    User grace = t.stores.users().findById(session.userId()).orElseThrow();
    assertThat(grace.email().display()).isEqualTo("Grace@Example.com");
    assertThat(grace.emailVerified()).isTrue();
    assertThat(grace.password()).isEmpty();
    assertThat(grace.displayName()).isEqualTo("Person sub-1");
    assertThat(t.keyhold.sessions().authenticate(session.tokens().accessToken()).authMethods()).containsExactly("fed");
    assertThat(oauth.linkedIdentities(actor(session))).extracting(LinkedIdentity::provider, LinkedIdentity::email)
        .containsExactly(tuple("acme", "Grace@Example.com"));
    assertThat(t.stores.externalIdentities().find(acme.issuer(), "sub-1")).map(ExternalIdentity::userId)
        .contains(grace.id());
    assertThat(audited()).extracting(AuditEvent::action).containsExactly(
        "user.registered", "oauth.identity_linked", "oauth.login");
    assertThat(last("oauth.identity_linked").details()).containsEntry("provider", "acme").containsEntry("via", "new_user");
    assertThat(last("oauth.login").details()).containsEntry("provider", "acme")
        .containsEntry("session", session.tokens().sessionId().toString());
    assertThat(t.events).extracting(Object::getClass).containsExactly(IdentityEvent.UserRegistered.class,
        IdentityEvent.SessionStarted.class);
    assertThat(t.mail()).as("no notice: nothing existed before").isEmpty();
  }

  @Test
  void signing_in_again_with_a_linked_identity_signs_in_its_user_whatever_the_token_now_says_of_the_address() {
    UserId first = signIn(acme, acme.person("sub-2", "hopper@example.com", true)).userId();

    Authenticate.Authenticated again = signIn(acme, acme.person("sub-2", "changed@example.org", false));

    assertThat(again.userId()).isEqualTo(first);
    assertThat(t.stores.externalIdentities().listByUser(first)).hasSize(1);
    assertThat(t.stores.users().findByEmail(Email.parse("changed@example.org"))).isEmpty();
  }

  @Test
  void a_display_name_the_provider_gives_is_trimmed_and_cut_to_the_longest_allowed_and_dropped_with_controls() {
    String longName = "  " + "\u00e9".repeat(150) + "  ";
    UserId cut = signIn(acme, new VerifiedExternalIdentity(acme.issuer(), "long", "long@example.com", true, longName))
        .userId();
    UserId dropped = signIn(acme,
        new VerifiedExternalIdentity(acme.issuer(), "ctl", "ctl@example.com", true, "Eve\u0000Admin")).userId();

    assertThat(t.stores.users().findById(cut).orElseThrow().displayName()).isEqualTo("\u00e9".repeat(100));
    assertThat(t.stores.users().findById(dropped).orElseThrow().displayName()).isNull();
  }

  @Test
  void one_subject_at_two_providers_is_two_identities() {
    UserId atAcme = signIn(acme, acme.person("same", "one@example.com", true)).userId();

    UserId atGoogle = signIn(google, google.person("same", "two@example.com", true)).userId();

    assertThat(atGoogle).isNotEqualTo(atAcme);
  }

  // --- linking to local accounts ---

  @Test
  void a_verified_local_account_with_the_vouched_address_is_linked_and_its_owner_mailed() {
    Actor ada = t.signUp("ada@example.com");
    t.mail().clear();

    Authenticate.Authenticated session = signIn(google, google.person("g-ada", "ADA@example.com", true));

    assertThat(session.userId()).isEqualTo(ada.userId());
    assertThat(oauth.linkedIdentities(ada)).extracting(LinkedIdentity::provider).containsExactly("google");
    assertThat(t.stores.users().findById(ada.userId()).orElseThrow().password()).as("the password stays").isPresent();
    assertThat(t.login("ada@example.com").userId()).isEqualTo(ada.userId());
    assertThat(last("oauth.identity_linked").details()).containsEntry("via", "verified_email");
    assertThat(t.mail()).singleElement().satisfies(mail -> {
      assertThat(mail.to()).isEqualTo("ada@example.com");
      assertThat(mail.subject()).isEqualTo("New sign-in method for your Keyhold account");
      assertThat(mail.textBody()).contains("sign in to your Keyhold account with Google");
    });
  }

  @Test
  void an_address_the_provider_does_not_vouch_for_never_links_to_a_local_account() {
    Actor ada = t.signUp("ada@example.com");

    ExternalLoginException refused = catchThrowableOfType(
        () -> signIn(google, google.person("g-mallory", "ada@example.com", false)), ExternalLoginException.class);

    assertThat(refused.code()).isEqualTo("oauth_login_failed");
    assertThat(refused.reason()).isEqualTo("email_unverified");
    assertThat(oauth.linkedIdentities(ada)).isEmpty();
    assertThat(t.stores.externalIdentities().find(google.issuer(), "g-mallory")).isEmpty();
    assertThat(last("oauth.login_failed").details())
        .isEqualTo(Map.of("provider", "google", "reason", "email_unverified"));
    assertThat(last("oauth.login_failed").targetId()).isEqualTo(ada.userId().toString());
  }

  @Test
  void an_unvouched_or_missing_address_without_a_local_account_creates_nobody() {
    long usersBefore = t.stores.users().search(null, null, null, 1000).size();

    for (VerifiedExternalIdentity person : List.of(acme.person("n1", "new@example.com", false),
        acme.person("n2", null, true), acme.person("n3", "not an address", true))) {
      ExternalLoginException refused =
          catchThrowableOfType(() -> signIn(acme, person), ExternalLoginException.class);
      assertThat(refused.reason()).as(person.subject()).isEqualTo("no_verified_email");
    }

    assertThat(t.stores.users().search(null, null, null, 1000)).hasSize((int) usersBefore);
    assertThat(audited("oauth.login_failed")).extracting(event -> event.details().get("reason"))
        .containsOnly("no_verified_email");
  }

  @Test
  void a_vouched_address_of_an_unverified_account_takes_it_over_from_whoever_registered_it() {
    // Mallory registers the victim's address first, with a password of hers, without ever proving the address, and
    // sets up a second factor, a session and a link of her own provider account.
    TestKeyhold lax = new TestKeyhold(KeyholdSettings.builder("https://id.example.com").requireVerifiedEmail(false)
        .build(), List.of(acme, google));
    lax.register("victim@example.com");
    UserId account = lax.userId("victim@example.com");
    Authenticate.Authenticated malloryLogin = lax.login("victim@example.com");
    Actor mallory = new Actor(account, malloryLogin.tokens().sessionId(), CLIENT);
    String secret = lax.keyhold.twoFactor().startTotpEnrolment(new StartTotpEnrolment.Command(mallory, PASSWORD))
        .secret();
    lax.keyhold.twoFactor().confirmTotpEnrolment(new ConfirmTotpEnrolment.Command(mallory,
        Totp.code(secret, Totp.step(lax.clock.instant()) - 1)));
    lax.stores.externalIdentities().insert(new ExternalIdentity(new ExternalIdentityId(UUID.randomUUID()), account,
        "acme", acme.issuer(), "mallory-at-acme", null, lax.clock.instant()));
    lax.mail().clear();

    // The owner signs in with Google, which vouches for the address.
    Authenticate.LoginResult result = lax.keyhold.externalLogin().completeExternalLogin(approved(lax, google,
        google.person("g-victim", "victim@example.com", true)));

    assertThat(result).as("mallory's second factor went with the rest").isInstanceOf(Authenticate.Authenticated.class);
    assertThat(((Authenticate.Authenticated) result).userId()).isEqualTo(account);
    User claimed = lax.stores.users().findById(account).orElseThrow();
    assertThat(claimed.password()).isEmpty();
    assertThat(claimed.emailVerified()).isTrue();
    assertThat(code(() -> lax.login("victim@example.com"))).as("mallory's password").isEqualTo("invalid_credentials");
    assertThat(code(() -> lax.keyhold.sessions().refresh(new RotateRefreshToken.Command(
        malloryLogin.tokens().refreshToken(), CLIENT)))).as("mallory's session").isEqualTo("invalid_refresh_token");
    assertThat(lax.stores.totpCredentials().find(account)).isEmpty();
    assertThat(lax.stores.recoveryCodes().remaining(account)).isZero();
    assertThat(lax.stores.externalIdentities().listByUser(account)).extracting(ExternalIdentity::subject)
        .containsExactly("g-victim");
    AuditEvent linked = lax.stores.auditEvents().stream().filter(e -> e.action().equals("oauth.identity_linked"))
        .reduce((a, b) -> b).orElseThrow();
    assertThat(linked.details()).containsEntry("via", "claimed_unverified_account")
        .containsEntry("password_removed", "true").containsEntry("second_factor_removed", "true")
        .containsEntry("links_removed", "1").containsEntry("sessions_revoked", "1");
    assertThat(lax.events).filteredOn(IdentityEvent.EmailVerified.class::isInstance).hasSize(1);
    assertThat(lax.mail()).singleElement().satisfies(mail -> {
      assertThat(mail.to()).isEqualTo("victim@example.com");
      assertThat(mail.subject()).isEqualTo("Your Keyhold account now signs in with Google");
    });
  }

  @Test
  void a_user_created_by_a_provider_can_set_a_password_through_a_reset() {
    signIn(acme, acme.person("sub-reset", "reset@example.com", true));

    t.keyhold.accounts().requestPasswordReset(new ResetPassword.Request("reset@example.com", CLIENT));
    t.keyhold.accounts().confirmPasswordReset(new ResetPassword.Confirmation(t.lastLinkTokenTo("reset@example.com"),
        PASSWORD, CLIENT));

    assertThat(t.login("reset@example.com").userId()).isEqualTo(t.userId("reset@example.com"));
  }

  // --- disabled users ---

  @Test
  void a_disabled_user_is_refused_like_a_disabled_login() {
    UserId grace = signIn(acme, acme.person("sub-d", "grace@example.com", true)).userId();
    t.stores.users().updateStatus(grace, UserStatus.DISABLED, t.clock.instant());

    assertThat(code(() -> signIn(acme, acme.person("sub-d", "grace@example.com", true))))
        .isEqualTo("invalid_credentials");
    assertThat(last("oauth.login_failed").details()).containsEntry("reason", "account_disabled");
  }

  @Test
  void a_disabled_local_account_is_neither_linked_nor_signed_in() {
    t.signUp("ada@example.com");
    t.stores.users().updateStatus(t.userId("ada@example.com"), UserStatus.DISABLED, t.clock.instant());

    assertThat(code(() -> signIn(google, google.person("g-ada", "ada@example.com", true))))
        .isEqualTo("invalid_credentials");
    assertThat(t.stores.externalIdentities().find(google.issuer(), "g-ada")).isEmpty();
  }

  // --- the state ---

  @Test
  void a_state_works_once() {
    StartExternalLogin.Authorization started = start("acme", null);
    VerifiedExternalIdentity person = acme.person("sub-r", "r@example.com", true);
    complete("acme", acme.approve(started.authorizationUrl(), person), started.state());

    ExternalLoginException replayed = catchThrowableOfType(() -> complete("acme",
        acme.approve(started.authorizationUrl(), person), started.state()), ExternalLoginException.class);

    assertThat(replayed.code()).isEqualTo("invalid_oauth_state");
    assertThat(last("oauth.login_failed").details()).isEqualTo(Map.of("provider", "acme", "reason", "unknown_state"));
  }

  @Test
  void an_unknown_missing_or_absurd_state_is_refused_without_asking_the_provider() {
    String code = "code-that-is-never-redeemed";

    for (String state : Stream.of("not-a-state-we-issued", "", "x".repeat(600)).toList()) {
      assertThat(code(() -> complete("acme", code, state))).as(state).isEqualTo("invalid_oauth_state");
    }
    assertThat(code(() -> complete("acme", code, null))).isEqualTo("invalid_oauth_state");
    assertThat(acme.secretsSeen).isEmpty();
  }

  @Test
  void a_state_is_refused_once_ten_minutes_have_passed() {
    StartExternalLogin.Authorization started = start("acme", null);
    String code = acme.approve(started.authorizationUrl(), acme.person("sub-late", "late@example.com", true));

    t.clock.advance(Duration.ofMinutes(10));

    assertThat(code(() -> complete("acme", code, started.state()))).isEqualTo("invalid_oauth_state");
    assertThat(acme.secretsSeen).isEmpty();
  }

  @Test
  void a_state_just_inside_ten_minutes_still_works() {
    StartExternalLogin.Authorization started = start("acme", null);
    String code = acme.approve(started.authorizationUrl(), acme.person("sub-ok", "ok@example.com", true));

    t.clock.advance(Duration.ofMinutes(10).minusSeconds(1));

    assertThat(complete("acme", code, started.state())).isInstanceOf(Authenticate.Authenticated.class);
  }

  @Test
  void a_state_issued_for_another_provider_is_refused_and_spent() {
    StartExternalLogin.Authorization atGoogle = start("google", null);
    String code = google.approve(atGoogle.authorizationUrl(), google.person("g-1", "mixup@example.com", true));

    assertThat(code(() -> complete("acme", code, atGoogle.state()))).isEqualTo("invalid_oauth_state");
    assertThat(last("oauth.login_failed").details()).containsEntry("reason", "provider_mismatch");
    assertThat(acme.secretsSeen).as("the wrong provider is never asked").isEmpty();
    assertThat(code(() -> complete("google", code, atGoogle.state()))).as("spent").isEqualTo("invalid_oauth_state");
  }

  @Test
  void a_callback_without_a_code_keeps_its_state() {
    StartExternalLogin.Authorization started = start("acme", null);

    ValidationException refused =
        catchThrowableOfType(() -> complete("acme", null, started.state()), ValidationException.class);

    assertThat(refused.violations()).extracting(ValidationException.Violation::field).containsExactly("code");
    String code = acme.approve(started.authorizationUrl(), acme.person("sub-c", "c@example.com", true));
    assertThat(complete("acme", code, started.state())).isInstanceOf(Authenticate.Authenticated.class);
  }

  @Test
  void of_two_callbacks_with_one_state_at_once_exactly_one_gets_past_the_state() {
    for (int round = 0; round < Concurrently.ROUNDS; round++) {
      t.clock.advance(Duration.ofMinutes(1)); // a new minute of the login-ip limit
      StartExternalLogin.Authorization started = start("acme", null);
      VerifiedExternalIdentity person = acme.person("race-" + round, "race" + round + "@example.com", true);
      List<String> codes = List.of(acme.approve(started.authorizationUrl(), person),
          acme.approve(started.authorizationUrl(), person));

      List<Outcome<Authenticate.LoginResult>> outcomes =
          Concurrently.call(2, i -> complete("acme", codes.get(i), started.state()));

      assertThat(outcomes).as("round %d", round).filteredOn(Outcome::succeeded).hasSize(1);
      assertThat(outcomes).filteredOn(outcome -> !outcome.succeeded())
          .allSatisfy(outcome -> assertThat(outcome.failure()).isInstanceOf(ExternalLoginException.class)
              .hasFieldOrPropertyWithValue("reason", "unknown_state"));
    }
  }

  // --- the provider ---

  @Test
  void a_code_the_provider_refuses_fails_with_its_reason_audited() {
    StartExternalLogin.Authorization started = start("acme", null);

    ExternalLoginException refused =
        catchThrowableOfType(() -> complete("acme", "forged-code", started.state()), ExternalLoginException.class);

    assertThat(refused.code()).isEqualTo("oauth_login_failed");
    assertThat(last("oauth.login_failed").details()).isEqualTo(Map.of("provider", "acme", "reason", "invalid_grant"));
  }

  @Test
  void a_provider_outage_is_reported_as_such_and_audited() {
    StartExternalLogin.Authorization started = start("acme", null);
    String code = acme.approve(started.authorizationUrl(), acme.person("sub-o", "o@example.com", true));
    acme.failure.set(new ProviderUnavailableException("acme token endpoint unreachable", null));

    assertThatThrownBy(() -> complete("acme", code, started.state())).isInstanceOf(ProviderUnavailableException.class);
    assertThat(last("oauth.login_failed").details())
        .isEqualTo(Map.of("provider", "acme", "reason", "provider_unavailable"));
  }

  @Test
  void an_identity_with_an_impossible_subject_is_refused() {
    VerifiedExternalIdentity tooLong = new VerifiedExternalIdentity(acme.issuer(), "s".repeat(256), "x@example.com",
        true, null);

    ExternalLoginException refused =
        catchThrowableOfType(() -> signIn(acme, tooLong), ExternalLoginException.class);

    assertThat(refused.reason()).isEqualTo("invalid_subject");
  }

  // --- the second factor ---

  @Test
  void a_user_with_a_second_factor_finishes_with_a_code_and_gets_amr_fed_otp() {
    Actor ada = t.signUp("ada@example.com");
    String secret = t.keyhold.twoFactor().startTotpEnrolment(new StartTotpEnrolment.Command(ada, PASSWORD)).secret();
    t.keyhold.twoFactor().confirmTotpEnrolment(new ConfirmTotpEnrolment.Command(ada,
        Totp.code(secret, Totp.step(t.clock.instant()) - 1)));

    Authenticate.LoginResult result =
        oauth.completeExternalLogin(approved(t, google, google.person("g-ada", "ada@example.com", true)));

    assertThat(result).isInstanceOf(Authenticate.MfaRequired.class);
    Authenticate.MfaRequired challenge = (Authenticate.MfaRequired) result;
    assertThat(challenge.methods()).containsExactly("totp", "recovery_code");
    assertThat(last("oauth.login").details()).containsEntry("second_factor", "required").doesNotContainKey("session");
    Authenticate.Authenticated session = t.keyhold.accounts().completeMfaLogin(new CompleteMfaLogin.Command(
        challenge.mfaToken(), "totp", Totp.code(secret, Totp.step(t.clock.instant())), CLIENT));
    assertThat(t.keyhold.sessions().authenticate(session.tokens().accessToken()).authMethods())
        .containsExactly("fed", "otp");
    assertThat(last("login.succeeded").details()).containsEntry("first_factor", "fed");
  }

  // --- linked identities ---

  @Test
  void the_last_way_to_sign_in_cannot_be_unlinked() {
    Authenticate.Authenticated session = signIn(acme, acme.person("only", "only@example.com", true));
    Actor only = actor(session);
    ExternalIdentityId link = oauth.linkedIdentities(only).get(0).id();

    assertThat(code(() -> oauth.unlink(new UnlinkIdentity.Command(only, link)))).isEqualTo("last_sign_in_method");

    assertThat(oauth.linkedIdentities(only)).hasSize(1);
    assertThat(audited("oauth.identity_unlinked")).isEmpty();
  }

  @Test
  void a_second_link_of_a_password_less_user_can_go_and_its_owner_is_mailed() {
    Authenticate.Authenticated session = signIn(acme, acme.person("two", "two@example.com", true));
    Actor two = actor(session);
    t.stores.externalIdentities().insert(new ExternalIdentity(new ExternalIdentityId(UUID.randomUUID()),
        two.userId(), "google", google.issuer(), "g-two", "two@example.com", t.clock.instant().plusSeconds(1)));
    ExternalIdentityId first = oauth.linkedIdentities(two).get(0).id();

    oauth.unlink(new UnlinkIdentity.Command(two, first));

    assertThat(oauth.linkedIdentities(two)).extracting(LinkedIdentity::provider).containsExactly("google");
    assertThat(last("oauth.identity_unlinked").details())
        .isEqualTo(Map.of("provider", "acme", "identity", first.toString()));
    assertThat(t.mail()).singleElement().extracting(Mailer.Message::subject)
        .isEqualTo("Sign-in method removed from your Keyhold account");
    assertThat(signIn(acme, acme.person("two", "two@example.com", true)).userId())
        .as("unlinked, the identity links again through the address it vouches for").isEqualTo(two.userId());
  }

  @Test
  void a_user_with_a_password_can_unlink_their_only_link() {
    Actor ada = t.signUp("ada@example.com");
    signIn(google, google.person("g-ada", "ada@example.com", true));
    ExternalIdentityId link = oauth.linkedIdentities(ada).get(0).id();

    oauth.unlink(new UnlinkIdentity.Command(ada, link));

    assertThat(oauth.linkedIdentities(ada)).isEmpty();
    assertThat(t.stores.externalIdentities().find(google.issuer(), "g-ada")).isEmpty();
  }

  @Test
  void another_users_link_is_not_found() {
    Actor ada = t.signUp("ada@example.com");
    Authenticate.Authenticated grace = signIn(acme, acme.person("g", "grace@example.com", true));
    ExternalIdentityId graces = oauth.linkedIdentities(actor(grace)).get(0).id();

    assertThat(code(() -> oauth.unlink(new UnlinkIdentity.Command(ada, graces)))).isEqualTo("not_found");
    assertThat(code(() -> oauth.unlink(new UnlinkIdentity.Command(ada,
        new ExternalIdentityId(UUID.randomUUID()))))).isEqualTo("not_found");
    assertThat(oauth.linkedIdentities(actor(grace))).hasSize(1);
  }

  // --- abuse and secrets ---

  @Test
  void callbacks_count_against_the_login_ip_limit() {
    ClientInfo spray = TestKeyhold.clientAt("198.51.100.9");
    for (int i = 0; i < 20; i++) {
      assertThat(code(() -> oauth.completeExternalLogin(
          new CompleteExternalLogin.Command("acme", "code", "guess-" + UUID.randomUUID(), spray))))
          .isEqualTo("invalid_oauth_state");
    }

    assertThat(code(() -> oauth.completeExternalLogin(
        new CompleteExternalLogin.Command("acme", "code", "guess", spray)))).isEqualTo("rate_limited");
    assertThat(code(() -> oauth.startExternalLogin(new StartExternalLogin.Command("acme", null, spray))))
        .isEqualTo("rate_limited");
    assertThat(start("acme", null).state()).as("another address").isNotEmpty();
  }

  @Test
  void no_audit_row_holds_a_state_code_verifier_nonce_or_token() {
    signIn(acme, acme.person("s1", "s1@example.com", true));
    StartExternalLogin.Authorization started = start("acme", null);
    remember(started.state());
    code(() -> complete("acme", "bad-code-" + UUID.randomUUID(), started.state()));
    code(() -> complete("acme", "x", started.state()));
    secrets.addAll(acme.secretsSeen);

    assertThat(secrets).hasSizeGreaterThan(6);
    for (AuditEvent event : t.stores.auditEvents()) {
      for (String text : event.details().values()) {
        for (String secret : secrets) {
          assertThat(text).as(event.action()).doesNotContain(secret);
        }
      }
    }
  }

  @Test
  void provider_names_must_be_unique_and_route_safe() {
    Keyhold.Builder builder = Keyhold.builder().identityProvider(acme);

    assertThatThrownBy(() -> builder.identityProvider(new FakeIdentityProvider("acme", "Other", ACME_CALLBACK)))
        .isInstanceOf(IllegalArgumentException.class);
    for (String name : List.of("", "Acme", "a/b", "-acme", "a".repeat(33), "acme sso")) {
      assertThatThrownBy(() -> builder.identityProvider(new FakeIdentityProvider(name, "X", ACME_CALLBACK)))
          .as(name).isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> builder.identityProvider(new FakeIdentityProvider("bare", "Bare")))
        .hasMessageContaining("no redirect URI");
  }

  // --- helpers ---

  private StartExternalLogin.Authorization start(String provider, String redirectUri) {
    StartExternalLogin.Authorization started =
        oauth.startExternalLogin(new StartExternalLogin.Command(provider, redirectUri, CLIENT));
    remember(started.state());
    return started;
  }

  private Authenticate.LoginResult complete(String provider, String code, String state) {
    remember(code);
    Authenticate.LoginResult result =
        oauth.completeExternalLogin(new CompleteExternalLogin.Command(provider, code, state, CLIENT));
    if (result instanceof Authenticate.Authenticated session) {
      remember(session.tokens().accessToken());
      remember(session.tokens().refreshToken());
    }
    return result;
  }

  /** The whole round trip: start, the person approves at the provider, the callback. */
  private Authenticate.Authenticated signIn(FakeIdentityProvider provider, VerifiedExternalIdentity person) {
    StartExternalLogin.Authorization started = start(provider.name(), null);
    return (Authenticate.Authenticated) complete(provider.name(),
        provider.approve(started.authorizationUrl(), person), started.state());
  }

  /** A callback command for {@code person}, approved at {@code provider}, on the Keyhold {@code on}. */
  private static CompleteExternalLogin.Command approved(TestKeyhold on, FakeIdentityProvider provider,
      VerifiedExternalIdentity person) {
    StartExternalLogin.Authorization started = on.keyhold.externalLogin()
        .startExternalLogin(new StartExternalLogin.Command(provider.name(), null, CLIENT));
    return new CompleteExternalLogin.Command(provider.name(), provider.approve(started.authorizationUrl(), person),
        started.state(), CLIENT);
  }

  private static Actor actor(Authenticate.Authenticated session) {
    return new Actor(session.userId(), session.tokens().sessionId(), CLIENT);
  }

  private void remember(String secret) {
    if (secret != null && secret.length() > 3) {
      secrets.add(secret);
    }
  }

  private List<AuditEvent> audited() {
    return t.stores.auditEvents();
  }

  private List<AuditEvent> audited(String action) {
    return t.stores.auditEvents().stream().filter(event -> event.action().equals(action)).toList();
  }

  private AuditEvent last(String action) {
    List<AuditEvent> found = audited(action);
    assertThat(found).as(action).isNotEmpty();
    return found.get(found.size() - 1);
  }
}
