package dev.keyhold.client;

import java.time.Instant;
import java.util.Objects;

/**
 * A member of an organization.
 *
 * @param displayName may be {@code null}
 * @param role the role's name; {@code roleId} its id
 */
public record Member(String userId, String email, String displayName, String role, String roleId, Instant joinedAt) {

  public Member {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(email, "email");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(joinedAt, "joinedAt");
  }
}
