package dev.keyhold.identity.spi;

import dev.keyhold.identity.model.token.TokenHash;
import dev.keyhold.identity.model.user.UserId;
import java.time.Instant;
import java.util.List;

/**
 * Users' single-use recovery codes, stored only as hashes. May throw
 * {@link dev.keyhold.identity.error.StoreUnavailableException}. {@code RecoveryCodeRepositoryContract} in
 * identity-testkit turns this contract into tests.
 */
public interface RecoveryCodeRepository {

  /** Replaces the user's codes, used or not, with {@code codes}, atomically: no reader sees a mix of both sets. */
  void replace(UserId userId, List<TokenHash> codes, Instant at);

  /**
   * Marks the user's unused code with this hash used: of any number of concurrent calls, at most one returns
   * {@code true}; a code of another user, or one already used, returns {@code false}.
   */
  boolean use(UserId userId, TokenHash code, Instant at);

  /** How many of the user's codes are unused. */
  int remaining(UserId userId);

  /** Deletes the user's codes. @return how many there were, used or not */
  int deleteAll(UserId userId);
}
