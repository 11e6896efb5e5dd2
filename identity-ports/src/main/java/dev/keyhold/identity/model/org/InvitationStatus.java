package dev.keyhold.identity.model.org;

/** Where an invitation stands. Only a pending one can be accepted or revoked. */
public enum InvitationStatus {
  PENDING,
  ACCEPTED,
  REVOKED,
  EXPIRED
}
