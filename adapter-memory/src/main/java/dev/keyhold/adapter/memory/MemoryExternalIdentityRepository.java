package dev.keyhold.adapter.memory;

import dev.keyhold.identity.model.external.ExternalIdentity;
import dev.keyhold.identity.model.external.ExternalIdentityId;
import dev.keyhold.identity.model.user.UserId;
import dev.keyhold.identity.spi.ExternalIdentityRepository;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** External identities in a map keyed by issuer and subject, under one lock. */
final class MemoryExternalIdentityRepository implements ExternalIdentityRepository {

  private record Key(String issuer, String subject) {}

  private final Object lock = new Object();
  private final Map<Key, ExternalIdentity> identities = new LinkedHashMap<>();

  @Override
  public boolean insert(ExternalIdentity identity) {
    Objects.requireNonNull(identity, "identity");
    synchronized (lock) {
      return identities.putIfAbsent(new Key(identity.issuer(), identity.subject()), identity) == null;
    }
  }

  @Override
  public Optional<ExternalIdentity> find(String issuer, String subject) {
    synchronized (lock) {
      return Optional.ofNullable(identities.get(new Key(issuer, subject)));
    }
  }

  @Override
  public List<ExternalIdentity> listByUser(UserId userId) {
    Objects.requireNonNull(userId, "userId");
    synchronized (lock) {
      List<ExternalIdentity> found = new ArrayList<>();
      for (ExternalIdentity identity : identities.values()) {
        if (identity.userId().equals(userId)) {
          found.add(identity);
        }
      }
      found.sort(Comparator.comparing(ExternalIdentity::linkedAt));
      return found;
    }
  }

  @Override
  public boolean delete(UserId userId, ExternalIdentityId id) {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(id, "id");
    synchronized (lock) {
      return identities.values().removeIf(identity -> identity.id().equals(id) && identity.userId().equals(userId));
    }
  }

  /** Removes the user's links to providers (a deleted user's). */
  void purge(UserId userId) {
    synchronized (lock) {
      identities.values().removeIf(identity -> identity.userId().equals(userId));
    }
  }
}
