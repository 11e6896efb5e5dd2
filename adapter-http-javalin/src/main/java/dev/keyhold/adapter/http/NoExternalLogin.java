package dev.keyhold.adapter.http;

import dev.keyhold.identity.error.NotFoundException;
import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.usecase.Authenticate;
import dev.keyhold.identity.usecase.CompleteExternalLogin;
import dev.keyhold.identity.usecase.ExternalLogin;
import dev.keyhold.identity.usecase.StartExternalLogin;
import dev.keyhold.identity.usecase.UnlinkIdentity;
import java.util.List;

/**
 * The external sign-in of an {@link HttpApi} built without {@link HttpApi.Builder#externalLogin}: no provider is
 * enabled, so there is nothing to start, finish or unlink, as with a {@code Keyhold} given no identity provider.
 */
final class NoExternalLogin implements ExternalLogin {

  @Override
  public List<ProviderView> providers() {
    return List.of();
  }

  @Override
  public Authorization startExternalLogin(StartExternalLogin.Command command) {
    throw new NotFoundException("No such sign-in provider.");
  }

  @Override
  public Authenticate.LoginResult completeExternalLogin(CompleteExternalLogin.Command command) {
    throw new NotFoundException("No such sign-in provider.");
  }

  @Override
  public List<LinkedIdentity> linkedIdentities(Actor actor) {
    return List.of();
  }

  @Override
  public void unlink(UnlinkIdentity.Command command) {
    throw new NotFoundException("No such sign-in method.");
  }
}
