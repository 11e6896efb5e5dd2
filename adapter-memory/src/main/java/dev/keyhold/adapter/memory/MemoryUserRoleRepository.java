package dev.keyhold.adapter.memory;

import dev.keyhold.identity.model.access.RoleId;
import dev.keyhold.identity.model.user.UserId;
import dev.keyhold.identity.spi.UserRoleRepository;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Global role grants, each with its grant time, guarded by one lock. */
final class MemoryUserRoleRepository implements UserRoleRepository {

  private final Object lock = new Object();
  private final Map<UserId, Map<RoleId, Instant>> grants = new HashMap<>();

  @Override
  public boolean grant(UserId userId, RoleId roleId, Instant at) {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(roleId, "roleId");
    Objects.requireNonNull(at, "at");
    synchronized (lock) {
      return grants.computeIfAbsent(userId, user -> new LinkedHashMap<>()).putIfAbsent(roleId, at) == null;
    }
  }

  @Override
  public boolean revoke(UserId userId, RoleId roleId) {
    synchronized (lock) {
      Map<RoleId, Instant> held = grants.get(userId);
      return held != null && held.remove(roleId) != null;
    }
  }

  /** By grant time; grants made at the same instant in the order they were made. */
  @Override
  public List<RoleId> rolesOf(UserId userId) {
    synchronized (lock) {
      return grants.getOrDefault(userId, Map.of()).entrySet().stream()
          .sorted(Map.Entry.comparingByValue())
          .map(Map.Entry::getKey)
          .toList();
    }
  }

  /** Removes the user's global roles (a deleted user's). */
  void purge(UserId userId) {
    synchronized (lock) {
      grants.remove(userId);
    }
  }
}
