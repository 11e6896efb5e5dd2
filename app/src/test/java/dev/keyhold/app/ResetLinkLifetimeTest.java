package dev.keyhold.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A server with {@code RESET_PASSWORD_TTL} set documents that lifetime, not the default. */
class ResetLinkLifetimeTest {

  @RegisterExtension
  static final RunningServer server = new RunningServer(Map.of("RESET_PASSWORD_TTL", "2h"));

  @Test
  void the_openapi_document_states_the_configured_reset_link_lifetime() {
    ApiClient.Response document = server.api().get("/api/v1/openapi.json", null);

    assertThat(document.status()).isEqualTo(200);
    assertThat(document.body().at("/paths/~1api~1v1~1password-reset~1request/post/description").asText())
        .startsWith("Mails a reset link (valid 2 hours;");
  }
}
