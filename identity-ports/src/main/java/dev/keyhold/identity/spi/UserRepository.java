package dev.keyhold.identity.spi;

import dev.keyhold.identity.model.access.RoleId;
import dev.keyhold.identity.model.user.Email;
import dev.keyhold.identity.model.user.PasswordHash;
import dev.keyhold.identity.model.user.User;
import dev.keyhold.identity.model.user.UserId;
import dev.keyhold.identity.model.user.UserStatus;
import java.time.Instant;
import java.util.List;
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
   * Replaces the password hash (after a rehash, change or reset), or removes it when {@code hash} is {@code null} (the
   * user then signs in only through a linked provider, or sets a password through a reset). Last writer wins.
   *
   * @return true when the user exists
   */
  boolean updatePasswordHash(UserId id, PasswordHash hash, Instant at);

  /**
   * One page of users for administration, in a stable order, so pages neither skip nor repeat users while others
   * register: by normalized email in code-point order (a SQL store sorts it with a binary collation such as
   * PostgreSQL's {@code "C"}), then by id as 16 unsigned bytes, most significant first. That id order is PostgreSQL's
   * for {@code uuid} and the order of the canonical text form; it is not Java's {@link java.util.UUID#compareTo},
   * which compares the two halves as signed numbers. The email prefix is matched literally ({@code %}, {@code _} and
   * {@code \} are ordinary characters).
   *
   * @param emailPrefix keep users whose normalized email starts with this (already normalized), or {@code null}
   * @param status keep users with this status, or {@code null}
   * @param after start after this (normalized email, id) position, or {@code null} for the first page
   * @param limit at most this many users, 1 to 1000
   */
  List<User> search(String emailPrefix, UserStatus status, Position after, int limit);

  /**
   * {@link #search(String, UserStatus, Position, int)} that also keeps only users whose display name, lower-cased,
   * starts with {@code displayNamePrefix}: the same order, positions, limits and literal matching, so a cursor of one
   * page is valid for the next with the same filters. Users without a display name never match a display-name
   * prefix. Lower-casing is {@link String#toLowerCase(java.util.Locale) toLowerCase(Locale.ROOT)} for a store in
   * memory; a SQL store may use its own {@code lower()}, which agrees on ASCII letters and, in a UTF-8 database, on
   * most others.
   *
   * <p>The default walks {@link #search(String, UserStatus, Position, int)} a page at a time and filters, so any
   * adapter answers correctly; an adapter with an index on the lower-cased display name should override it.
   *
   * @param displayNamePrefix keep users whose lower-cased display name starts with this (already lower-cased), or
   *     {@code null}
   */
  default List<User> search(String emailPrefix, String displayNamePrefix, UserStatus status, Position after,
      int limit) {
    if (displayNamePrefix == null) {
      return search(emailPrefix, status, after, limit);
    }
    if (limit < 1 || limit > 1000) {
      throw new IllegalArgumentException("limit must be 1 to 1000, not " + limit);
    }
    List<User> found = new java.util.ArrayList<>();
    Position from = after;
    while (found.size() < limit) {
      List<User> page = search(emailPrefix, status, from, 1000);
      for (User user : page) {
        String name = user.displayName();
        if (name != null && name.toLowerCase(java.util.Locale.ROOT).startsWith(displayNamePrefix)
            && found.size() < limit) {
          found.add(user);
        }
      }
      if (page.size() < 1000) {
        break;
      }
      User last = page.get(page.size() - 1);
      from = new Position(last.email().normalized(), last.id());
    }
    return found;
  }

  /** A place in the {@link #search} order; it need not be a stored user's. */
  record Position(String normalizedEmail, UserId id) {}

  /**
   * Sets the status. Idempotent.
   *
   * @return true when the user exists
   */
  boolean updateStatus(UserId id, UserStatus status, Instant at);

  /**
   * Replaces the display name, or removes it when {@code displayName} is {@code null}; the caller has validated it.
   * Last writer wins.
   *
   * @return true when the user exists
   */
  boolean updateDisplayName(UserId id, String displayName, Instant at);

  /**
   * Gives the user a new, verified address (verified at {@code at}, which is also the update time). Atomic with
   * respect to email uniqueness, as {@link #insert} is: of two users claiming one address at once, exactly one gets
   * it.
   *
   * @return true when the user exists
   * @throws dev.keyhold.identity.error.EmailTakenException when another user has the same normalized email; nothing
   *     changes then
   */
  boolean updateEmail(UserId id, Email email, Instant at);

  /**
   * Deletes the user and what is stored for them, in one transaction: sessions and refresh tokens, one-time tokens,
   * memberships, global roles, second factors, links to external providers, and every invitation addressed to their
   * email (pending, accepted or revoked: each holds the address). Invitations the user sent stay, as their
   * organizations' records. The audit log is not touched: it holds the user's id, never their address. After it,
   * the id and the address are free; the address can register again as a new user. Callers that must keep every
   * organization owned use {@link #delete(UserId, RoleId)}.
   *
   * @return true when this call deleted the user, false when there was no such user
   */
  boolean delete(UserId id);

  /** The outcome of {@link #delete(UserId, RoleId)}. */
  enum Deletion {
    /** The user and what is stored for them are gone. */
    DELETED,
    /** There is no such user. */
    NOT_FOUND,
    /** The user is the only holder of the owner role in an organization; nothing changed. */
    LAST_OWNER
  }

  /**
   * Deletes the user as {@link #delete(UserId)} does, unless they are the only member holding {@code ownerRole} in
   * some organization. In a store that also holds the memberships the check and the deletion are one atomic step,
   * serialized with {@link MembershipRepository}'s changes per organization, so two co-owners deleting their
   * accounts at once cannot leave their organization without an owner: one of them gets {@link Deletion#LAST_OWNER}.
   *
   * <p>The default suits a repository that holds users only (memberships live elsewhere and it cannot see them): it
   * deletes unconditionally, and only the caller's check beforehand protects the owners, without the atomicity.
   *
   * @param ownerRole the owner role, whose last holder in an organization is protected
   */
  default Deletion delete(UserId id, RoleId ownerRole) {
    return delete(id) ? Deletion.DELETED : Deletion.NOT_FOUND;
  }
}
