package dev.keyhold.identity.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyhold.identity.model.token.RefreshToken;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The contract of stores whose {@link dev.keyhold.identity.spi.Transactions} are atomic (a database's): on top of
 * {@link TransactionsContract}, a unit whose work throws leaves none of its changes, and no other thread sees a
 * change before the unit returns.
 */
public abstract class AtomicTransactionsContract extends TransactionsContract {

  @Test
  void the_stores_say_their_units_are_atomic() {
    assertThat(stores.transactions().atomic()).isTrue();
  }

  @Test
  void a_unit_whose_work_throws_after_its_changes_leaves_none_of_them() {
    assertThatThrownBy(() -> stores.transactions().inTransaction(() -> {
      rotateAndRecord();
      throw new IllegalStateException("failed after the changes");
    })).hasMessage("failed after the changes");

    assertNotRotated();
  }

  @Test
  void a_unit_inside_another_is_rolled_back_with_it() {
    assertThatThrownBy(() -> stores.transactions().inTransaction(() -> {
      stores.transactions().inTransaction(this::rotateAndRecord);
      throw new IllegalStateException("the outer unit failed");
    })).hasMessage("the outer unit failed");

    assertNotRotated();
  }

  @Test
  void other_threads_see_a_unit_s_changes_only_once_it_returns() {
    Optional<RefreshToken> seenMeanwhile = stores.transactions().inTransaction(() -> {
      rotateAndRecord();
      return CompletableFuture.supplyAsync(() -> stores.refreshTokens().findTokenByHash(replacement.hash()))
          .orTimeout(30, TimeUnit.SECONDS)
          .join();
    });

    assertThat(seenMeanwhile).as("the replacement, read by another thread before the unit returned").isEmpty();
    assertRotated();
  }
}
