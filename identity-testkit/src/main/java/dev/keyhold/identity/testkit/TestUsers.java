package dev.keyhold.identity.testkit;

import dev.keyhold.identity.model.user.Email;
import dev.keyhold.identity.model.user.PasswordHash;
import dev.keyhold.identity.model.user.User;
import dev.keyhold.identity.model.user.UserId;
import dev.keyhold.identity.model.user.UserStatus;
import java.util.UUID;

/** Users for tests: each call returns a user with a fresh id. */
public final class TestUsers {

  /** A well-formed Argon2id hash string; stores treat it as opaque text. */
  public static final PasswordHash PASSWORD_HASH =
      new PasswordHash("$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$qHf0qR4uEJmS2H8W5dJ5Cg");

  private TestUsers() {}

  /** An active, unverified user with a password and a unique address, registered at {@link TestTimes#T0}. */
  public static User newUser() {
    return withEmail("user-" + UUID.randomUUID() + "@example.io");
  }

  /** An active, unverified user with a password and the given address (parsed as typed), registered at T0. */
  public static User withEmail(String email) {
    return withId(newId(), email);
  }

  /** Like {@link #withEmail}, with the given id (for tests that depend on the order of ids, see {@link TestIds}). */
  public static User withId(UserId id, String email) {
    return User.registered(id, Email.parse(email), null, PASSWORD_HASH, TestTimes.T0);
  }

  /**
   * A user with every field set to a value different from its default: a mixed-case address, a display name with
   * non-ASCII letters, disabled, verified, and distinct microsecond timestamps.
   */
  public static User fullyPopulated() {
    return new User(
        newId(),
        Email.parse("Ada.Lovelace+" + UUID.randomUUID() + "@Example.IO"),
        "Ada Lovelace \u00e9\u00df",
        UserStatus.DISABLED,
        TestTimes.T0.plusSeconds(60),
        new PasswordHash("$argon2id$v=19$m=65536,t=3,p=4$YW5vdGhlcnNhbHQ$bm90LWEtcmVhbC1oYXNo"),
        TestTimes.T0,
        TestTimes.T0.plusSeconds(120));
  }

  /** A user with only the required fields: no display name, no verified address, no password (external login). */
  public static User minimal() {
    return new User(
        newId(),
        Email.parse("minimal-" + UUID.randomUUID() + "@example.io"),
        null,
        UserStatus.ACTIVE,
        null,
        null,
        TestTimes.T0,
        TestTimes.T0);
  }

  /** A fresh random user id. */
  public static UserId newId() {
    return new UserId(UUID.randomUUID());
  }
}
