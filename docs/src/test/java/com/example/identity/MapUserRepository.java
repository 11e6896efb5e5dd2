package com.example.identity;

import dev.keyhold.identity.error.EmailTakenException;
import dev.keyhold.identity.model.user.Email;
import dev.keyhold.identity.model.user.PasswordHash;
import dev.keyhold.identity.model.user.User;
import dev.keyhold.identity.model.user.UserId;
import dev.keyhold.identity.model.user.UserStatus;
import dev.keyhold.identity.spi.UserRepository;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/** Users in a map, standing in for your own user table; every method holds one lock. */
public final class MapUserRepository implements UserRepository {

  /** Ids as 16 unsigned bytes, the order the port promises (not UUID.compareTo, which compares signed halves). */
  private static final Comparator<UUID> UNSIGNED =
      Comparator.comparing(UUID::getMostSignificantBits, Long::compareUnsigned)
          .thenComparing(UUID::getLeastSignificantBits, Long::compareUnsigned);

  /** Emails by code point, then ids: the order of search(...). */
  private static final Comparator<User> SEARCH_ORDER =
      Comparator.comparing((User user) -> user.email().normalized(), MapUserRepository::byCodePoints)
          .thenComparing(user -> user.id().value(), UNSIGNED);

  private final Map<UserId, User> byId = new HashMap<>();
  private final Map<String, UserId> byEmail = new HashMap<>();

  @Override
  public synchronized void insert(User user) {
    if (byId.containsKey(user.id())) {
      throw new IllegalStateException("a user with id " + user.id() + " exists");
    }
    if (byEmail.containsKey(user.email().normalized())) {
      throw new EmailTakenException();
    }
    byId.put(user.id(), user);
    byEmail.put(user.email().normalized(), user.id());
  }

  @Override
  public synchronized Optional<User> findById(UserId id) {
    return Optional.ofNullable(byId.get(id));
  }

  @Override
  public synchronized Optional<User> findByEmail(Email email) {
    return Optional.ofNullable(byEmail.get(email.normalized())).map(byId::get);
  }

  @Override
  public synchronized boolean markEmailVerified(UserId id, Instant at) {
    User user = byId.get(id);
    if (user == null || user.emailVerified()) {
      return false;
    }
    byId.put(id, user.withEmailVerifiedAt(at));
    return true;
  }

  @Override
  public synchronized boolean updateEmail(UserId id, Email email, Instant at) {
    User user = byId.get(id);
    if (user == null) {
      return false;
    }
    UserId holder = byEmail.get(email.normalized());
    if (holder != null && !holder.equals(id)) {
      throw new EmailTakenException();
    }
    byEmail.remove(user.email().normalized());
    byEmail.put(email.normalized(), id);
    byId.put(id, user.withVerifiedEmail(email, at));
    return true;
  }

  @Override
  public boolean updatePasswordHash(UserId id, PasswordHash hash, Instant at) {
    return update(id, user -> user.withPasswordHash(hash, at));
  }

  @Override
  public boolean updateStatus(UserId id, UserStatus status, Instant at) {
    return update(id, user -> user.withStatus(status, at));
  }

  @Override
  public synchronized boolean delete(UserId id) {
    User user = byId.remove(id);
    if (user == null) {
      return false;
    }
    byEmail.remove(user.email().normalized());
    return true;
  }

  @Override
  public boolean updateDisplayName(UserId id, String displayName, Instant at) {
    return update(id, user -> user.withDisplayName(displayName, at));
  }

  @Override
  public synchronized List<User> search(String emailPrefix, UserStatus status, Position after, int limit) {
    if (limit < 1 || limit > 1000) {
      throw new IllegalArgumentException("the limit is 1 to 1000, not " + limit);
    }
    return byId.values().stream()
        .filter(user -> emailPrefix == null || user.email().normalized().startsWith(emailPrefix))
        .filter(user -> status == null || user.status() == status)
        .filter(user -> after == null || isAfter(user, after))
        .sorted(SEARCH_ORDER)
        .limit(limit)
        .collect(Collectors.toList());
  }

  private synchronized boolean update(UserId id, UnaryOperator<User> change) {
    User user = byId.get(id);
    if (user == null) {
      return false;
    }
    byId.put(id, change.apply(user));
    return true;
  }

  private static boolean isAfter(User user, Position position) {
    int byEmail = byCodePoints(user.email().normalized(), position.normalizedEmail());
    return byEmail > 0 || byEmail == 0 && UNSIGNED.compare(user.id().value(), position.id().value()) > 0;
  }

  private static int byCodePoints(String left, String right) {
    return Arrays.compare(left.codePoints().toArray(), right.codePoints().toArray());
  }
}
