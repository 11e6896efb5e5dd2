package dev.keyhold.adapter.http;

import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.external.ExternalIdentityId;
import dev.keyhold.identity.usecase.Authenticate;
import dev.keyhold.identity.usecase.CompleteExternalLogin;
import dev.keyhold.identity.usecase.ExternalLogin;
import dev.keyhold.identity.usecase.StartExternalLogin;
import dev.keyhold.identity.usecase.UnlinkIdentity;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * Hand-written {@link ExternalLogin}: every use case answers with a fixed result (replaceable by a test), or throws
 * what {@link #failWith} installed, and keeps the last command it was given.
 */
final class FakeExternalLogin implements ExternalLogin {

  static final String STATE = "state-value-0123456789abcdefghijklmnopqrstu";
  static final URI AUTHORIZATION_URL = URI.create("https://accounts.example.test/authorize?response_type=code"
      + "&client_id=keyhold&state=" + STATE + "&nonce=n&code_challenge=c&code_challenge_method=S256");
  static final ExternalIdentityId LINK = new ExternalIdentityId(UUID.fromString("5b1e0000-0000-4000-8000-00000000000a"));
  static final Instant LINKED_AT = Instant.parse("2025-02-03T04:05:06Z");

  volatile List<ProviderView> providers;
  volatile Function<CompleteExternalLogin.Command, Authenticate.LoginResult> complete;
  volatile List<LinkedIdentity> linked;
  volatile RuntimeException failure;
  volatile Object lastCommand;

  FakeExternalLogin() {
    reset();
  }

  void reset() {
    providers = List.of(new ProviderView("google", "Google"), new ProviderView("acme", "Acme SSO"));
    complete = command -> new Authenticate.Authenticated(FakeAccounts.USER, FakeAccounts.tokens(List.of()));
    linked = List.of(new LinkedIdentity(LINK, "google", "ada@example.com", LINKED_AT),
        new LinkedIdentity(new ExternalIdentityId(UUID.fromString("5b1e0000-0000-4000-8000-00000000000b")), "acme",
            null, LINKED_AT.plusSeconds(60)));
    failure = null;
    lastCommand = null;
  }

  /** Makes every use case throw {@code failure}. */
  void failWith(RuntimeException failure) {
    this.failure = failure;
  }

  private <T> T answer(T result, Object command) {
    lastCommand = command;
    if (failure != null) {
      throw failure;
    }
    return result;
  }

  @Override
  public List<ProviderView> providers() {
    return answer(providers, null);
  }

  @Override
  public Authorization startExternalLogin(StartExternalLogin.Command command) {
    return answer(new Authorization(AUTHORIZATION_URL, STATE), command);
  }

  @Override
  public Authenticate.LoginResult completeExternalLogin(CompleteExternalLogin.Command command) {
    answer(null, command);
    return complete.apply(command);
  }

  @Override
  public List<LinkedIdentity> linkedIdentities(Actor actor) {
    return answer(linked, actor);
  }

  @Override
  public void unlink(UnlinkIdentity.Command command) {
    answer(null, command);
  }
}
