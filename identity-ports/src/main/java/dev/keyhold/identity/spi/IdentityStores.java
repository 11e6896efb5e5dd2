package dev.keyhold.identity.spi;

/**
 * The stores of one deployment, handed to the core as a set so that one adapter module (memory, PostgreSQL)
 * provides them consistently.
 */
public interface IdentityStores {

  UserRepository users();

  RefreshTokenRepository refreshTokens();

  OneTimeTokenRepository oneTimeTokens();

  AuditLog auditLog();

  SigningKeyRepository signingKeys();

  OrganizationRepository organizations();

  MembershipRepository memberships();

  RoleRepository roles();

  UserRoleRepository userRoles();

  InvitationRepository invitations();

  MailOutbox mailOutbox();

  LinkRequestQueue linkRequests();

  TotpCredentialRepository totpCredentials();

  RecoveryCodeRepository recoveryCodes();

  ExternalIdentityRepository externalIdentities();

  EmailChangeRepository emailChanges();

  /**
   * The unit of work over these stores: {@link Transactions#none()} for stores that cannot share a transaction. A
   * wrapper around another set of stores passes its delegate's on, so that its repositories still join the unit.
   */
  Transactions transactions();

  /**
   * Whether the stores can answer now, within a short timeout; used by readiness checks. Never throws.
   */
  boolean isReady();
}
