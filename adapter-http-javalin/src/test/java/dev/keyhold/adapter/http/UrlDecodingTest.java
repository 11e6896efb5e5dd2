package dev.keyhold.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UrlDecodingTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "ada%40example.com|ada@example.com", "a+b|a b", "caf%C3%A9|café", "%F0%9F%94%91|\uD83D\uDD11", "plain|plain",
      "%E2%82%AC+5|€ 5"})
  void decodes_form_encoding_as_utf_8(String encoded, String decoded) {
    assertThat(UrlDecoding.decode(encoded)).isEqualTo(decoded);
  }

  @ParameterizedTest
  @ValueSource(strings = {"%FF", "%C0%AF", "%ED%A0%80", "%E2%82", "%zz", "%4", "abc%", "%C3"})
  void refuses_escapes_that_are_not_utf_8_or_not_escapes(String encoded) {
    assertThatThrownBy(() -> UrlDecoding.decode(encoded)).isInstanceOf(IllegalArgumentException.class);
  }

  @org.junit.jupiter.api.Test
  void refuses_a_lone_surrogate_typed_into_the_text() {
    assertThatThrownBy(() -> UrlDecoding.decode("a\uD800b")).isInstanceOf(IllegalArgumentException.class);
    assertThat(UrlDecoding.decode("a\uD83D\uDD11+b")).isEqualTo("a\uD83D\uDD11 b");
  }
}
