package dev.keyhold.client;

import java.time.Instant;
import java.util.Objects;

/**
 * An invitation to an organization. Its secret token is never here: it travels only in the mailed link, and the
 * invitee passes it to {@link KeyholdClient#acceptInvitation(String, String)}.
 *
 * @param invitedBy the inviting user's id
 * @param status {@code pending}, {@code accepted}, {@code revoked} or {@code expired}
 */
public record Invitation(String id, String email, String role, String roleId, String invitedBy, Instant createdAt,
    Instant expiresAt, String status) {

  public Invitation {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(email, "email");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(status, "status");
  }
}
