package dev.keyhold.adapter.memory;

import dev.keyhold.identity.model.access.RoleId;
import dev.keyhold.identity.model.audit.AuditEvent;
import dev.keyhold.identity.model.user.User;
import dev.keyhold.identity.spi.AuditLog;
import dev.keyhold.identity.spi.EmailChangeRepository;
import dev.keyhold.identity.spi.ExternalIdentityRepository;
import dev.keyhold.identity.spi.IdentityStores;
import dev.keyhold.identity.spi.InvitationRepository;
import dev.keyhold.identity.spi.LinkRequestQueue;
import dev.keyhold.identity.spi.MailOutbox;
import dev.keyhold.identity.spi.Mailer;
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
import java.util.List;
import java.util.Objects;

/**
 * Thread-safe in-memory stores for one JVM: the embedded default where nothing must survive a restart, and verified
 * fakes for tests (they pass the same contract suites as the database adapters). Everything is lost when the
 * instance is garbage collected; several nodes cannot share it. Organizations, memberships, roles and invitations
 * share one {@link MemoryOrgData}, so changes spanning them are atomic; the built-in roles are there from the start.
 * One-time tokens and invitations enqueue their mail in this instance's {@link #mailOutbox()}.
 */
public final class MemoryStores implements IdentityStores {

  private final UserRepository users;
  private final RefreshTokenRepository refreshTokens;
  private final MemoryMailOutbox mailOutbox = new MemoryMailOutbox();
  private final LinkRequestQueue linkRequests;
  private final MemoryOneTimeTokenRepository oneTimeTokens = new MemoryOneTimeTokenRepository(mailOutbox);
  private final MemoryEmailChangeRepository emailChanges = new MemoryEmailChangeRepository(mailOutbox);
  private final AuditLog auditLog;
  private final MemoryAuditLog memoryAuditLog;
  private final SigningKeyRepository signingKeys;
  private final MemoryOrgData orgData = new MemoryOrgData();
  private final MemoryOrganizationRepository organizations = new MemoryOrganizationRepository(orgData);
  private final MemoryMembershipRepository memberships = new MemoryMembershipRepository(orgData);
  private final MemoryRoleRepository roles = new MemoryRoleRepository(orgData);
  private final MemoryInvitationRepository invitations = new MemoryInvitationRepository(orgData, mailOutbox);
  private final UserRoleRepository userRoles;
  private final ExternalIdentityRepository externalIdentities;
  private final TotpCredentialRepository totpCredentials;
  private final RecoveryCodeRepository recoveryCodes;

  private MemoryStores(Builder builder) {
    this.users = builder.users != null ? builder.users : new MemoryUserRepository();
    this.refreshTokens = builder.refreshTokens != null ? builder.refreshTokens : new MemoryRefreshTokenRepository();
    this.linkRequests = builder.linkRequests != null ? builder.linkRequests : new MemoryLinkRequestQueue();
    this.memoryAuditLog = builder.auditLog != null ? null : new MemoryAuditLog();
    this.auditLog = builder.auditLog != null ? builder.auditLog : memoryAuditLog;
    this.signingKeys = builder.signingKeys != null ? builder.signingKeys : new MemorySigningKeyRepository();
    this.userRoles = builder.userRoles != null ? builder.userRoles : new MemoryUserRoleRepository();
    this.totpCredentials =
        builder.totpCredentials != null ? builder.totpCredentials : new MemoryTotpCredentialRepository();
    this.recoveryCodes = builder.recoveryCodes != null ? builder.recoveryCodes : new MemoryRecoveryCodeRepository();
    this.externalIdentities =
        builder.externalIdentities != null ? builder.externalIdentities : new MemoryExternalIdentityRepository();
    if (users instanceof MemoryUserRepository memoryUsers) {
      memoryUsers.onDelete(this::cascadeDeletion);
    }
  }

  /**
   * What {@code ON DELETE CASCADE} does in PostgreSQL, for the memory repositories these stores made: a deleted
   * user's sessions, tokens, memberships, roles, second factors, links and the invitations addressed to them go too,
   * unless the user is the only owner of an organization (nothing goes then, and it answers false).
   * Repositories the embedder supplied are theirs to clean.
   */
  private boolean cascadeDeletion(User user, RoleId ownerRole) {
    if (!orgData.purgeUnlessLastOwner(user.id(), user.email().normalized(), ownerRole)) {
      return false;
    }
    oneTimeTokens.purge(user.id());
    emailChanges.purge(user.id());
    if (refreshTokens instanceof MemoryRefreshTokenRepository memory) {
      memory.purge(user.id());
    }
    if (userRoles instanceof MemoryUserRoleRepository memory) {
      memory.purge(user.id());
    }
    if (totpCredentials instanceof MemoryTotpCredentialRepository memory) {
      memory.purge(user.id());
    }
    if (recoveryCodes instanceof MemoryRecoveryCodeRepository memory) {
      memory.purge(user.id());
    }
    if (externalIdentities instanceof MemoryExternalIdentityRepository memory) {
      memory.purge(user.id());
    }
    return true;
  }

  /** New, empty stores. */
  public static MemoryStores create() {
    return builder().build();
  }

  /**
   * Memory stores with some of their repositories replaced by the embedder's own, for example a user repository
   * over an existing user table: {@code MemoryStores.builder().users(myRepository).build()}. Every repository not
   * given is a new, empty memory one.
   */
  public static Builder builder() {
    return new Builder();
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
  public EmailChangeRepository emailChanges() {
    return emailChanges;
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

  @Override
  public ExternalIdentityRepository externalIdentities() {
    return externalIdentities;
  }

  @Override
  public TotpCredentialRepository totpCredentials() {
    return totpCredentials;
  }

  @Override
  public RecoveryCodeRepository recoveryCodes() {
    return recoveryCodes;
  }

  /** None: memory stores cannot roll back, and never fail halfway for want of a store. */
  @Override
  public Transactions transactions() {
    return Transactions.none();
  }

  /** Always true: memory is always there. Replacements given to the {@link Builder} are not asked. */
  @Override
  public boolean isReady() {
    return true;
  }

  /**
   * A snapshot of every audit event appended to {@link #auditLog()} so far, in append order.
   *
   * @throws IllegalStateException when the builder was given another audit log, which this cannot read
   */
  public List<AuditEvent> auditEvents() {
    if (memoryAuditLog == null) {
      throw new IllegalStateException("the audit log is not a memory one: read the log given to the builder");
    }
    return memoryAuditLog.events();
  }

  /** A snapshot of every message enqueued in {@link #mailOutbox()} so far, sent or not, in enqueue order. */
  public List<Mailer.Message> outboxMessages() {
    return mailOutbox.messages();
  }

  /**
   * Chooses which repositories of the new {@link MemoryStores} are the embedder's own. Each replacement must pass its
   * port's contract suite in identity-testkit ({@code UserRepositoryContract}, ...). Only the ports that share no
   * state with another memory store can be replaced: the organization, membership, role and invitation repositories
   * change together atomically, and one-time tokens and invitations queue their mail in the memory outbox in the same
   * step, so those stay in memory (replace the whole {@code IdentityStores} to move them).
   */
  public static final class Builder {

    private UserRepository users;
    private RefreshTokenRepository refreshTokens;
    private LinkRequestQueue linkRequests;
    private AuditLog auditLog;
    private SigningKeyRepository signingKeys;
    private UserRoleRepository userRoles;
    private TotpCredentialRepository totpCredentials;
    private RecoveryCodeRepository recoveryCodes;
    private ExternalIdentityRepository externalIdentities;

    private Builder() {}

    /** Users live in {@code value} instead of memory. */
    public Builder users(UserRepository value) {
      this.users = Objects.requireNonNull(value, "users");
      return this;
    }

    /** Sessions and refresh tokens live in {@code value} instead of memory. */
    public Builder refreshTokens(RefreshTokenRepository value) {
      this.refreshTokens = Objects.requireNonNull(value, "refreshTokens");
      return this;
    }

    /** Password-reset and verification-resend requests wait in {@code value} instead of memory. */
    public Builder linkRequests(LinkRequestQueue value) {
      this.linkRequests = Objects.requireNonNull(value, "linkRequests");
      return this;
    }

    /** Audit events go to {@code value} instead of memory; {@link MemoryStores#auditEvents()} then throws. */
    public Builder auditLog(AuditLog value) {
      this.auditLog = Objects.requireNonNull(value, "auditLog");
      return this;
    }

    /** Signing keys live in {@code value} instead of memory. */
    public Builder signingKeys(SigningKeyRepository value) {
      this.signingKeys = Objects.requireNonNull(value, "signingKeys");
      return this;
    }

    /** Global role grants live in {@code value} instead of memory. */
    public Builder userRoles(UserRoleRepository value) {
      this.userRoles = Objects.requireNonNull(value, "userRoles");
      return this;
    }

    /** TOTP authenticators live in {@code value} instead of memory. */
    public Builder totpCredentials(TotpCredentialRepository value) {
      this.totpCredentials = Objects.requireNonNull(value, "totpCredentials");
      return this;
    }

    /** Recovery codes live in {@code value} instead of memory. */
    public Builder recoveryCodes(RecoveryCodeRepository value) {
      this.recoveryCodes = Objects.requireNonNull(value, "recoveryCodes");
      return this;
    }

    /** Links to accounts at external providers live in {@code value} instead of memory. */
    public Builder externalIdentities(ExternalIdentityRepository value) {
      this.externalIdentities = Objects.requireNonNull(value, "externalIdentities");
      return this;
    }

    /** New stores: the replacements given, and new, empty memory stores for the rest. */
    public MemoryStores build() {
      return new MemoryStores(this);
    }
  }
}
