package dev.keyhold.adapter.jdbi;

import static dev.keyhold.identity.testkit.TestTimes.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyhold.identity.model.access.BuiltInRoles;
import dev.keyhold.identity.error.StoreUnavailableException;
import dev.keyhold.identity.model.org.Invitation;
import dev.keyhold.identity.model.org.InvitationId;
import dev.keyhold.identity.model.org.Organization;
import dev.keyhold.identity.model.token.OneTimeToken;
import dev.keyhold.identity.model.token.OneTimeTokenPurpose;
import dev.keyhold.identity.model.user.User;
import dev.keyhold.identity.spi.MailOutbox;
import dev.keyhold.identity.spi.MailOutbox.Entry;
import dev.keyhold.identity.spi.Mailer;
import dev.keyhold.identity.testkit.Concurrently;
import dev.keyhold.identity.testkit.Concurrently.Outcome;
import dev.keyhold.identity.testkit.TestOrgs;
import dev.keyhold.identity.testkit.TestTokens;
import dev.keyhold.identity.testkit.TestUsers;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What PostgreSQL guarantees for the mail outbox beyond the port contract: claims from separate nodes (connection
 * pools) never share a message, a row another transaction holds is skipped rather than waited for, and a token or an
 * invitation is stored with its mail or not at all.
 */
class PostgresMailOutboxGuaranteesTest {

  private static final Duration LEASE = Duration.ofMinutes(5);

  private JdbiStores stores;
  private Jdbi tables;

  @BeforeEach
  void emptyTables() {
    stores = EmbeddedDatabase.emptyStores();
    tables = Jdbi.create(EmbeddedDatabase.dataSource());
  }

  @Test
  void two_nodes_claiming_concurrently_never_receive_the_same_entry() {
    int messages = 240;
    int threadsPerNode = 6;
    try (JdbiStores nodeA = node(); JdbiStores nodeB = node()) {
      List<MailOutbox> nodes = List.of(nodeA.mailOutbox(), nodeB.mailOutbox());
      for (int round = 0; round < 5; round++) {
        EmbeddedDatabase.emptyTables(EmbeddedDatabase.SHARED_DATABASE);
        Instant enqueuedAt = T0.plusSeconds(round);
        Set<UUID> enqueued = new HashSet<>();
        for (int i = 0; i < messages; i++) {
          UUID id = UUID.randomUUID();
          stores.mailOutbox().enqueue(id, message(i), enqueuedAt.plusNanos(i * 1_000L));
          enqueued.add(id);
        }
        Instant now = enqueuedAt.plusSeconds(60);

        // Each thread claims small batches from its node until it finds nothing due.
        List<Outcome<List<Entry>>> outcomes = Concurrently.call(2 * threadsPerNode, i -> {
          MailOutbox outbox = nodes.get(i % 2);
          List<Entry> mine = new ArrayList<>();
          for (List<Entry> batch = outbox.claim(now, 7, LEASE); !batch.isEmpty();
              batch = outbox.claim(now, 7, LEASE)) {
            mine.addAll(batch);
          }
          return mine;
        });

        assertThat(outcomes).allMatch(Outcome::succeeded);
        List<UUID> claimed = outcomes.stream()
            .flatMap(outcome -> outcome.value().stream())
            .map(Entry::id)
            .collect(Collectors.toList());
        assertThat(claimed).as("round %d", round).doesNotHaveDuplicates();
        assertThat(new HashSet<>(claimed)).as("round %d", round).isEqualTo(enqueued);
        assertThat(outcomes.stream().flatMap(outcome -> outcome.value().stream()))
            .allSatisfy(entry -> {
              assertThat(entry.attempts()).isEqualTo(1);
              assertThat(entry.nextAttemptAt()).isEqualTo(now.plus(LEASE));
            });
        Map<Integer, Long> attempts = tables.withHandle(handle -> handle
            .createQuery("SELECT attempts FROM mail_outbox")
            .mapTo(Integer.class)
            .stream()
            .collect(Collectors.groupingBy(a -> a, Collectors.counting())));
        assertThat(attempts).as("round %d", round).containsExactly(Map.entry(1, (long) messages));
        assertThat(stores.mailOutbox().backlog()).isEqualTo(messages);
        assertThat(stores.mailOutbox().claim(now, messages, LEASE)).as("leased").isEmpty();
      }
    }
  }

  @Test
  void a_claim_skips_rows_another_transaction_holds_instead_of_waiting() {
    UUID held = UUID.randomUUID();
    UUID free = UUID.randomUUID();
    stores.mailOutbox().enqueue(held, message(1), T0);
    stores.mailOutbox().enqueue(free, message(2), T0.plusSeconds(1));

    try (Handle other = tables.open()) {
      other.begin();
      other.createQuery("SELECT id FROM mail_outbox WHERE id = :id FOR UPDATE")
          .bind("id", held)
          .mapTo(UUID.class)
          .one();

      assertThat(stores.mailOutbox().claim(T0.plusSeconds(5), 10, LEASE)).extracting(Entry::id)
          .containsExactly(free);

      other.rollback();
    }
    assertThat(stores.mailOutbox().claim(T0.plusSeconds(5), 10, LEASE)).extracting(Entry::id)
        .containsExactly(held);
  }

  @Test
  void a_token_with_a_duplicate_hash_leaves_the_outbox_unchanged() {
    User user = TestUsers.newUser();
    stores.users().insert(user);
    OneTimeToken first = TestTokens.oneTimeToken(user.id(), OneTimeTokenPurpose.VERIFY_EMAIL, T0);
    UUID firstMail = UUID.randomUUID();
    stores.oneTimeTokens().insertWithMail(first, firstMail, message(1));
    OneTimeToken duplicate = new OneTimeToken(first.hash(), OneTimeTokenPurpose.RESET_PASSWORD, user.id(),
        T0.plusSeconds(1), T0.plusSeconds(600), null);

    assertThatThrownBy(() -> stores.oneTimeTokens().insertWithMail(duplicate, UUID.randomUUID(), message(2)))
        .isInstanceOf(IllegalStateException.class);

    assertThat(outboxIds()).containsExactly(firstMail);
    assertThat(stores.mailOutbox().backlog()).isEqualTo(1);
  }

  @Test
  void a_mail_id_already_queued_leaves_the_token_unstored() {
    User user = TestUsers.newUser();
    stores.users().insert(user);
    UUID mailId = UUID.randomUUID();
    stores.mailOutbox().enqueue(mailId, message(1), T0);
    OneTimeToken token = TestTokens.oneTimeToken(user.id(), OneTimeTokenPurpose.VERIFY_EMAIL, T0);

    assertThatThrownBy(() -> stores.oneTimeTokens().insertWithMail(token, mailId, message(2)))
        .isInstanceOf(IllegalStateException.class);

    assertThat(stores.oneTimeTokens().consume(token.hash(), OneTimeTokenPurpose.VERIFY_EMAIL, T0.plusSeconds(1)))
        .isEmpty();
    assertThat(stores.mailOutbox().claim(T0, 10, LEASE)).singleElement()
        .satisfies(entry -> assertThat(entry.message()).isEqualTo(message(1)));
  }

  @Test
  void a_token_failing_a_foreign_key_enqueues_no_mail() {
    OneTimeToken orphan = TestTokens.oneTimeToken(TestUsers.newId(), OneTimeTokenPurpose.VERIFY_EMAIL, T0);

    assertThatThrownBy(() -> stores.oneTimeTokens().insertWithMail(orphan, UUID.randomUUID(), message(1)))
        .isInstanceOf(StoreUnavailableException.class);

    assertThat(stores.mailOutbox().backlog()).isZero();
  }

  @Test
  void an_invitation_with_a_duplicate_token_hash_enqueues_nothing_and_revokes_nothing() {
    User owner = TestUsers.newUser();
    stores.users().insert(owner);
    Organization acme = TestOrgs.organization("acme");
    stores.organizations().create(acme, TestOrgs.ownerOf(acme, owner.id()));
    Invitation first = TestOrgs.invitation(acme.id(), "bob@example.io", BuiltInRoles.MEMBER.id(), owner.id(), T0);
    UUID firstMail = UUID.randomUUID();
    stores.invitations().insertReplacingPending(first, firstMail, message(1));
    Invitation sameToken = new Invitation(new InvitationId(UUID.randomUUID()), acme.id(), first.email(),
        first.roleId(), first.tokenHash(), owner.id(), T0.plusSeconds(1), T0.plusSeconds(3_600), null, null, null);

    assertThatThrownBy(() -> stores.invitations().insertReplacingPending(sameToken, UUID.randomUUID(), message(2)))
        .isInstanceOf(IllegalStateException.class);

    assertThat(outboxIds()).containsExactly(firstMail);
    assertThat(stores.invitations().findById(acme.id(), first.id())).contains(first);
  }

  @Test
  void a_long_error_is_stored_cut_to_500_characters() {
    UUID id = UUID.randomUUID();
    stores.mailOutbox().enqueue(id, message(1), T0);
    stores.mailOutbox().claim(T0, 1, LEASE);

    stores.mailOutbox().markFailed(id, "x".repeat(499) + "\uD83D\uDCE7" + "y".repeat(100), T0.plusSeconds(30));

    String stored = tables.withHandle(handle -> handle
        .createQuery("SELECT last_error FROM mail_outbox WHERE id = :id")
        .bind("id", id)
        .mapTo(String.class)
        .one());
    assertThat(stored).isEqualTo("x".repeat(499));
    assertThat(stores.mailOutbox().claim(T0.plusSeconds(30), 1, LEASE)).singleElement()
        .satisfies(entry -> assertThat(entry.lastError()).isEqualTo("x".repeat(499)));
  }

  private static JdbiStores node() {
    return JdbiStores.connect(EmbeddedDatabase.settings(EmbeddedDatabase.SHARED_DATABASE).withMaxPoolSize(6));
  }

  private List<UUID> outboxIds() {
    return tables.withHandle(handle -> handle.createQuery("SELECT id FROM mail_outbox ORDER BY created_at, id")
        .mapTo(UUID.class)
        .list());
  }

  private static Mailer.Message message(int n) {
    return new Mailer.Message("user" + n + "@example.io", "Subject " + n, "Text " + n,
        n % 2 == 0 ? "<p>HTML " + n + "</p>" : null);
  }
}
