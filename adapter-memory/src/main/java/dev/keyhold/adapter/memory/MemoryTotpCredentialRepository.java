package dev.keyhold.adapter.memory;

import dev.keyhold.identity.model.mfa.TotpCredential;
import dev.keyhold.identity.model.user.UserId;
import dev.keyhold.identity.spi.TotpCredentialRepository;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;

/** TOTP credentials in a map; every conditional change is one atomic {@code compute}. */
final class MemoryTotpCredentialRepository implements TotpCredentialRepository {

  private final ConcurrentMap<UserId, TotpCredential> credentials = new ConcurrentHashMap<>();

  @Override
  public boolean savePending(TotpCredential pending) {
    Objects.requireNonNull(pending, "pending");
    if (pending.confirmed()) {
      throw new IllegalArgumentException("a pending credential has no confirmation time");
    }
    AtomicBoolean saved = new AtomicBoolean();
    credentials.compute(pending.userId(), (id, current) -> {
      if (current != null && current.confirmed()) {
        return current;
      }
      saved.set(true);
      return pending;
    });
    return saved.get();
  }

  @Override
  public Optional<TotpCredential> find(UserId userId) {
    return Optional.ofNullable(credentials.get(Objects.requireNonNull(userId, "userId")));
  }

  @Override
  public boolean confirm(UserId userId, long step, Instant at) {
    Objects.requireNonNull(at, "at");
    AtomicBoolean confirmed = new AtomicBoolean();
    credentials.computeIfPresent(Objects.requireNonNull(userId, "userId"), (id, current) -> {
      if (current.confirmed()) {
        return current;
      }
      confirmed.set(true);
      return new TotpCredential(id, current.sealedSecret(), current.createdAt(), at, step);
    });
    return confirmed.get();
  }

  @Override
  public boolean useStep(UserId userId, long step) {
    AtomicBoolean used = new AtomicBoolean();
    credentials.computeIfPresent(Objects.requireNonNull(userId, "userId"), (id, current) -> {
      if (!current.confirmed() || (current.lastUsedStep() != null && current.lastUsedStep() >= step)) {
        return current;
      }
      used.set(true);
      return new TotpCredential(id, current.sealedSecret(), current.createdAt(), current.confirmedAt(), step);
    });
    return used.get();
  }

  @Override
  public boolean delete(UserId userId) {
    return credentials.remove(Objects.requireNonNull(userId, "userId")) != null;
  }

  /** Pages in the order of the ids' text, which is PostgreSQL's order of {@code uuid} too. */
  @Override
  public List<TotpCredential> findPage(UserId after, int limit) {
    if (limit <= 0) {
      throw new IllegalArgumentException("limit must be positive");
    }
    String start = after == null ? null : after.value().toString();
    return credentials.values().stream()
        .filter(credential -> start == null || credential.userId().value().toString().compareTo(start) > 0)
        .sorted(Comparator.comparing(credential -> credential.userId().value().toString()))
        .limit(limit)
        .toList();
  }

  @Override
  public boolean replaceSealedSecret(UserId userId, String expectedSealed, String sealed) {
    Objects.requireNonNull(expectedSealed, "expectedSealed");
    Objects.requireNonNull(sealed, "sealed");
    AtomicBoolean replaced = new AtomicBoolean();
    credentials.computeIfPresent(Objects.requireNonNull(userId, "userId"), (id, current) -> {
      if (!current.sealedSecret().equals(expectedSealed)) {
        return current;
      }
      replaced.set(true);
      return new TotpCredential(id, sealed, current.createdAt(), current.confirmedAt(), current.lastUsedStep());
    });
    return replaced.get();
  }

  /** Removes the user's authenticator (a deleted user's). */
  void purge(UserId userId) {
    credentials.remove(userId);
  }
}
