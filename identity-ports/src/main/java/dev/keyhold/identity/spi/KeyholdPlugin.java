package dev.keyhold.identity.spi;

/**
 * A bundle of extensions, registered at start-up: by {@code Keyhold.Builder.plugin}, by class name in
 * {@code PLUGIN_MODULES}, or found with {@link java.util.ServiceLoader} in a jar of {@code PLUGINS_DIR} (list the
 * class in {@code META-INF/services/dev.keyhold.identity.spi.KeyholdPlugin}). Needs a public no-argument constructor
 * when loaded by name or by the service loader.
 */
public interface KeyholdPlugin {

  /** The name {@code config} and the logs show. Default: the class's name. */
  default String name() {
    return getClass().getName();
  }

  /** Adds this plugin's extensions. Called once, before the instance serves anything. */
  void register(Registry registry);

  /** Where a plugin adds what it brings; each method may be called any number of times. */
  interface Registry {

    Registry passwordRule(PasswordRule rule);

    Registry registrationCheck(RegistrationCheck check);

    Registry signInCheck(SignInCheck check);

    Registry tokenClaims(TokenClaimsCustomizer customizer);

    Registry listener(IdentityEventListener listener);

    Registry identityProvider(IdentityProvider provider);

    Registry secondFactor(SecondFactor factor);
  }
}
