package dev.keyhold.adapter.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyhold.identity.error.EmailTakenException;
import dev.keyhold.identity.model.user.User;
import dev.keyhold.identity.testkit.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What PostgreSQL's units of work guarantee beyond {@code AtomicTransactionsContract}. */
class PostgresTransactionsTest {

  private JdbiStores stores;

  @BeforeEach
  void emptyTables() {
    stores = EmbeddedDatabase.emptyStores();
  }

  @Test
  void a_duplicate_refused_inside_a_unit_leaves_the_rest_of_the_unit_working() {
    User alice = TestUsers.withEmail("alice@example.com");
    User twin = TestUsers.withEmail("Alice@Example.com");
    User bob = TestUsers.withEmail("bob@example.com");

    stores.transactions().inTransaction(() -> {
      stores.users().insert(alice);
      assertThatThrownBy(() -> stores.users().insert(twin)).isInstanceOf(EmailTakenException.class);
      // PostgreSQL refuses every statement of a transaction after an error, unless the error was in a savepoint
      stores.users().insert(bob);
      return null;
    });

    assertThat(stores.users().findById(alice.id())).isPresent();
    assertThat(stores.users().findById(twin.id())).isEmpty();
    assertThat(stores.users().findById(bob.id())).isPresent();
  }
}
