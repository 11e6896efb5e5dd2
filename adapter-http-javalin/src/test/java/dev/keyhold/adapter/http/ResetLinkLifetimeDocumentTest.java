package dev.keyhold.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The OpenAPI document states the reset-link lifetime the server was given, not a fixed one. */
class ResetLinkLifetimeDocumentTest {

  private static final String REQUEST_RESET = "/api/v1/password-reset/request";

  @Test
  void the_document_states_the_configured_reset_link_lifetime() throws Exception {
    assertThat(resetDescription(Duration.ofHours(2))).startsWith("Mails a reset link (valid 2 hours; it replaces");
    assertThat(resetDescription(Duration.ofMinutes(5))).startsWith("Mails a reset link (valid 5 minutes;");
  }

  @Test
  void without_a_lifetime_the_document_states_the_cores_default() throws Exception {
    assertThat(resetDescription(null)).startsWith("Mails a reset link (valid 30 minutes;");
  }

  @Test
  void lifetimes_are_said_in_the_largest_whole_unit() {
    assertThat(OpenApiDocument.inWords(Duration.ofHours(24))).isEqualTo("24 hours");
    assertThat(OpenApiDocument.inWords(Duration.ofHours(1))).isEqualTo("1 hour");
    assertThat(OpenApiDocument.inWords(Duration.ofMinutes(90))).isEqualTo("90 minutes");
    assertThat(OpenApiDocument.inWords(Duration.ofMinutes(1))).isEqualTo("1 minute");
    assertThat(OpenApiDocument.inWords(Duration.ofSeconds(301))).isEqualTo("301 seconds");
  }

  @Test
  void a_lifetime_must_be_positive() {
    assertThatThrownBy(() -> HttpApi.builder(HttpApiSettings.defaults(0)).resetLinkLifetime(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** Starts a real server with {@code lifetime} (or none given) and reads the reset request's description. */
  private static String resetDescription(Duration lifetime) throws Exception {
    HttpApi.Builder builder = HttpApi.builder(new HttpApiSettings("127.0.0.1", 0, 65_536))
        .accounts(new FakeAccounts())
        .sessions(new FakeSessions())
        .twoFactor(new FakeTwoFactor())
        .organizations(new FakeOrganizations())
        .administration(new FakeAdministration())
        .auditTrail(new FakeAuditTrail());
    if (lifetime != null) {
      builder.resetLinkLifetime(lifetime);
    }
    HttpApi api = builder.build().start();
    try {
      HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + api.port() + DocsRoutes.DOCUMENT_PATH)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      JsonNode document = new ObjectMapper().readTree(response.body());
      return document.path("paths").path(REQUEST_RESET).path("post").path("description").asText();
    } finally {
      api.stop();
    }
  }
}
