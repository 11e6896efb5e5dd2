package dev.keyhold.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyhold.app.hooks.RecordingHooks;
import dev.keyhold.identity.model.event.IdentityEvent;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A class named in {@code HOOK_MODULES} takes effect over HTTP in every role it implements. */
class HookModulesFlowTest {

  private static final String PASSWORD = "correct horse battery staple";

  @RegisterExtension
  static final RunningServer SERVER = new RunningServer(Map.of(
      "HOOK_MODULES", RecordingHooks.class.getName(), "REQUIRE_VERIFIED_EMAIL", "false"));

  private final ApiClient api = SERVER.api();

  @Test
  void its_listener_hears_a_registration_over_http() {
    String email = "listener-" + System.nanoTime() + "@example.com";

    assertThat(api.post("/api/v1/register", Map.of("email", email, "password", PASSWORD)).status()).isEqualTo(202);

    assertThat(RecordingHooks.EVENTS).filteredOn(IdentityEvent.UserRegistered.class::isInstance)
        .map(event -> ((IdentityEvent.UserRegistered) event).email())
        .contains(email);
  }

  @Test
  void its_password_rule_refuses_a_password_at_registration() {
    ApiClient.Response refused = api.post("/api/v1/register",
        Map.of("email", "rule-" + System.nanoTime() + "@example.com", "password", "the lighthouse keeper sleeps"));

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.text("code")).isEqualTo("validation_failed");
    JsonNode error = refused.body().get("errors").get(0);
    assertThat(error.get("field").asText()).isEqualTo("password");
    assertThat(error.get("code").asText()).isEqualTo("no_lighthouse");
  }

  @Test
  void its_claim_is_in_the_access_token() throws Exception {
    String email = "claims-" + System.nanoTime() + "@example.com";
    api.post("/api/v1/register", Map.of("email", email, "password", PASSWORD));

    ApiClient.Response login = api.post("/api/v1/login", Map.of("email", email, "password", PASSWORD));

    assertThat(login.status()).isEqualTo(200);
    assertThat(payload(login.text("access_token")).get("tier").asText()).isEqualTo("gold");
  }

  /** The JWT's payload, decoded without checking the signature (other tests check signatures). */
  static JsonNode payload(String jwt) throws Exception {
    String payload = jwt.split("\\.")[1];
    return new ObjectMapper().readTree(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8));
  }
}
