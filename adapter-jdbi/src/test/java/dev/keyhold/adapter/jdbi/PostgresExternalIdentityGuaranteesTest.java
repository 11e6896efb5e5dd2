package dev.keyhold.adapter.jdbi;

import static dev.keyhold.identity.testkit.TestTimes.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyhold.identity.model.external.ExternalIdentity;
import dev.keyhold.identity.model.external.ExternalIdentityId;
import dev.keyhold.identity.model.user.User;
import dev.keyhold.identity.spi.IdentityStores;
import dev.keyhold.identity.testkit.Concurrently;
import dev.keyhold.identity.testkit.Concurrently.Outcome;
import dev.keyhold.identity.testkit.TestUsers;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What PostgreSQL guarantees for external identities beyond the port contract: one provider account linked on two
 * nodes (connection pools) at once is linked once, a user's deletion takes its links along, and a link with the id
 * of another is refused rather than taken for a duplicate account.
 */
class PostgresExternalIdentityGuaranteesTest {

  private static final String ISSUER = "https://accounts.example.test";

  private JdbiStores nodeA;
  private JdbiStores nodeB;
  private List<IdentityStores> nodes;
  private User alice;
  private User bob;

  @BeforeEach
  void twoNodes() {
    nodeA = EmbeddedDatabase.emptyStores();
    nodeB = JdbiStores.connect(EmbeddedDatabase.settings(EmbeddedDatabase.SHARED_DATABASE).withMaxPoolSize(8));
    nodes = List.of(nodeA, nodeB);
    alice = TestUsers.newUser();
    bob = TestUsers.newUser();
    nodeA.users().insert(alice);
    nodeA.users().insert(bob);
  }

  @AfterEach
  void closeNodeB() {
    nodeB.close();
  }

  @Test
  void two_nodes_linking_one_account_at_once_link_it_exactly_once() {
    for (int round = 0; round < Concurrently.ROUNDS; round++) {
      String subject = "subject-" + round;
      List<ExternalIdentity> candidates = IntStream.range(0, 16)
          .mapToObj(i -> link(i % 4 < 2 ? alice : bob, subject))
          .collect(Collectors.toList());

      // Even threads use node A, odd ones node B.
      List<Outcome<Boolean>> outcomes =
          Concurrently.call(16, i -> nodes.get(i % 2).externalIdentities().insert(candidates.get(i)));

      assertThat(outcomes).allMatch(Outcome::succeeded);
      assertThat(outcomes).as("round %d", round).filteredOn(Outcome::value).hasSize(1);
      assertThat(rows(subject)).as("round %d", round).isEqualTo(1);
    }
  }

  @Test
  void deleting_a_user_deletes_its_links_only() {
    nodeA.externalIdentities().insert(link(alice, "alice"));
    ExternalIdentity bobs = link(bob, "bob");
    nodeA.externalIdentities().insert(bobs);

    Jdbi.create(EmbeddedDatabase.dataSource())
        .useHandle(handle -> handle.execute("DELETE FROM users WHERE id = ?", alice.id().value()));

    assertThat(nodeB.externalIdentities().find(ISSUER, "alice")).isEmpty();
    assertThat(nodeB.externalIdentities().find(ISSUER, "bob")).contains(bobs);
  }

  @Test
  void a_link_reusing_the_id_of_another_is_refused_not_reported_as_a_linked_account() {
    ExternalIdentity first = link(alice, "first");
    nodeA.externalIdentities().insert(first);
    ExternalIdentity sameId = new ExternalIdentity(first.id(), bob.id(), "acme", ISSUER, "second", null, T0);

    assertThatThrownBy(() -> nodeB.externalIdentities().insert(sameId)).isInstanceOf(IllegalStateException.class);

    assertThat(nodeA.externalIdentities().find(ISSUER, "second")).isEmpty();
  }

  private static ExternalIdentity link(User user, String subject) {
    return new ExternalIdentity(new ExternalIdentityId(UUID.randomUUID()), user.id(), "acme", ISSUER, subject,
        "someone@example.io", T0);
  }

  private static long rows(String subject) {
    return Jdbi.create(EmbeddedDatabase.dataSource()).withHandle(handle -> handle
        .createQuery("SELECT count(*) FROM external_identities WHERE subject = :subject")
        .bind("subject", subject)
        .mapTo(Long.class)
        .one());
  }
}
