package dev.keyhold.app.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyhold.identity.model.access.OrgId;
import dev.keyhold.identity.model.event.IdentityEvent;
import dev.keyhold.identity.model.user.UserId;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventJsonTest {

  @Test
  void an_event_is_its_id_type_timestamp_and_its_other_components_in_snake_case() throws Exception {
    UserId user = new UserId(UUID.randomUUID());
    UserId actor = new UserId(UUID.randomUUID());
    OrgId org = new OrgId(UUID.randomUUID());
    IdentityEvent event = new IdentityEvent.MemberRoleChanged(org, user, "admin \"quoted\"", actor,
        Instant.parse("2026-12-07T10:00:00Z"));

    JsonNode json = new ObjectMapper().readTree(EventJson.of(event));

    assertThat(json.get("id").asText()).isEqualTo(event.id().toString());
    assertThat(json.get("type").asText()).isEqualTo("member.role_changed");
    assertThat(json.get("timestamp").asText()).isEqualTo("2026-12-07T10:00:00Z");
    JsonNode data = json.get("data");
    assertThat(data.get("org_id").asText()).isEqualTo(org.value().toString());
    assertThat(data.get("user_id").asText()).isEqualTo(user.value().toString());
    assertThat(data.get("actor_id").asText()).isEqualTo(actor.value().toString());
    assertThat(data.get("role").asText()).isEqualTo("admin \"quoted\"");
    assertThat(data.has("id")).isFalse();
    assertThat(data.has("at")).isFalse();
  }

  @Test
  void booleans_stay_booleans_and_absent_values_are_null() throws Exception {
    IdentityEvent granted = new IdentityEvent.PasswordChanged(new UserId(UUID.randomUUID()), true, Instant.EPOCH);
    IdentityEvent globalRole = new IdentityEvent.RoleCreated(null, "auditor", new UserId(UUID.randomUUID()),
        Instant.EPOCH);

    assertThat(new ObjectMapper().readTree(EventJson.of(granted)).get("data").get("by_reset").isBoolean()).isTrue();
    assertThat(new ObjectMapper().readTree(EventJson.of(globalRole)).get("data").get("org_id").isNull()).isTrue();
  }
}
