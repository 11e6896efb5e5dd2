package dev.keyhold.adapter.memory;

import dev.keyhold.identity.model.token.TokenHash;
import dev.keyhold.identity.model.user.UserId;
import dev.keyhold.identity.spi.RecoveryCodeRepository;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Recovery codes in a map of one immutable set per user (hash to the time it was used, or absent while unused);
 * every change replaces a user's set in one atomic {@code compute}.
 */
final class MemoryRecoveryCodeRepository implements RecoveryCodeRepository {

  private static final Instant UNUSED = Instant.MIN;

  private final ConcurrentMap<UserId, Map<TokenHash, Instant>> codes = new ConcurrentHashMap<>();

  @Override
  public void replace(UserId userId, List<TokenHash> newCodes, Instant at) {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(at, "at");
    Map<TokenHash, Instant> set = new HashMap<>();
    for (TokenHash code : newCodes) {
      set.put(Objects.requireNonNull(code, "code"), UNUSED);
    }
    if (set.isEmpty()) {
      codes.remove(userId);
    } else {
      codes.put(userId, Map.copyOf(set));
    }
  }

  @Override
  public boolean use(UserId userId, TokenHash code, Instant at) {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(at, "at");
    AtomicBoolean used = new AtomicBoolean();
    codes.computeIfPresent(Objects.requireNonNull(userId, "userId"), (id, set) -> {
      if (!UNUSED.equals(set.get(code))) {
        return set;
      }
      Map<TokenHash, Instant> next = new HashMap<>(set);
      next.put(code, at);
      used.set(true);
      return Map.copyOf(next);
    });
    return used.get();
  }

  @Override
  public int remaining(UserId userId) {
    Map<TokenHash, Instant> set = codes.get(Objects.requireNonNull(userId, "userId"));
    return set == null ? 0 : (int) set.values().stream().filter(UNUSED::equals).count();
  }

  @Override
  public int deleteAll(UserId userId) {
    Map<TokenHash, Instant> removed = codes.remove(Objects.requireNonNull(userId, "userId"));
    return removed == null ? 0 : removed.size();
  }

  /** Removes the user's recovery codes (a deleted user's). */
  void purge(UserId userId) {
    codes.remove(userId);
  }
}
