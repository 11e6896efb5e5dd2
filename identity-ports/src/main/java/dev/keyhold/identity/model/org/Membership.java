package dev.keyhold.identity.model.org;

import dev.keyhold.identity.model.access.OrgId;
import dev.keyhold.identity.model.access.RoleId;
import dev.keyhold.identity.model.user.UserId;
import java.time.Instant;
import java.util.Objects;

/** A user's place in an organization: exactly one role per (organization, user). */
public record Membership(OrgId orgId, UserId userId, RoleId roleId, Instant createdAt, Instant updatedAt) {
  public Membership {
    Objects.requireNonNull(orgId, "orgId");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(roleId, "roleId");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }
}
