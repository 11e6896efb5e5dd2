package dev.keyhold.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The mapper is strict on its own, not only behind the adapter's field checks. */
class StrictMapperTest {

  record Sample(String displayName, int count) {}

  private final ObjectMapper mapper = JsonBodies.strictMapper();

  @Test
  void binds_snake_case_names_to_record_components() throws JsonProcessingException {
    assertThat(mapper.readValue("{\"display_name\": \"Ada\", \"count\": 2}", Sample.class))
        .isEqualTo(new Sample("Ada", 2));
  }

  @Test
  void refuses_a_number_for_a_string() {
    assertThatThrownBy(() -> mapper.readValue("{\"display_name\": 5, \"count\": 2}", Sample.class))
        .isInstanceOf(JsonProcessingException.class);
  }

  @Test
  void refuses_a_string_for_a_number() {
    assertThatThrownBy(() -> mapper.readValue("{\"display_name\": \"Ada\", \"count\": \"2\"}", Sample.class))
        .isInstanceOf(JsonProcessingException.class);
  }

  @Test
  void refuses_null_for_a_primitive() {
    assertThatThrownBy(() -> mapper.readValue("{\"display_name\": \"Ada\", \"count\": null}", Sample.class))
        .isInstanceOf(JsonProcessingException.class);
  }

  @Test
  void refuses_unknown_fields_duplicate_keys_and_trailing_tokens() {
    assertThatThrownBy(() -> mapper.readValue("{\"display_name\": \"A\", \"count\": 1, \"x\": 1}", Sample.class))
        .isInstanceOf(JsonProcessingException.class);
    assertThatThrownBy(() -> mapper.readValue("{\"count\": 1, \"count\": 2}", Sample.class))
        .isInstanceOf(JsonProcessingException.class);
    assertThatThrownBy(() -> mapper.readValue("{\"count\": 1} []", Sample.class))
        .isInstanceOf(JsonProcessingException.class);
  }

  @Test
  void writes_snake_case_names() throws JsonProcessingException {
    assertThat(mapper.writeValueAsString(new Sample("Ada", 1))).isEqualTo("{\"display_name\":\"Ada\",\"count\":1}");
  }
}
