package dev.keyhold.identity.spi;

import dev.keyhold.identity.model.token.OneTimeToken;
import dev.keyhold.identity.model.token.OneTimeTokenPurpose;
import dev.keyhold.identity.model.token.TokenHash;
import dev.keyhold.identity.model.user.UserId;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Single-use tokens sent in links (email verification, password reset), stored by hash only. Every method may throw
 * {@link dev.keyhold.identity.error.StoreUnavailableException}; all are safe under concurrency.
 */
public interface OneTimeTokenRepository {

  /**
   * Stores a new token.
   *
   * @throws IllegalStateException when a token with the same hash exists
   */
  void insert(OneTimeToken token);

  /**
   * Stores a new token and enqueues the mail that carries it in this store's {@link MailOutbox}, atomically: both or
   * neither, so a link is never mailed for a token that was not stored, nor a token stored whose mail is lost.
   *
   * @throws IllegalStateException when a token with the same hash exists; nothing is stored or enqueued then
   */
  void insertWithMail(OneTimeToken token, UUID mailId, Mailer.Message mail);

  /**
   * Consumes a token, atomically: if a token with this hash and purpose exists, is unused and has not expired at
   * {@code now}, marks it used and returns it (as it was before the call). Of many concurrent calls for one token at
   * most one returns it.
   *
   * @return the consumed token, or empty when there is no usable token with this hash and purpose
   */
  Optional<OneTimeToken> consume(TokenHash hash, OneTimeTokenPurpose purpose, Instant now);

  /**
   * Makes every unused token of this user and purpose unusable (marks them used at {@code now}), so that only a
   * token issued afterwards works.
   *
   * @return how many tokens this call invalidated
   */
  int invalidateAll(UserId userId, OneTimeTokenPurpose purpose, Instant now);
}
