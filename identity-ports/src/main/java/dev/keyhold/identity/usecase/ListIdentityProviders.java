package dev.keyhold.identity.usecase;

import java.util.List;

/** The external providers a user can sign in with, for sign-in buttons. Open to anyone. */
public interface ListIdentityProviders {

  /** @param name the provider's name in routes, for example {@code google} */
  record ProviderView(String name, String displayName) {}

  List<ProviderView> providers();
}
