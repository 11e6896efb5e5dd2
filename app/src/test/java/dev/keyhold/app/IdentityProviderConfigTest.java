package dev.keyhold.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.keyhold.adapter.oauth.GenericOidcSettings;
import dev.keyhold.adapter.oauth.GoogleSettings;
import dev.keyhold.adapter.oauth.MicrosoftSettings;
import dev.keyhold.identity.spi.IdentityProvider;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The external providers' settings: complete ones enable a provider, partial ones stop start-up, secrets stay hidden. */
class IdentityProviderConfigTest {

  private static final String GOOGLE_SECRET = "GOCSPX-google-s3cret";
  private static final String MICROSOFT_SECRET = "ms~s3cret~value";
  private static final String ACME_SECRET = "acme-s3cret-value";
  private static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";

  private static Map<String, String> google() {
    Map<String, String> env = new HashMap<>();
    env.put("GOOGLE_CLIENT_ID", "1234567890-abc.apps.googleusercontent.com");
    env.put("GOOGLE_CLIENT_SECRET", GOOGLE_SECRET);
    env.put("GOOGLE_REDIRECT_URI", "https://app.example.com/oauth/google/callback");
    return env;
  }

  private static Map<String, String> microsoft() {
    Map<String, String> env = new HashMap<>();
    env.put("MICROSOFT_CLIENT_ID", "00000000-1111-2222-3333-444444444444");
    env.put("MICROSOFT_CLIENT_SECRET", MICROSOFT_SECRET);
    env.put("MICROSOFT_REDIRECT_URI", "https://app.example.com/oauth/microsoft/callback");
    env.put("MICROSOFT_TENANT", "organizations");
    return env;
  }

  private static Map<String, String> acme(String name, String prefix) {
    Map<String, String> env = new HashMap<>();
    env.put(prefix + "ISSUER", "https://login.acme.example/realms/staff/");
    env.put(prefix + "CLIENT_ID", "keyhold");
    env.put(prefix + "CLIENT_SECRET", ACME_SECRET);
    env.put(prefix + "REDIRECT_URI", "https://app.example.com/oauth/" + name + "/callback, http://localhost:3000/cb");
    env.put(prefix + "DISPLAY_NAME", "Acme staff");
    return env;
  }

  @Test
  void without_provider_settings_no_provider_is_enabled() {
    Config config = Config.fromEnvironment(Map.of());

    assertThat(config.identityProviders()).isEqualTo(Config.IdentityProviders.none());
    assertThat(config.identityProviders().names()).isEmpty();
    assertThat(KeyholdServer.identityProviders(config.identityProviders())).isEmpty();
  }

  @Test
  void complete_settings_enable_google_microsoft_and_the_listed_providers_in_order() {
    Map<String, String> env = google();
    env.put("GOOGLE_HOSTED_DOMAIN", "Example.COM");
    env.putAll(microsoft());
    env.put("MICROSOFT_ALLOWED_TENANTS", TENANT + ", " + TENANT.toUpperCase());
    env.put("MICROSOFT_AUTHORITY_HOST", "https://login.microsoftonline.us");
    env.put("OIDC_PROVIDERS", "acme, my-idp");
    env.putAll(acme("acme", "OIDC_ACME_"));
    env.putAll(acme("my-idp", "OIDC_MY_IDP_"));

    Config.IdentityProviders providers = Config.fromEnvironment(env).identityProviders();

    GoogleSettings google = providers.google().orElseThrow();
    assertThat(google.clientSecret()).isEqualTo(GOOGLE_SECRET);
    assertThat(google.redirectUris()).containsExactly(URI.create("https://app.example.com/oauth/google/callback"));
    assertThat(google.hostedDomain()).isEqualTo("example.com");
    MicrosoftSettings microsoft = providers.microsoft().orElseThrow();
    assertThat(microsoft.tenant()).isEqualTo("organizations");
    assertThat(microsoft.allowedTenants()).containsExactly(TENANT);
    assertThat(microsoft.authorityHost()).isEqualTo(URI.create("https://login.microsoftonline.us"));
    assertThat(providers.generic()).extracting(GenericOidcSettings::name).containsExactly("acme", "my-idp");
    GenericOidcSettings acme = providers.generic().get(0);
    assertThat(acme.issuer()).as("kept exactly, trailing slash included")
        .isEqualTo(URI.create("https://login.acme.example/realms/staff/"));
    assertThat(acme.redirectUris()).containsExactly(URI.create("https://app.example.com/oauth/acme/callback"),
        URI.create("http://localhost:3000/cb"));
    assertThat(acme.displayName()).isEqualTo("Acme staff");
    assertThat(providers.names()).containsExactly("google", "microsoft", "acme", "my-idp");
    assertThat(KeyholdServer.identityProviders(providers)).extracting(IdentityProvider::name)
        .as("made without connecting to any of them").containsExactly("google", "microsoft", "acme", "my-idp");
  }

  @Test
  void a_half_configured_provider_stops_start_up_naming_what_is_missing() {
    Map<String, String> env = new HashMap<>();
    env.put("GOOGLE_CLIENT_ID", "1234567890-abc.apps.googleusercontent.com");
    env.put("MICROSOFT_CLIENT_ID", "00000000-1111-2222-3333-444444444444");
    env.put("MICROSOFT_CLIENT_SECRET", MICROSOFT_SECRET);
    env.put("MICROSOFT_REDIRECT_URI", "https://app.example.com/oauth/microsoft/callback");
    env.put("OIDC_PROVIDERS", "acme");
    env.put("OIDC_ACME_ISSUER", "https://login.acme.example");

    ConfigException e = catchThrowableOfType(ConfigException.class, () -> Config.fromEnvironment(env));

    assertThat(e.problems()).containsExactlyInAnyOrder(
        "GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET, GOOGLE_REDIRECT_URI: Google sign-in needs all of them (missing: "
            + "GOOGLE_CLIENT_SECRET, GOOGLE_REDIRECT_URI)",
        "MICROSOFT_CLIENT_ID, MICROSOFT_CLIENT_SECRET, MICROSOFT_REDIRECT_URI, MICROSOFT_TENANT: Microsoft sign-in "
            + "needs all of them (missing: MICROSOFT_TENANT)",
        "OIDC_PROVIDERS lists acme, whose settings are incomplete: set OIDC_ACME_CLIENT_ID, OIDC_ACME_CLIENT_SECRET, "
            + "OIDC_ACME_REDIRECT_URI, OIDC_ACME_DISPLAY_NAME");
    assertThat(String.join("\n", e.problems())).doesNotContain(MICROSOFT_SECRET);
  }

  @Test
  void a_secret_alone_is_half_a_provider_too() {
    assertThat(catchThrowableOfType(ConfigException.class,
        () -> Config.fromEnvironment(Map.of("GOOGLE_CLIENT_SECRET", GOOGLE_SECRET))).problems())
        .containsExactly("GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET, GOOGLE_REDIRECT_URI: Google sign-in needs all of "
            + "them (missing: GOOGLE_CLIENT_ID, GOOGLE_REDIRECT_URI)");
  }

  @Test
  void what_the_settings_records_refuse_is_reported_under_the_providers_prefix_without_secrets() {
    Map<String, String> env = google();
    env.put("GOOGLE_REDIRECT_URI", "http://app.example.com/oauth/google/callback");
    env.putAll(microsoft());
    env.put("MICROSOFT_TENANT", "consumers");
    env.put("MICROSOFT_ALLOWED_TENANTS", TENANT);
    env.put("OIDC_PROVIDERS", "acme");
    env.putAll(acme("acme", "OIDC_ACME_"));
    env.put("OIDC_ACME_ISSUER", "https://login.acme.example/realms/staff?x=1");

    ConfigException e = catchThrowableOfType(ConfigException.class, () -> Config.fromEnvironment(env));

    assertThat(e.problems()).hasSize(3);
    assertThat(e.problems().get(0)).startsWith("GOOGLE_*: ").contains("https");
    assertThat(e.problems()).anySatisfy(line -> assertThat(line).startsWith("MICROSOFT_*: ").contains("consumers"));
    assertThat(e.problems()).anySatisfy(line -> assertThat(line).startsWith("OIDC_ACME_*: ").contains("query"));
    assertThat(String.join("\n", e.problems())).doesNotContain(GOOGLE_SECRET, MICROSOFT_SECRET, ACME_SECRET);
  }

  @Test
  void provider_names_must_be_route_safe_unique_and_not_a_built_in_one() {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> Config.fromEnvironment(Map.of("OIDC_PROVIDERS", "Acme, google, okta, okta, -x")));

    assertThat(e.problems()).containsExactlyInAnyOrder(
        "OIDC_PROVIDERS: \"Acme\" is not a provider name (1 to 32 of a-z, 0-9 and inner hyphens)",
        "OIDC_PROVIDERS: google is a built-in provider; configure it with GOOGLE_* instead",
        "OIDC_PROVIDERS: okta is listed twice",
        "OIDC_PROVIDERS: \"-x\" is not a provider name (1 to 32 of a-z, 0-9 and inner hyphens)",
        "OIDC_PROVIDERS lists okta, whose settings are incomplete: set OIDC_OKTA_ISSUER, OIDC_OKTA_CLIENT_ID, "
            + "OIDC_OKTA_CLIENT_SECRET, OIDC_OKTA_REDIRECT_URI, OIDC_OKTA_DISPLAY_NAME");
  }

  @Test
  void a_provider_setting_of_a_name_not_listed_is_refused_as_a_typo() {
    Map<String, String> env = acme("acme", "OIDC_ACME_");
    env.put("OIDC_PROVIDERS", "acme");
    env.put("OIDC_AMCE_ISSUER", "https://login.acme.example");
    env.put("OIDC_ACME_SCOPES", "openid");

    ConfigException e = catchThrowableOfType(ConfigException.class, () -> Config.fromEnvironment(env));

    assertThat(e.problems()).hasSize(2).allSatisfy(line -> assertThat(line)
        .contains(": not a setting of a provider OIDC_PROVIDERS lists (listed: acme; each takes OIDC_<NAME>_ISSUER"));
    assertThat(e.problems().get(0)).startsWith("OIDC_ACME_SCOPES");
    assertThat(e.problems().get(1)).startsWith("OIDC_AMCE_ISSUER");
  }

  @Test
  void a_setting_of_a_provider_that_is_off_is_refused() {
    assertThat(catchThrowableOfType(ConfigException.class, () -> Config.fromEnvironment(Map.of(
        "GOOGLE_HOSTED_DOMAIN", "example.com", "MICROSOFT_AUTHORITY_HOST", "https://login.microsoftonline.us")))
        .problems()).containsExactlyInAnyOrder("GOOGLE_HOSTED_DOMAIN: set without GOOGLE_CLIENT_ID",
        "MICROSOFT_AUTHORITY_HOST: set without MICROSOFT_CLIENT_ID");
  }

  @Test
  void the_config_command_and_the_config_text_show_every_provider_setting_but_no_secret() throws Exception {
    Map<String, String> env = google();
    env.putAll(microsoft());
    env.put("OIDC_PROVIDERS", "acme");
    env.putAll(acme("acme", "OIDC_ACME_"));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    int status = Main.run(new String[] {"config"}, env, new ByteArrayInputStream(new byte[0]),
        new PrintStream(bytes, true, StandardCharsets.UTF_8));

    String printed = bytes.toString(StandardCharsets.UTF_8);
    assertThat(status).isEqualTo(Main.OK);
    assertThat(printed).doesNotContain(GOOGLE_SECRET, MICROSOFT_SECRET, ACME_SECRET);
    List<String> lines = printed.lines().toList();
    assertThat(lines).contains("GOOGLE_CLIENT_SECRET=***", "MICROSOFT_CLIENT_SECRET=***",
        "OIDC_ACME_CLIENT_SECRET=***", "OIDC_PROVIDERS=acme", "OIDC_ACME_DISPLAY_NAME=Acme staff",
        "OIDC_ACME_ISSUER=https://login.acme.example/realms/staff/",
        "MICROSOFT_AUTHORITY_HOST=https://login.microsoftonline.com  (default)", "GOOGLE_HOSTED_DOMAIN=(unset)");
    Config config = Config.fromEnvironment(env);
    assertThat(config.toString()).contains("identityProviders=[google, microsoft, acme]")
        .doesNotContain(GOOGLE_SECRET, MICROSOFT_SECRET, ACME_SECRET);
  }
}
