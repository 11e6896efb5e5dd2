package dev.keyhold.adapter.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/**
 * The display-name search of {@link JdbiUserRepository} can be answered from {@code users_display_name_search_idx}:
 * its conditions, written as the adapter writes them, let PostgreSQL read only the matching range of the index.
 * Sequential scans are turned off so that the planner shows whether the index is usable at all (on a table this
 * small it would rather read the table).
 */
class DisplayNameSearchPlanTest {

  @Test
  void a_display_name_prefix_is_read_from_its_index() {
    EmbeddedDatabase.emptyStores();
    List<String> plan = Jdbi.create(EmbeddedDatabase.dataSource()).withHandle(handle -> {
      handle.execute("SET enable_seqscan = off");
      return handle.createQuery("EXPLAIN SELECT id FROM users"
              + " WHERE lower(display_name) COLLATE \"C\" LIKE 'ada%'"
              + " AND lower(display_name) COLLATE \"C\" >= 'ada'"
              + " AND lower(display_name) COLLATE \"C\" < 'adb'"
              + " ORDER BY email_normalized COLLATE \"C\", id LIMIT 51")
          .mapTo(String.class).list();
    });

    assertThat(String.join("\n", plan)).contains("users_display_name_search_idx");
  }
}
