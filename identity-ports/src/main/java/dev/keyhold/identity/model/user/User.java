package dev.keyhold.identity.model.user;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A person who can sign in.
 *
 * @param id stable identity
 * @param email the address, unique by its normalized form across all users
 * @param displayName an optional name to show, at most {@value #DISPLAY_NAME_MAX_LENGTH} code points once trimmed;
 *     {@code null} when not given
 * @param status whether the user may sign in
 * @param emailVerifiedAt when the address was proven, or {@code null} while unverified
 * @param passwordHash the password's hash, or {@code null} for users who only sign in through an external provider
 * @param createdAt when the user registered
 * @param updatedAt when any field last changed
 */
public record User(
    UserId id,
    Email email,
    String displayName,
    UserStatus status,
    Instant emailVerifiedAt,
    PasswordHash passwordHash,
    Instant createdAt,
    Instant updatedAt) {

  /** The longest display name, in code points once trimmed. */
  public static final int DISPLAY_NAME_MAX_LENGTH = 100;

  public User {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(email, "email");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }

  /** A new, active, unverified user with a password. */
  public static User registered(UserId id, Email email, String displayName, PasswordHash hash, Instant now) {
    return new User(id, email, displayName, UserStatus.ACTIVE, null, hash, now, now);
  }

  /**
   * A new, active user created by a first sign-in through an external provider that vouched for the address: verified,
   * without a password (they can set one through a password reset).
   */
  public static User external(UserId id, Email email, String displayName, Instant now) {
    return new User(id, email, displayName, UserStatus.ACTIVE, now, null, now, now);
  }

  public boolean emailVerified() {
    return emailVerifiedAt != null;
  }

  public boolean active() {
    return status == UserStatus.ACTIVE;
  }

  public Optional<PasswordHash> password() {
    return Optional.ofNullable(passwordHash);
  }

  public User withEmailVerifiedAt(Instant at) {
    return new User(id, email, displayName, status, at, passwordHash, createdAt, at);
  }

  public User withPasswordHash(PasswordHash hash, Instant at) {
    return new User(id, email, displayName, status, emailVerifiedAt, hash, createdAt, at);
  }

  public User withStatus(UserStatus newStatus, Instant at) {
    return new User(id, email, displayName, newStatus, emailVerifiedAt, passwordHash, createdAt, at);
  }

  /** The user with a new address, verified at {@code at} (the change was confirmed from that address). */
  public User withVerifiedEmail(Email newEmail, Instant at) {
    return new User(id, newEmail, displayName, status, at, passwordHash, createdAt, at);
  }

  public User withDisplayName(String name, Instant at) {
    return new User(id, email, name, status, emailVerifiedAt, passwordHash, createdAt, at);
  }
}
