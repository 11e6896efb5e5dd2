package dev.keyhold.identity.model.token;

import dev.keyhold.identity.model.user.Email;
import dev.keyhold.identity.model.user.UserId;
import java.time.Instant;
import java.util.Objects;

/**
 * A change of a user's email address that waits for the new address to be confirmed through a mailed link. A user has
 * at most one: a newer request replaces it, and its link stops working.
 *
 * @param hash SHA-256 of the link's token
 * @param userId whose address changes
 * @param newEmail the address asked for
 * @param requestedBy the session that asked, which confirming does not end (the others end); {@code null} when none
 * @param createdAt when it was asked for
 * @param expiresAt after this the link is refused
 */
public record PendingEmailChange(
    TokenHash hash, UserId userId, Email newEmail, SessionId requestedBy, Instant createdAt, Instant expiresAt) {

  public PendingEmailChange {
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(newEmail, "newEmail");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    if (!expiresAt.isAfter(createdAt)) {
      throw new IllegalArgumentException("a pending email change must expire after it is created");
    }
  }
}
