package dev.keyhold.adapter.oauth;

import static dev.keyhold.adapter.oauth.GenericProviderTest.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyhold.identity.error.ProviderUnavailableException;
import dev.keyhold.identity.model.external.VerifiedExternalIdentity;
import dev.keyhold.identity.spi.IdentityProvider;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Entra's rules over a real flow: the discovery document comes from {@link EntraAuthority} (with Entra's
 * {@code {tenantid}} issuer template), the authorization, token and keys from mock-oauth2-server.
 */
class MicrosoftProviderTest {

  private static final String ISSUER_ID = "entra";
  private static final URI REDIRECT = URI.create("http://localhost:8080/oauth/microsoft/callback");
  private static final String CLIENT_ID = "6731de76-14a6-49ae-97bc-6eba6914391e";
  private static final String TENANT_A = "72f988bf-86f1-41af-91ab-2d7cd011db47";
  private static final String TENANT_B = "3c8a2b1e-5f4d-4e6a-9b7c-0d1e2f3a4b5c";
  private static final String CONSUMERS = MicrosoftSettings.CONSUMERS_TENANT_ID;
  private static final String OID = "00000000-0000-0000-66f3-3332eca7ea81";

  private static MockOAuth2Server server;
  private static EntraAuthority authority;

  @BeforeAll
  static void start() {
    server = new MockOAuth2Server();
    server.start();
    authority = new EntraAuthority(server, ISSUER_ID);
  }

  @AfterAll
  static void stop() {
    authority.close();
    server.shutdown();
  }

  private static IdentityProvider microsoft(String tenant, List<String> allowed) {
    return OidcProviders.microsoft(MicrosoftSettings.of(CLIENT_ID, "entra-secret", List.of(REDIRECT), tenant)
        .withAllowedTenants(allowed)
        .withAuthorityHost(authority.host()));
  }

  /** The next token: from {@code tenant}'s issuer, with Entra's claims and these. */
  private static void nextToken(String issuerTenant, String tid, Map<String, Object> more) {
    Map<String, Object> claims = new HashMap<>();
    claims.put("iss", authority.issuer(issuerTenant));
    if (tid != null) {
      claims.put("tid", tid);
    }
    claims.put("oid", OID);
    claims.put("name", "Megan Bowen");
    claims.put("preferred_username", "megan@contoso.example");
    claims.putAll(more);
    server.enqueueCallback(new DefaultOAuth2TokenCallback(ISSUER_ID, "AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ",
        "JWT", null, claims, 3600));
  }

  private static void nextToken(String tenant, Map<String, Object> more) {
    nextToken(tenant, tenant, more);
  }

  @Test
  void is_named_microsoft() {
    IdentityProvider microsoft = microsoft("common", List.of());
    assertThat(microsoft.name()).isEqualTo("microsoft");
    assertThat(microsoft.displayName()).isEqualTo("Microsoft");
  }

  @Test
  void a_work_account_is_keyed_on_its_tenant_and_object_id() {
    nextToken(TENANT_A, Map.of("email", "megan@contoso.example", "xms_edov", true));

    VerifiedExternalIdentity identity = Browser.signInAndExchange(microsoft("common", List.of()), REDIRECT);

    assertThat(identity).isEqualTo(new VerifiedExternalIdentity(authority.issuer(TENANT_A), TENANT_A + ":" + OID,
        "megan@contoso.example", true, "Megan Bowen"));
  }

  @Test
  void an_email_without_a_verified_domain_is_not_vouched_for() {
    nextToken(TENANT_A, Map.of("email", "ceo@victim.example"));

    VerifiedExternalIdentity identity = Browser.signInAndExchange(microsoft("common", List.of()), REDIRECT);

    assertThat(identity.email()).isEqualTo("ceo@victim.example");
    assertThat(identity.emailVerified()).isFalse();
  }

  @Test
  void xms_edov_false_or_not_a_boolean_is_not_a_verified_domain() {
    nextToken(TENANT_A, Map.of("email", "ceo@victim.example", "xms_edov", false));
    assertThat(Browser.signInAndExchange(microsoft("common", List.of()), REDIRECT).emailVerified()).isFalse();

    nextToken(TENANT_A, Map.of("email", "ceo@victim.example", "xms_edov", "true"));
    assertThat(Browser.signInAndExchange(microsoft("common", List.of()), REDIRECT).emailVerified()).isFalse();
  }

  @Test
  void email_verified_is_not_what_entra_vouches_with() {
    nextToken(TENANT_A, Map.of("email", "ceo@victim.example", "email_verified", true));

    assertThat(Browser.signInAndExchange(microsoft("common", List.of()), REDIRECT).emailVerified()).isFalse();
  }

  @Test
  void a_token_whose_issuer_names_another_tenant_than_its_tid_is_refused() {
    nextToken(TENANT_B, TENANT_A, Map.of());

    assertRefused(() -> Browser.signInAndExchange(microsoft("common", List.of()), REDIRECT), "bad_issuer");
  }

  @Test
  void a_token_naming_the_issuer_template_itself_is_refused() {
    nextToken("{tenantid}", TENANT_A, Map.of());

    assertRefused(() -> Browser.signInAndExchange(microsoft("common", List.of()), REDIRECT), "bad_issuer");
  }

  @Test
  void a_token_without_a_tenant_id_is_refused() {
    nextToken(TENANT_A, null, Map.of());

    assertRefused(() -> Browser.signInAndExchange(microsoft("common", List.of()), REDIRECT), "bad_issuer");
  }

  @Test
  void a_tenant_id_that_is_not_a_guid_is_refused() {
    nextToken("common", Map.of());

    assertRefused(() -> Browser.signInAndExchange(microsoft("common", List.of()), REDIRECT), "bad_issuer");
  }

  @Test
  void a_token_without_an_object_id_is_refused() {
    nextToken(TENANT_A, Map.of("oid", ""));

    assertRefused(() -> Browser.signInAndExchange(microsoft("common", List.of()), REDIRECT), "bad_subject");
  }

  @Test
  void with_allowed_tenants_a_listed_tenant_signs_in() {
    nextToken(TENANT_A, Map.of());

    assertThat(Browser.signInAndExchange(microsoft("organizations", List.of(TENANT_A)), REDIRECT).subject())
        .isEqualTo(TENANT_A + ":" + OID);
  }

  @Test
  void with_allowed_tenants_another_tenant_is_refused() {
    nextToken(TENANT_B, Map.of());

    assertRefused(() -> Browser.signInAndExchange(microsoft("common", List.of(TENANT_A)), REDIRECT),
        "tenant_not_allowed");
  }

  @Test
  void organizations_refuses_a_personal_account() {
    nextToken(CONSUMERS, Map.of());

    assertRefused(() -> Browser.signInAndExchange(microsoft("organizations", List.of()), REDIRECT),
        "tenant_not_allowed");
  }

  @Test
  void consumers_admits_a_personal_account_and_refuses_a_work_account() {
    nextToken(CONSUMERS, Map.of());
    assertThat(Browser.signInAndExchange(microsoft("consumers", List.of()), REDIRECT).issuer())
        .isEqualTo(authority.issuer(CONSUMERS));

    nextToken(TENANT_A, Map.of());
    assertRefused(() -> Browser.signInAndExchange(microsoft("consumers", List.of()), REDIRECT), "tenant_not_allowed");
  }

  @Test
  void a_single_tenant_app_admits_its_tenant_only() {
    IdentityProvider contoso = microsoft(TENANT_A, List.of());

    nextToken(TENANT_A, Map.of());
    assertThat(Browser.signInAndExchange(contoso, REDIRECT).issuer()).isEqualTo(authority.issuer(TENANT_A));

    nextToken(TENANT_B, Map.of());
    assertRefused(() -> Browser.signInAndExchange(contoso, REDIRECT), "tenant_not_allowed");
  }

  @Test
  void a_discovery_document_for_another_authority_is_refused() {
    IdentityProvider elsewhere = OidcProviders.microsoft(
        MicrosoftSettings.of(CLIENT_ID, "entra-secret", List.of(REDIRECT), "common")
            .withAuthorityHost(URI.create(authority.host().toString().replace("127.0.0.1", "localhost"))));

    assertThatThrownBy(() -> elsewhere.authorizationUrl(REDIRECT, "s", "n",
        "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"))
        .isInstanceOf(ProviderUnavailableException.class)
        .hasMessageContaining("microsoft")
        .hasMessageContaining("issuer");
  }
}
