package dev.keyhold.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogFormatDefinerTest {

  @Test
  void text_selects_the_text_appender_in_any_case() {
    assertThat(LogFormatDefiner.appender("text")).isEqualTo("TEXT");
    assertThat(LogFormatDefiner.appender(" TEXT ")).isEqualTo("TEXT");
  }

  @Test
  void json_unset_and_wrong_values_select_json_so_that_the_configuration_error_is_still_logged() {
    assertThat(LogFormatDefiner.appender("json")).isEqualTo("JSON");
    assertThat(LogFormatDefiner.appender(null)).isEqualTo("JSON");
    assertThat(LogFormatDefiner.appender("")).isEqualTo("JSON");
    assertThat(LogFormatDefiner.appender("xml")).isEqualTo("JSON");
  }
}
