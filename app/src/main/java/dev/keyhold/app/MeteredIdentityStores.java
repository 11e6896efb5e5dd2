package dev.keyhold.app;

import dev.keyhold.identity.spi.AuditLog;
import dev.keyhold.identity.spi.EmailChangeRepository;
import dev.keyhold.identity.spi.ExternalIdentityRepository;
import dev.keyhold.identity.spi.IdentityStores;
import dev.keyhold.identity.spi.InvitationRepository;
import dev.keyhold.identity.spi.LinkRequestQueue;
import dev.keyhold.identity.spi.MailOutbox;
import dev.keyhold.identity.spi.MembershipRepository;
import dev.keyhold.identity.spi.OneTimeTokenRepository;
import dev.keyhold.identity.spi.OrganizationRepository;
import dev.keyhold.identity.spi.RecoveryCodeRepository;
import dev.keyhold.identity.spi.RefreshTokenRepository;
import dev.keyhold.identity.spi.RoleRepository;
import dev.keyhold.identity.spi.SigningKeyRepository;
import dev.keyhold.identity.spi.TotpCredentialRepository;
import dev.keyhold.identity.spi.Transactions;
import dev.keyhold.identity.spi.UserRepository;
import dev.keyhold.identity.spi.UserRoleRepository;

/** The wrapped stores, unchanged but for the audit log, which also counts security events ({@link CountingAuditLog}). */
final class MeteredIdentityStores implements IdentityStores {

  private final IdentityStores delegate;
  private final AuditLog auditLog;

  MeteredIdentityStores(IdentityStores delegate, SecurityEventMeters meters) {
    this.delegate = delegate;
    this.auditLog = new CountingAuditLog(delegate.auditLog(), meters);
  }

  @Override
  public AuditLog auditLog() {
    return auditLog;
  }

  @Override
  public Transactions transactions() {
    return delegate.transactions();
  }

  @Override
  public UserRepository users() {
    return delegate.users();
  }

  @Override
  public RefreshTokenRepository refreshTokens() {
    return delegate.refreshTokens();
  }

  @Override
  public OneTimeTokenRepository oneTimeTokens() {
    return delegate.oneTimeTokens();
  }

  @Override
  public EmailChangeRepository emailChanges() {
    return delegate.emailChanges();
  }

  @Override
  public SigningKeyRepository signingKeys() {
    return delegate.signingKeys();
  }

  @Override
  public OrganizationRepository organizations() {
    return delegate.organizations();
  }

  @Override
  public MembershipRepository memberships() {
    return delegate.memberships();
  }

  @Override
  public RoleRepository roles() {
    return delegate.roles();
  }

  @Override
  public UserRoleRepository userRoles() {
    return delegate.userRoles();
  }

  @Override
  public InvitationRepository invitations() {
    return delegate.invitations();
  }

  @Override
  public MailOutbox mailOutbox() {
    return delegate.mailOutbox();
  }

  @Override
  public LinkRequestQueue linkRequests() {
    return delegate.linkRequests();
  }

  @Override
  public ExternalIdentityRepository externalIdentities() {
    return delegate.externalIdentities();
  }

  @Override
  public TotpCredentialRepository totpCredentials() {
    return delegate.totpCredentials();
  }

  @Override
  public RecoveryCodeRepository recoveryCodes() {
    return delegate.recoveryCodes();
  }

  @Override
  public boolean isReady() {
    return delegate.isReady();
  }
}
