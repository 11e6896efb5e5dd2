package dev.keyhold.adapter.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SettingsTest {

  private static final String SECRET = "GOCSPX-very-secret-value";
  private static final List<URI> REDIRECTS = List.of(URI.create("https://keyhold.example.com/oauth/callback"));
  private static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";

  @Test
  void no_settings_record_prints_its_client_secret() {
    assertThat(GoogleSettings.of("id", SECRET, REDIRECTS).toString()).doesNotContain(SECRET).contains("****");
    assertThat(MicrosoftSettings.of("id", SECRET, REDIRECTS, "common").toString()).doesNotContain(SECRET)
        .contains("****");
    assertThat(GenericOidcSettings.of("acme", "Acme", URI.create("https://idp.acme.example"), "id", SECRET, REDIRECTS)
        .toString()).doesNotContain(SECRET).contains("****");
  }

  @Test
  void defaults_are_googles_issuer_microsofts_global_authority_and_short_timeouts() {
    GoogleSettings google = GoogleSettings.of("id", SECRET, REDIRECTS);
    assertThat(google.issuer()).isEqualTo(URI.create("https://accounts.google.com"));
    assertThat(google.hostedDomain()).isNull();
    assertThat(google.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(google.readTimeout()).isEqualTo(Duration.ofSeconds(5));
    MicrosoftSettings microsoft = MicrosoftSettings.of("id", SECRET, REDIRECTS, "common");
    assertThat(microsoft.authorityHost()).isEqualTo(URI.create("https://login.microsoftonline.com"));
    assertThat(microsoft.allowedTenants()).isEmpty();
  }

  @Test
  void missing_credentials_are_refused_naming_the_setting_not_a_value() {
    assertThatThrownBy(() -> GoogleSettings.of("id", " ", REDIRECTS))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("The Google client secret is missing.");
    assertThatThrownBy(() -> MicrosoftSettings.of(null, SECRET, REDIRECTS, "common"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("The Microsoft client id is missing.");
    assertThatThrownBy(() -> GoogleSettings.of("id", SECRET + " ", REDIRECTS))
        .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining(SECRET);
  }

  @Test
  void redirect_uris_must_be_https_except_on_localhost() {
    assertThatThrownBy(() -> GoogleSettings.of("id", SECRET, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> GoogleSettings.of("id", SECRET, List.of(URI.create("http://keyhold.example.com/cb"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("https");
    assertThatThrownBy(() -> GoogleSettings.of("id", SECRET, List.of(URI.create("/oauth/callback"))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> GoogleSettings.of("id", SECRET, List.of(URI.create("https://k.example/cb#x"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fragment");
    assertThat(GoogleSettings.of("id", SECRET, List.of(URI.create("http://localhost:8080/cb"))).redirectUris())
        .hasSize(1);
  }

  @Test
  void a_generic_issuer_must_be_https_and_its_name_route_safe() {
    assertThatThrownBy(() -> GenericOidcSettings.of("acme", "Acme", URI.create("http://idp.acme.example"), "id",
        SECRET, REDIRECTS)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("https");
    assertThatThrownBy(() -> GenericOidcSettings.of("acme", "Acme", URI.create("https://idp.acme.example?x=1"), "id",
        SECRET, REDIRECTS)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("query");
    assertThatThrownBy(() -> GenericOidcSettings.of("Acme SSO", "Acme", URI.create("https://idp.acme.example"), "id",
        SECRET, REDIRECTS)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lower-case");
    assertThatThrownBy(() -> GenericOidcSettings.of("acme", "", URI.create("https://idp.acme.example"), "id",
        SECRET, REDIRECTS)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("display name");
  }

  @Test
  void the_microsoft_tenant_is_a_group_or_a_guid() {
    assertThat(MicrosoftSettings.of("id", SECRET, REDIRECTS, "Organizations").tenant()).isEqualTo("organizations");
    assertThat(MicrosoftSettings.of("id", SECRET, REDIRECTS, TENANT.toUpperCase()).tenant()).isEqualTo(TENANT);
    assertThatThrownBy(() -> MicrosoftSettings.of("id", SECRET, REDIRECTS, "contoso.onmicrosoft.com"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("GUID");
  }

  @Test
  void allowed_tenants_are_guids_and_only_for_common_or_organizations() {
    MicrosoftSettings common = MicrosoftSettings.of("id", SECRET, REDIRECTS, "common");
    assertThat(common.withAllowedTenants(List.of(TENANT.toUpperCase(), TENANT)).allowedTenants())
        .containsExactly(TENANT);
    assertThatThrownBy(() -> common.withAllowedTenants(List.of("contoso")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MicrosoftSettings.of("id", SECRET, REDIRECTS, "consumers")
        .withAllowedTenants(List.of(TENANT))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MicrosoftSettings.of("id", SECRET, REDIRECTS, TENANT)
        .withAllowedTenants(List.of(TENANT))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void the_authority_host_has_no_path_and_is_https_except_on_localhost() {
    MicrosoftSettings microsoft = MicrosoftSettings.of("id", SECRET, REDIRECTS, "common");
    assertThat(microsoft.withAuthorityHost(URI.create("https://login.microsoftonline.us/")).authorityHost())
        .isEqualTo(URI.create("https://login.microsoftonline.us"));
    assertThatThrownBy(() -> microsoft.withAuthorityHost(URI.create("https://login.microsoftonline.com/common")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> microsoft.withAuthorityHost(URI.create("http://login.microsoftonline.com")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void a_hosted_domain_is_a_domain_name() {
    GoogleSettings google = GoogleSettings.of("id", SECRET, REDIRECTS);
    assertThat(google.withHostedDomain("Example.COM").hostedDomain()).isEqualTo("example.com");
    assertThatThrownBy(() -> google.withHostedDomain("@example.com")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void timeouts_are_bounded() {
    GoogleSettings google = GoogleSettings.of("id", SECRET, REDIRECTS);
    assertThatThrownBy(() -> google.withTimeouts(Duration.ZERO, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> google.withTimeouts(Duration.ofSeconds(1), Duration.ofDays(30)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
