package dev.keyhold.adapter.memory;

import dev.keyhold.identity.model.token.PendingEmailChange;
import dev.keyhold.identity.model.token.TokenHash;
import dev.keyhold.identity.model.user.UserId;
import dev.keyhold.identity.spi.EmailChangeRepository;
import dev.keyhold.identity.spi.Mailer;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Pending email changes by hash and by user, guarded by one lock: replacing (with its mail) and taking are each one
 * atomic step.
 */
final class MemoryEmailChangeRepository implements EmailChangeRepository {

  private final Object lock = new Object();
  private final Map<TokenHash, PendingEmailChange> byHash = new HashMap<>();
  private final Map<UserId, TokenHash> hashByUser = new HashMap<>();
  private final MemoryMailOutbox outbox;

  MemoryEmailChangeRepository(MemoryMailOutbox outbox) {
    this.outbox = outbox;
  }

  @Override
  public void replaceWithMail(PendingEmailChange change, UUID mailId, Mailer.Message mail) {
    Objects.requireNonNull(change, "change");
    synchronized (lock) {
      if (byHash.containsKey(change.hash())) {
        throw new IllegalStateException("a pending email change with this hash exists");
      }
      outbox.enqueue(mailId, mail, change.createdAt());
      TokenHash earlier = hashByUser.put(change.userId(), change.hash());
      if (earlier != null) {
        byHash.remove(earlier);
      }
      byHash.put(change.hash(), change);
    }
  }

  @Override
  public Optional<PendingEmailChange> take(TokenHash hash, Instant now) {
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(now, "now");
    synchronized (lock) {
      PendingEmailChange change = byHash.remove(hash);
      if (change == null) {
        return Optional.empty();
      }
      hashByUser.remove(change.userId());
      return now.isBefore(change.expiresAt()) ? Optional.of(change) : Optional.empty();
    }
  }

  /** Forgets a deleted user's pending change. */
  void purge(UserId userId) {
    synchronized (lock) {
      TokenHash hash = hashByUser.remove(userId);
      if (hash != null) {
        byHash.remove(hash);
      }
    }
  }
}
