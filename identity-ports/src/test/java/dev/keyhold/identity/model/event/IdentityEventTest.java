package dev.keyhold.identity.model.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyhold.identity.model.user.UserId;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class IdentityEventTest {

  @Test
  void every_kind_of_event_has_its_own_type_name() {
    Class<?>[] kinds = IdentityEvent.class.getPermittedSubclasses();

    assertThat(IdentityEvent.types()).hasSize(kinds.length)
        .allMatch(type -> type.matches("[a-z]+\\.[a-z_]+"));
    assertThat(Arrays.stream(kinds).map(EventTypes.NAMES::get)).doesNotContainNull();
  }

  @Test
  void an_event_made_without_an_id_draws_a_fresh_one_and_keeps_it() {
    UserId user = new UserId(UUID.randomUUID());
    IdentityEvent first = new IdentityEvent.ProfileUpdated(user, Instant.EPOCH);
    IdentityEvent second = new IdentityEvent.ProfileUpdated(user, Instant.EPOCH);

    assertThat(first.id()).isNotNull().isNotEqualTo(second.id());
    assertThat(first.type()).isEqualTo("user.profile_updated");
  }
}
