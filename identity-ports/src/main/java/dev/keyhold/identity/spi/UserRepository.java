package dev.keyhold.identity.spi;

import dev.keyhold.identity.model.user.Email;
import dev.keyhold.identity.model.user.PasswordHash;
import dev.keyhold.identity.model.user.User;
import dev.keyhold.identity.model.user.UserId;
import dev.keyhold.identity.model.user.UserStatus;
import java.time.Instant;
import java.util.Optional;

/**
 * Users, keyed by id and by normalized email. Every method may throw
 * {@link dev.keyhold.identity.error.StoreUnavailableException} when the store cannot answer; none ever reports an
 * outage as "absent". All methods are safe to call from many threads.
 */
public interface UserRepository {

  /**
   * Stores a new user. Atomic with respect to email uniqueness: of two concurrent inserts with the same normalized
   * email (say {@code A@x.io} and {@code a@X.io}) exactly one succeeds.
   *
   * @throws dev.keyhold.identity.error.EmailTakenException when a user with the same normalized email exists; nothing
   *     is stored then
   * @throws IllegalStateException when a user with the same id exists
   */
  void insert(User user);

  /** The user with this id, or empty when there is none. */
  Optional<User> findById(UserId id);

  /** The user whose normalized email equals {@code email.normalized()}, or empty when there is none. */
  Optional<User> findByEmail(Email email);

  /**
   * Marks the email verified at {@code at} unless it already is; idempotent.
   *
   * @return true when this call changed the user, false when it was already verified or does not exist
   */
  boolean markEmailVerified(UserId id, Instant at);

  /**
   * Replaces the password hash (after a rehash, change or reset). Last writer wins.
   *
   * @return true when the user exists
   */
  boolean updatePasswordHash(UserId id, PasswordHash hash, Instant at);

  /**
   * Sets the status. Idempotent.
   *
   * @return true when the user exists
   */
  boolean updateStatus(UserId id, UserStatus status, Instant at);
}
