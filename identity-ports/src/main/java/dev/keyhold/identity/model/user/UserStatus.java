package dev.keyhold.identity.model.user;

/** Whether a user may sign in. A disabled user's login fails like a wrong password. */
public enum UserStatus {
  ACTIVE,
  DISABLED
}
