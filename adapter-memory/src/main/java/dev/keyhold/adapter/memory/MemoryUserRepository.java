package dev.keyhold.adapter.memory;

import dev.keyhold.identity.error.EmailTakenException;
import dev.keyhold.identity.model.access.RoleId;
import dev.keyhold.identity.model.user.Email;
import dev.keyhold.identity.model.user.PasswordHash;
import dev.keyhold.identity.model.user.User;
import dev.keyhold.identity.model.user.UserId;
import dev.keyhold.identity.model.user.UserStatus;
import dev.keyhold.identity.spi.UserRepository;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Users in two maps, by id and by normalized email, guarded by one lock so both always change together. Users are
 * immutable records, so readers get a consistent snapshot of each user.
 */
final class MemoryUserRepository implements UserRepository {

  private static final Comparator<User> SEARCH_ORDER = Comparator
      .comparing((User user) -> user.email().normalized(), MemoryOrder.CODE_POINTS)
      .thenComparing(user -> user.id().value(), MemoryOrder.UUIDS);

  private final Object lock = new Object();
  private final Map<UserId, User> byId = new HashMap<>();
  private final Map<String, UserId> idByEmail = new HashMap<>();

  @Override
  public void insert(User user) {
    Objects.requireNonNull(user, "user");
    synchronized (lock) {
      if (byId.containsKey(user.id())) {
        throw new IllegalStateException("a user with id " + user.id() + " exists");
      }
      if (idByEmail.containsKey(user.email().normalized())) {
        throw new EmailTakenException();
      }
      byId.put(user.id(), user);
      idByEmail.put(user.email().normalized(), user.id());
    }
  }

  @Override
  public Optional<User> findById(UserId id) {
    synchronized (lock) {
      return Optional.ofNullable(byId.get(id));
    }
  }

  @Override
  public Optional<User> findByEmail(Email email) {
    synchronized (lock) {
      return Optional.ofNullable(idByEmail.get(email.normalized())).map(byId::get);
    }
  }

  @Override
  public boolean markEmailVerified(UserId id, Instant at) {
    Objects.requireNonNull(at, "at");
    synchronized (lock) {
      User user = byId.get(id);
      if (user == null || user.emailVerified()) {
        return false;
      }
      byId.put(id, user.withEmailVerifiedAt(at));
      return true;
    }
  }

  @Override
  public boolean updatePasswordHash(UserId id, PasswordHash hash, Instant at) {
    Objects.requireNonNull(at, "at");
    return update(id, user -> user.withPasswordHash(hash, at));
  }

  @Override
  public List<User> search(String emailPrefix, UserStatus status, Position after, int limit) {
    return search(emailPrefix, null, status, after, limit);
  }

  @Override
  public List<User> search(String emailPrefix, String displayNamePrefix, UserStatus status, Position after,
      int limit) {
    if (limit < 1 || limit > 1000) {
      throw new IllegalArgumentException("the limit is 1 to 1000, not " + limit);
    }
    synchronized (lock) {
      return byId.values().stream()
          .filter(user -> emailPrefix == null || user.email().normalized().startsWith(emailPrefix))
          .filter(user -> displayNamePrefix == null || user.displayName() != null
              && user.displayName().toLowerCase(Locale.ROOT).startsWith(displayNamePrefix))
          .filter(user -> status == null || user.status() == status)
          .filter(user -> after == null || isAfter(user, after))
          .sorted(SEARCH_ORDER)
          .limit(limit)
          .toList();
    }
  }

  @Override
  public boolean updateStatus(UserId id, UserStatus status, Instant at) {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(at, "at");
    return update(id, user -> user.withStatus(status, at));
  }

  @Override
  public boolean updateEmail(UserId id, Email email, Instant at) {
    Objects.requireNonNull(email, "email");
    Objects.requireNonNull(at, "at");
    synchronized (lock) {
      User user = byId.get(id);
      if (user == null) {
        return false;
      }
      UserId holder = idByEmail.get(email.normalized());
      if (holder != null && !holder.equals(id)) {
        throw new EmailTakenException();
      }
      idByEmail.remove(user.email().normalized());
      idByEmail.put(email.normalized(), id);
      byId.put(id, user.withVerifiedEmail(email, at));
      return true;
    }
  }

  @Override
  public boolean updateDisplayName(UserId id, String displayName, Instant at) {
    Objects.requireNonNull(at, "at");
    return update(id, user -> user.withDisplayName(displayName, at));
  }

  /** Whether {@code user} comes after {@code position} in the search order. */
  private static boolean isAfter(User user, Position position) {
    int byEmail = MemoryOrder.CODE_POINTS.compare(user.email().normalized(), position.normalizedEmail());
    return byEmail > 0 || byEmail == 0 && MemoryOrder.UUIDS.compare(user.id().value(), position.id().value()) > 0;
  }

  /** Replaces the user with {@code change} applied; false when there is no such user. */
  private boolean update(UserId id, UnaryOperator<User> change) {
    synchronized (lock) {
      User user = byId.get(id);
      if (user == null) {
        return false;
      }
      byId.put(id, change.apply(user));
      return true;
    }
  }

  /**
   * What deleting a user also removes, in the memory stores: the stores' cascade, called holding this repository's
   * lock. It answers false, removing nothing, when the user is the only owner of an organization ({@code ownerRole}
   * non-null).
   */
  interface Cascade {
    boolean removeFor(User user, RoleId ownerRole);
  }

  private volatile Cascade cascade = (user, ownerRole) -> true;

  void onDelete(Cascade cascade) {
    this.cascade = Objects.requireNonNull(cascade, "cascade");
  }

  @Override
  public boolean delete(UserId id) {
    return delete(id, null) == Deletion.DELETED;
  }

  /**
   * {@inheritDoc}
   *
   * <p>The owner check and the cascade run under the memberships' lock inside this repository's lock, so they are
   * one step with respect to both.
   */
  @Override
  public Deletion delete(UserId id, RoleId ownerRole) {
    Objects.requireNonNull(id, "id");
    synchronized (lock) {
      User user = byId.get(id);
      if (user == null) {
        return Deletion.NOT_FOUND;
      }
      if (!cascade.removeFor(user, ownerRole)) {
        return Deletion.LAST_OWNER;
      }
      byId.remove(id);
      idByEmail.remove(user.email().normalized());
      return Deletion.DELETED;
    }
  }
}
