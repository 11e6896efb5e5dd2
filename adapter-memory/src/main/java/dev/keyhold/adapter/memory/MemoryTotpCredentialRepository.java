package dev.keyhold.adapter.memory;

import dev.keyhold.identity.model.mfa.TotpCredential;
import dev.keyhold.identity.model.user.UserId;
import dev.keyhold.identity.spi.TotpCredentialRepository;
import java.time.Instant;
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

  /** Removes the user's authenticator (a deleted user's). */
  void purge(UserId userId) {
    credentials.remove(userId);
  }
}
