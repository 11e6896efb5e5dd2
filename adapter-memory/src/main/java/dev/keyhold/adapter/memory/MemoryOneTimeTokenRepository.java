package dev.keyhold.adapter.memory;

import dev.keyhold.identity.model.token.OneTimeToken;
import dev.keyhold.identity.model.token.OneTimeTokenPurpose;
import dev.keyhold.identity.model.token.TokenHash;
import dev.keyhold.identity.model.user.UserId;
import dev.keyhold.identity.spi.Mailer;
import dev.keyhold.identity.spi.OneTimeTokenRepository;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One-time tokens by hash, guarded by one lock so that consuming and invalidating are each one atomic step. Inserting
 * with mail checks the hash, then enqueues (which either fails having changed nothing or succeeds), then stores the
 * token, all under the lock: both or neither, and no one consumes the token before it is stored.
 */
final class MemoryOneTimeTokenRepository implements OneTimeTokenRepository {

  private final Object lock = new Object();
  private final Map<TokenHash, OneTimeToken> byHash = new HashMap<>();
  private final MemoryMailOutbox outbox;

  MemoryOneTimeTokenRepository(MemoryMailOutbox outbox) {
    this.outbox = outbox;
  }

  @Override
  public void insert(OneTimeToken token) {
    Objects.requireNonNull(token, "token");
    synchronized (lock) {
      if (byHash.containsKey(token.hash())) {
        throw new IllegalStateException("a one-time token with this hash exists");
      }
      byHash.put(token.hash(), token);
    }
  }

  @Override
  public void insertWithMail(OneTimeToken token, UUID mailId, Mailer.Message mail) {
    Objects.requireNonNull(token, "token");
    synchronized (lock) {
      if (byHash.containsKey(token.hash())) {
        throw new IllegalStateException("a one-time token with this hash exists");
      }
      outbox.enqueue(mailId, mail, token.createdAt());
      byHash.put(token.hash(), token);
    }
  }

  @Override
  public Optional<OneTimeToken> consume(TokenHash hash, OneTimeTokenPurpose purpose, Instant now) {
    Objects.requireNonNull(now, "now");
    synchronized (lock) {
      OneTimeToken token = byHash.get(hash);
      if (token == null || token.purpose() != purpose || !token.usableAt(now)) {
        return Optional.empty();
      }
      byHash.put(hash, usedAt(token, now));
      return Optional.of(token);
    }
  }

  @Override
  public int invalidateAll(UserId userId, OneTimeTokenPurpose purpose, Instant now) {
    Objects.requireNonNull(now, "now");
    synchronized (lock) {
      int invalidated = 0;
      for (Map.Entry<TokenHash, OneTimeToken> entry : byHash.entrySet()) {
        OneTimeToken token = entry.getValue();
        if (token.userId().equals(userId) && token.purpose() == purpose && token.usedAt() == null) {
          entry.setValue(usedAt(token, now));
          invalidated++;
        }
      }
      return invalidated;
    }
  }

  private static OneTimeToken usedAt(OneTimeToken token, Instant at) {
    return new OneTimeToken(token.hash(), token.purpose(), token.userId(), token.createdAt(), token.expiresAt(), at);
  }

  /** Removes the user's one-time tokens (a deleted user's). */
  void purge(UserId userId) {
    synchronized (lock) {
      byHash.values().removeIf(token -> token.userId().equals(userId));
    }
  }
}
