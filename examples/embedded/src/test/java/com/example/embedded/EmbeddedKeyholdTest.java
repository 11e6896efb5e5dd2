package com.example.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Runs the example's main, so that it can never stop working unnoticed, and keeps it short. */
class EmbeddedKeyholdTest {

  @Test
  void main_registers_verifies_signs_in_refreshes_and_reads_the_profile() {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream out = System.out;
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    try {
      EmbeddedKeyhold.main(new String[0]);
    } finally {
      System.setOut(out);
    }

    assertThat(printed.toString(StandardCharsets.UTF_8))
        .isEqualTo("Signed in as Ada <ada@example.com>, verified: true, refreshed: true" + System.lineSeparator());
  }

  @Test
  void main_is_under_twenty_lines() throws Exception {
    String source = Files.readString(Path.of("src/main/java/com/example/embedded/EmbeddedKeyhold.java"));
    String body = source.substring(source.indexOf("public static void main"), source.lastIndexOf("\n  }\n"));

    assertThat(body.lines().skip(1).count()).isLessThan(20);
  }
}
