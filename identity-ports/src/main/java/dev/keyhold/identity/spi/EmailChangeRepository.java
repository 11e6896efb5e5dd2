package dev.keyhold.identity.spi;

import dev.keyhold.identity.model.token.PendingEmailChange;
import dev.keyhold.identity.model.token.TokenHash;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Email changes waiting for confirmation, stored by their link token's hash only, one per user. A deleted user's
 * pending change goes with them. Every method may throw {@link dev.keyhold.identity.error.StoreUnavailableException};
 * all are safe under concurrency and shared by every node.
 */
public interface EmailChangeRepository {

  /**
   * Stores {@code change} in place of the user's earlier one (whose link stops working) and enqueues the mail that
   * carries its link in this store's {@link MailOutbox}, atomically: both or neither.
   *
   * @throws IllegalStateException when a change with the same hash exists; nothing changes then
   */
  void replaceWithMail(PendingEmailChange change, UUID mailId, Mailer.Message mail);

  /**
   * Takes the change with this hash, atomically: if it exists and has not expired at {@code now}, removes it and
   * returns it. Of many concurrent calls for one hash at most one returns it. An expired change is removed too.
   *
   * @return the change, or empty when there is no unexpired change with this hash
   */
  Optional<PendingEmailChange> take(TokenHash hash, Instant now);
}
