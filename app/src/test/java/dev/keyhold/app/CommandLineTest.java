package dev.keyhold.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.keyhold.identity.error.StoreUnavailableException;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one-shot commands against a real PostgreSQL. */
class CommandLineTest {

  @Test
  void migrate_prepares_an_empty_database_so_serve_without_migrate_is_ready() throws Exception {
    Map<String, String> env = TestDatabase.serverEnvironment(Map.of());
    Config config = Config.fromEnvironment(env);
    assertThatThrownBy(() -> TestServers.start(config, new CapturingMailer(), false))
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("run 'migrate' first");

    assertThat(Main.run(new String[] {"migrate"}, env)).isEqualTo(Main.OK);

    try (KeyholdServer server = TestServers.start(config, new CapturingMailer(), false)) {
      assertThat(new ApiClient(server.port()).get("/health/ready", null).status()).isEqualTo(200);
    }
  }

  @Test
  void a_schema_whose_history_was_altered_is_reported_in_one_line_and_exits_with_its_own_status() throws Exception {
    Map<String, String> env = TestDatabase.serverEnvironment(Map.of());
    assertThat(Main.run(new String[] {"migrate"}, env)).isEqualTo(Main.OK);
    try (Connection connection = TestDatabase.connect(env); Statement statement = connection.createStatement()) {
      statement.execute("UPDATE flyway_schema_history SET checksum = checksum + 1 WHERE version = '2'");
    }

    try (LogCapture capture = LogCapture.start()) {
      assertThat(Main.run(new String[] {"migrate"}, env)).isEqualTo(Main.DATA);
      assertThat(Main.run(new String[] {"serve", "--migrate"}, env)).isEqualTo(Main.DATA);

      assertThat(capture.events()).filteredOn(e -> e.getLevel() == Level.ERROR)
          .extracting(ILoggingEvent::getFormattedMessage)
          .hasSize(2)
          .allSatisfy(message -> assertThat(message).startsWith("The schema was not migrated: ")
              .contains("checksum mismatch for migration version 2").doesNotContain("\n"));
      assertThat(capture.events()).allSatisfy(e -> assertThat(e.getThrowableProxy()).as("no stack trace").isNull());
    }
  }

  @Test
  void rotate_keys_publishes_a_second_key_that_running_nodes_pick_up() throws Exception {
    Map<String, String> env = TestDatabase.serverEnvironment(Map.of());
    Config config = Config.fromEnvironment(env);
    try (KeyholdServer server = TestServers.start(config, new CapturingMailer(), true)) {
      ApiClient api = new ApiClient(server.port());
      assertThat(api.get("/.well-known/jwks.json", null).body().get("keys")).hasSize(1);

      assertThat(Main.run(new String[] {"rotate-keys"}, env)).isEqualTo(Main.OK);

      server.keyhold().keyRing().orElseThrow().refresh();
      assertThat(api.get("/.well-known/jwks.json", null).body().get("keys")).hasSize(2);
    }
  }

  @Test
  void bad_commands_options_and_configuration_exit_with_distinct_statuses() throws Exception {
    assertThat(Main.run(new String[] {"frobnicate"}, Map.of())).isEqualTo(Main.USAGE);
    assertThat(Main.run(new String[] {"serve", "--migrate=maybe"}, Map.of())).isEqualTo(Main.USAGE);
    assertThat(Main.run(new String[] {"migrate", "--now"}, Map.of())).isEqualTo(Main.USAGE);
    assertThat(Main.run(new String[] {"migrate"}, Map.of("PORT", "x"))).isEqualTo(Main.CONFIG);
    for (String option : List.of("--migrate", "--migrate=true", "--migrate=false")) {
      assertThat(Main.run(new String[] {"serve", option, "extra"}, Map.of())).isEqualTo(Main.USAGE);
    }
  }
}
