package dev.keyhold.identity.model.access;

/** Where a role applies: to the whole platform, or within one organization. */
public enum RoleKind {
  /** Granted to a user directly; carries platform scopes such as {@code users:read}. */
  GLOBAL,
  /** Held through a membership; carries organization scopes such as {@code members:write}. */
  ORGANIZATION
}
