package dev.keyhold.adapter.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyhold.identity.model.user.UserStatus;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/**
 * The administrators' list of disabled users reads {@code users_disabled_search_idx} instead of walking the email
 * index past every active user: at ten million users that walk took 0.9 s a page. Twenty thousand active users and a
 * few disabled ones are enough for PostgreSQL's planner to choose the small partial index when the query is written as
 * the adapter writes it (the status a literal, so that the index's predicate matches in a prepared statement's
 * generic plan too); the repository's own search then finds exactly the disabled users, in email order.
 */
class DisabledUserSearchPlanTest {

  @Test
  void the_disabled_users_are_read_from_their_partial_index() {
    JdbiStores stores = EmbeddedDatabase.emptyStores();
    Jdbi jdbi = Jdbi.create(EmbeddedDatabase.dataSource());
    List<String> plan = jdbi.withHandle(handle -> {
      handle.execute("INSERT INTO users (id, email_normalized, email_display, status, created_at, updated_at) "
          + "SELECT gen_random_uuid(), 'active' || n || '@example.com', 'active' || n || '@example.com', 'active', "
          + "now(), now() FROM generate_series(1, 20000) AS n");
      handle.execute("INSERT INTO users (id, email_normalized, email_display, status, created_at, updated_at) "
          + "SELECT gen_random_uuid(), 'off' || n || '@example.com', 'off' || n || '@example.com', 'disabled', "
          + "now(), now() FROM generate_series(1, 3) AS n");
      handle.execute("ANALYZE users");
      return handle.createQuery("EXPLAIN SELECT id FROM users WHERE status = 'disabled'"
              + " ORDER BY email_normalized COLLATE \"C\", id LIMIT 51")
          .mapTo(String.class).list();
    });

    assertThat(String.join("\n", plan)).contains("users_disabled_search_idx");
    assertThat(stores.users().search(null, UserStatus.DISABLED, null, 50))
        .extracting(user -> user.email().normalized())
        .containsExactly("off1@example.com", "off2@example.com", "off3@example.com");
  }
}
