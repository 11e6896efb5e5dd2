package dev.keyhold.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code /health/ready} names PostgreSQL and its schema separately, read from the real database. */
class ReadinessTest {

  @Test
  void a_schema_missing_a_shipped_migration_is_reported_while_postgres_itself_is_up() throws Exception {
    Map<String, String> env = TestDatabase.serverEnvironment(Map.of());
    try (KeyholdServer server = TestServers.start(Config.fromEnvironment(env), new CapturingMailer(), true)) {
      ApiClient api = new ApiClient(server.port());
      ApiClient.Response ready = api.get("/health/ready", null);
      assertThat(ready.status()).isEqualTo(200);
      assertThat(ready.body().get("checks").properties()).extracting(Map.Entry::getKey)
          .containsExactly("postgres", "migrations");

      // As if another node had rolled the schema back, or this node shipped a migration nobody applied.
      try (Connection connection = TestDatabase.connect(env); Statement statement = connection.createStatement()) {
        statement.execute("DELETE FROM flyway_schema_history WHERE version = (SELECT max(version::int)::text "
            + "FROM flyway_schema_history WHERE version IS NOT NULL)");
      }

      ApiClient.Response lacking = api.get("/health/ready", null);
      assertThat(lacking.status()).isEqualTo(503);
      assertThat(lacking.body().get("status").asText()).isEqualTo("down");
      assertThat(lacking.body().get("checks").get("postgres").asText()).isEqualTo("up");
      assertThat(lacking.body().get("checks").get("migrations").asText()).isEqualTo("down");
    }
  }
}
