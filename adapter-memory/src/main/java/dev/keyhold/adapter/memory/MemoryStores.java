package dev.keyhold.adapter.memory;

import dev.keyhold.identity.model.audit.AuditEvent;
import dev.keyhold.identity.spi.AuditLog;
import dev.keyhold.identity.spi.IdentityStores;
import dev.keyhold.identity.spi.InvitationRepository;
import dev.keyhold.identity.spi.LinkRequestQueue;
import dev.keyhold.identity.spi.MailOutbox;
import dev.keyhold.identity.spi.Mailer;
import dev.keyhold.identity.spi.MembershipRepository;
import dev.keyhold.identity.spi.OneTimeTokenRepository;
import dev.keyhold.identity.spi.OrganizationRepository;
import dev.keyhold.identity.spi.RefreshTokenRepository;
import dev.keyhold.identity.spi.RoleRepository;
import dev.keyhold.identity.spi.SigningKeyRepository;
import dev.keyhold.identity.spi.UserRepository;
import dev.keyhold.identity.spi.UserRoleRepository;
import java.util.List;

/**
 * Thread-safe in-memory stores for one JVM: the embedded default where nothing must survive a restart, and verified
 * fakes for tests (they pass the same contract suites as the database adapters). Everything is lost when the
 * instance is garbage collected; several nodes cannot share it. Organizations, memberships, roles and invitations
 * share one {@link MemoryOrgData}, so changes spanning them are atomic; the built-in roles are there from the start.
 * One-time tokens and invitations enqueue their mail in this instance's {@link #mailOutbox()}.
 */
public final class MemoryStores implements IdentityStores {

  private final MemoryUserRepository users = new MemoryUserRepository();
  private final MemoryRefreshTokenRepository refreshTokens = new MemoryRefreshTokenRepository();
  private final MemoryMailOutbox mailOutbox = new MemoryMailOutbox();
  private final MemoryLinkRequestQueue linkRequests = new MemoryLinkRequestQueue();
  private final MemoryOneTimeTokenRepository oneTimeTokens = new MemoryOneTimeTokenRepository(mailOutbox);
  private final MemoryAuditLog auditLog = new MemoryAuditLog();
  private final MemorySigningKeyRepository signingKeys = new MemorySigningKeyRepository();
  private final MemoryOrgData orgData = new MemoryOrgData();
  private final MemoryOrganizationRepository organizations = new MemoryOrganizationRepository(orgData);
  private final MemoryMembershipRepository memberships = new MemoryMembershipRepository(orgData);
  private final MemoryRoleRepository roles = new MemoryRoleRepository(orgData);
  private final MemoryInvitationRepository invitations = new MemoryInvitationRepository(orgData, mailOutbox);
  private final MemoryUserRoleRepository userRoles = new MemoryUserRoleRepository();

  private MemoryStores() {}

  /** New, empty stores. */
  public static MemoryStores create() {
    return new MemoryStores();
  }

  @Override
  public UserRepository users() {
    return users;
  }

  @Override
  public RefreshTokenRepository refreshTokens() {
    return refreshTokens;
  }

  @Override
  public OneTimeTokenRepository oneTimeTokens() {
    return oneTimeTokens;
  }

  @Override
  public AuditLog auditLog() {
    return auditLog;
  }

  @Override
  public SigningKeyRepository signingKeys() {
    return signingKeys;
  }

  @Override
  public OrganizationRepository organizations() {
    return organizations;
  }

  @Override
  public MembershipRepository memberships() {
    return memberships;
  }

  @Override
  public RoleRepository roles() {
    return roles;
  }

  @Override
  public UserRoleRepository userRoles() {
    return userRoles;
  }

  @Override
  public InvitationRepository invitations() {
    return invitations;
  }

  @Override
  public MailOutbox mailOutbox() {
    return mailOutbox;
  }

  @Override
  public LinkRequestQueue linkRequests() {
    return linkRequests;
  }

  /** Always true: memory is always there. */
  @Override
  public boolean isReady() {
    return true;
  }

  /** A snapshot of every audit event appended to {@link #auditLog()} so far, in append order. */
  public List<AuditEvent> auditEvents() {
    return auditLog.events();
  }

  /** A snapshot of every message enqueued in {@link #mailOutbox()} so far, sent or not, in enqueue order. */
  public List<Mailer.Message> outboxMessages() {
    return mailOutbox.messages();
  }
}
