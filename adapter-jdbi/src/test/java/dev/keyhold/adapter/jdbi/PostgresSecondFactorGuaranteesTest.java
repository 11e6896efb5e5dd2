package dev.keyhold.adapter.jdbi;

import static dev.keyhold.identity.testkit.TestTimes.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.keyhold.identity.error.StoreUnavailableException;
import dev.keyhold.identity.model.mfa.RecoveryCodes;
import dev.keyhold.identity.model.mfa.TotpCredential;
import dev.keyhold.identity.model.token.TokenHash;
import dev.keyhold.identity.model.user.User;
import dev.keyhold.identity.spi.IdentityStores;
import dev.keyhold.identity.testkit.Concurrently;
import dev.keyhold.identity.testkit.Concurrently.Outcome;
import dev.keyhold.identity.testkit.TestTokens;
import dev.keyhold.identity.testkit.TestUsers;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What PostgreSQL guarantees for two-factor sign-in beyond the port contracts: a TOTP code or a recovery code presented
 * to two nodes (connection pools) at once is accepted by one of them only, one user's recovery codes replaced on two
 * nodes at once end as one whole set, a user's deletion takes the second factors along, and a refused write names no
 * secret.
 */
class PostgresSecondFactorGuaranteesTest {

  private static final long STEP = 59_000_000L;

  private JdbiStores nodeA;
  private JdbiStores nodeB;
  private List<IdentityStores> nodes;
  private Jdbi tables;
  private User alice;

  @BeforeEach
  void twoNodes() {
    nodeA = EmbeddedDatabase.emptyStores();
    nodeB = JdbiStores.connect(EmbeddedDatabase.settings(EmbeddedDatabase.SHARED_DATABASE).withMaxPoolSize(8));
    nodes = List.of(nodeA, nodeB);
    tables = Jdbi.create(EmbeddedDatabase.dataSource());
    alice = TestUsers.newUser();
    nodeA.users().insert(alice);
  }

  @AfterEach
  void closeNodeB() {
    nodeB.close();
  }

  @Test
  void two_nodes_using_one_totp_step_at_once_accept_it_exactly_once() {
    nodeA.totpCredentials().savePending(TotpCredential.pending(alice.id(), "sealed-secret", T0));
    nodeB.totpCredentials().confirm(alice.id(), STEP, T0.plusSeconds(30));
    for (int round = 0; round < Concurrently.ROUNDS; round++) {
      long step = STEP + 1 + round;

      // Even threads use node A, odd ones node B.
      List<Outcome<Boolean>> outcomes =
          Concurrently.call(16, i -> nodes.get(i % 2).totpCredentials().useStep(alice.id(), step));

      assertThat(outcomes).allMatch(Outcome::succeeded);
      assertThat(outcomes).as("round %d", round).filteredOn(Outcome::value).hasSize(1);
      assertThat(lastUsedStep()).as("round %d", round).isEqualTo(step);
    }
  }

  @Test
  void two_nodes_using_one_recovery_code_at_once_accept_it_exactly_once() {
    for (int round = 0; round < Concurrently.ROUNDS; round++) {
      List<TokenHash> set = newSet();
      nodeA.recoveryCodes().replace(alice.id(), set, T0);
      TokenHash code = set.get(round % set.size());

      List<Outcome<Boolean>> outcomes =
          Concurrently.call(16, i -> nodes.get(i % 2).recoveryCodes().use(alice.id(), code, T0.plusSeconds(1)));

      assertThat(outcomes).allMatch(Outcome::succeeded);
      assertThat(outcomes).as("round %d", round).filteredOn(Outcome::value).hasSize(1);
      assertThat(count("SELECT count(*) FROM recovery_codes WHERE used_at IS NOT NULL"))
          .as("used rows in round %d", round).isEqualTo(1);
    }
  }

  @Test
  void two_nodes_replacing_one_users_recovery_codes_at_once_leave_one_whole_set() {
    int threads = 8;
    for (int round = 0; round < Concurrently.ROUNDS; round++) {
      List<List<TokenHash>> sets = IntStream.range(0, threads).mapToObj(i -> newSet()).collect(Collectors.toList());

      List<Outcome<Void>> outcomes = Concurrently.run(threads,
          i -> nodes.get(i % 2).recoveryCodes().replace(alice.id(), sets.get(i), T0.plusSeconds(1)));

      assertThat(outcomes).allMatch(Outcome::succeeded);
      List<String> stored = tables.withHandle(handle -> handle
          .createQuery("SELECT code_hash FROM recovery_codes WHERE user_id = :user_id")
          .bind("user_id", alice.id().value())
          .mapTo(String.class)
          .list());
      List<List<String>> whole = sets.stream()
          .map(set -> set.stream().map(TokenHash::hex).collect(Collectors.toList()))
          .filter(set -> stored.size() == set.size() && stored.containsAll(set))
          .collect(Collectors.toList());
      assertThat(whole).as("the sets stored whole, round %d", round).hasSize(1);
    }
  }

  @Test
  void deleting_a_user_deletes_its_totp_credential_and_recovery_codes() {
    User bob = TestUsers.newUser();
    nodeA.users().insert(bob);
    for (User user : List.of(alice, bob)) {
      nodeA.totpCredentials().savePending(TotpCredential.pending(user.id(), "sealed-secret", T0));
      nodeA.recoveryCodes().replace(user.id(), newSet(), T0);
    }

    tables.useHandle(handle -> handle.execute("DELETE FROM users WHERE id = ?", alice.id().value()));

    assertThat(nodeA.totpCredentials().find(alice.id())).isEmpty();
    assertThat(nodeA.recoveryCodes().remaining(alice.id())).isZero();
    assertThat(nodeA.totpCredentials().find(bob.id())).isPresent();
    assertThat(nodeA.recoveryCodes().remaining(bob.id())).isEqualTo(RecoveryCodes.COUNT);
  }

  @Test
  void second_factors_of_an_unknown_user_report_the_store_unavailable_and_name_no_secret() {
    User stranger = TestUsers.newUser();
    String sealed = "sealed-secret-that-must-not-leak";
    TokenHash code = TestTokens.randomHash();

    Throwable credential = catchThrowable(() ->
        nodeA.totpCredentials().savePending(TotpCredential.pending(stranger.id(), sealed, T0)));
    Throwable codes = catchThrowable(() -> nodeA.recoveryCodes().replace(stranger.id(), List.of(code), T0));

    for (Throwable failure : List.of(credential, codes)) {
      assertThat(failure).isInstanceOf(StoreUnavailableException.class);
      for (Throwable t = failure; t != null; t = t.getCause()) {
        assertThat(String.valueOf(t.getMessage()))
            .as("no bound value appears in an error message")
            .doesNotContain(sealed)
            .doesNotContain(code.hex())
            .doesNotContain(stranger.id().toString());
      }
    }
    assertThat(count("SELECT count(*) FROM totp_credentials")).isZero();
    assertThat(count("SELECT count(*) FROM recovery_codes")).isZero();
  }

  private long lastUsedStep() {
    return tables.withHandle(handle -> handle
        .createQuery("SELECT last_used_step FROM totp_credentials WHERE user_id = :user_id")
        .bind("user_id", alice.id().value())
        .mapTo(Long.class)
        .one());
  }

  private int count(String sql) {
    return tables.withHandle(handle -> handle.createQuery(sql).mapTo(Integer.class).one());
  }

  private static List<TokenHash> newSet() {
    return IntStream.range(0, RecoveryCodes.COUNT)
        .mapToObj(i -> TestTokens.randomHash())
        .collect(Collectors.toList());
  }
}
