package dev.keyhold.identity.core.internal.token;

import dev.keyhold.identity.model.access.RoleId;
import dev.keyhold.identity.model.mfa.TotpCredential;
import dev.keyhold.identity.model.token.RefreshSession;
import dev.keyhold.identity.model.token.RefreshToken;
import dev.keyhold.identity.model.token.SessionId;
import dev.keyhold.identity.model.token.TokenHash;
import dev.keyhold.identity.model.user.Email;
import dev.keyhold.identity.model.user.PasswordHash;
import dev.keyhold.identity.model.user.User;
import dev.keyhold.identity.model.user.UserId;
import dev.keyhold.identity.model.user.UserStatus;
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
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The stores every use case works on: the embedder's, except that revoking sessions and deleting users also tell
 * {@link SessionValidity} (after the store has done it), so that access tokens of an ended session stop working on
 * this node at once, and that every change to a user or their authenticator app forgets the profile
 * {@code profiles} remembers of them. Everything else goes straight through.
 */
public final class SessionCheckedStores implements IdentityStores {

  private final IdentityStores stores;
  private final RefreshTokenRepository sessions;
  private final UserRepository users;
  private final TotpCredentialRepository totpCredentials;

  /**
   * @param profiles what the profile read path remembers by user; forgotten whenever the user or their authenticator
   *     app changes here
   */
  public SessionCheckedStores(IdentityStores stores, SessionValidity validity, RecentReads<UserId, ?> profiles) {
    this.stores = stores;
    this.sessions = new Sessions(stores.refreshTokens(), validity);
    this.users = new Users(stores.users(), validity, profiles);
    this.totpCredentials = new TotpCredentials(stores.totpCredentials(), profiles);
  }

  @Override
  public UserRepository users() {
    return users;
  }

  @Override
  public RefreshTokenRepository refreshTokens() {
    return sessions;
  }

  @Override
  public OneTimeTokenRepository oneTimeTokens() {
    return stores.oneTimeTokens();
  }

  @Override
  public AuditLog auditLog() {
    return stores.auditLog();
  }

  @Override
  public SigningKeyRepository signingKeys() {
    return stores.signingKeys();
  }

  @Override
  public OrganizationRepository organizations() {
    return stores.organizations();
  }

  @Override
  public MembershipRepository memberships() {
    return stores.memberships();
  }

  @Override
  public RoleRepository roles() {
    return stores.roles();
  }

  @Override
  public UserRoleRepository userRoles() {
    return stores.userRoles();
  }

  @Override
  public InvitationRepository invitations() {
    return stores.invitations();
  }

  @Override
  public MailOutbox mailOutbox() {
    return stores.mailOutbox();
  }

  @Override
  public LinkRequestQueue linkRequests() {
    return stores.linkRequests();
  }

  @Override
  public TotpCredentialRepository totpCredentials() {
    return totpCredentials;
  }

  @Override
  public RecoveryCodeRepository recoveryCodes() {
    return stores.recoveryCodes();
  }

  @Override
  public ExternalIdentityRepository externalIdentities() {
    return stores.externalIdentities();
  }

  @Override
  public EmailChangeRepository emailChanges() {
    return stores.emailChanges();
  }

  @Override
  public Transactions transactions() {
    return stores.transactions();
  }

  @Override
  public boolean isReady() {
    return stores.isReady();
  }

  /** Sessions; revocations forget what {@link SessionValidity} remembers. */
  private static final class Sessions implements RefreshTokenRepository {
    private final RefreshTokenRepository delegate;
    private final SessionValidity validity;

    Sessions(RefreshTokenRepository delegate, SessionValidity validity) {
      this.delegate = delegate;
      this.validity = validity;
    }

    @Override
    public void startSession(RefreshSession session, RefreshToken first) {
      delegate.startSession(session, first);
    }

    @Override
    public Optional<RefreshToken> findTokenByHash(TokenHash hash) {
      return delegate.findTokenByHash(hash);
    }

    @Override
    public Optional<RefreshSession> findSession(SessionId id) {
      return delegate.findSession(id);
    }

    @Override
    public Optional<Presented> findTokenWithSession(TokenHash hash) {
      return delegate.findTokenWithSession(hash);
    }

    @Override
    public boolean rotate(UUID usedTokenId, RefreshToken replacement, Instant now) {
      return delegate.rotate(usedTokenId, replacement, now);
    }

    @Override
    public boolean replaceSuccessor(RefreshToken retried, RefreshToken replacement, Instant now) {
      return delegate.replaceSuccessor(retried, replacement, now);
    }

    @Override
    public boolean revokeSession(SessionId id, Instant now) {
      try {
        return delegate.revokeSession(id, now);
      } finally {
        validity.forget(id);
      }
    }

    @Override
    public int revokeAllSessions(UserId userId, Instant now) {
      try {
        return delegate.revokeAllSessions(userId, now);
      } finally {
        validity.forgetUser(userId);
      }
    }

    @Override
    public List<RefreshSession> findActiveSessions(UserId userId, Instant now) {
      return delegate.findActiveSessions(userId, now);
    }

    @Override
    public Map<SessionId, Instant> lastTokenIssuedAt(UserId userId) {
      return delegate.lastTokenIssuedAt(userId);
    }
  }

  /**
   * Users; deleting one (which deletes their sessions) forgets what {@link SessionValidity} remembers of them, and
   * every change forgets their remembered profile.
   */
  private static final class Users implements UserRepository {
    private final UserRepository delegate;
    private final SessionValidity validity;
    private final RecentReads<UserId, ?> profiles;

    Users(UserRepository delegate, SessionValidity validity, RecentReads<UserId, ?> profiles) {
      this.delegate = delegate;
      this.validity = validity;
      this.profiles = profiles;
    }

    @Override
    public void insert(User user) {
      delegate.insert(user);
    }

    @Override
    public Optional<User> findById(UserId id) {
      return delegate.findById(id);
    }

    @Override
    public Optional<User> findByEmail(Email email) {
      return delegate.findByEmail(email);
    }

    @Override
    public boolean markEmailVerified(UserId id, Instant at) {
      return forgetting(profiles, id, () -> delegate.markEmailVerified(id, at));
    }

    @Override
    public boolean updatePasswordHash(UserId id, PasswordHash hash, Instant at) {
      return forgetting(profiles, id, () -> delegate.updatePasswordHash(id, hash, at));
    }

    @Override
    public List<User> search(String emailPrefix, UserStatus status, Position after, int limit) {
      return delegate.search(emailPrefix, status, after, limit);
    }

    @Override
    public List<User> search(String emailPrefix, String displayNamePrefix, UserStatus status, Position after,
        int limit) {
      return delegate.search(emailPrefix, displayNamePrefix, status, after, limit);
    }

    @Override
    public boolean updateStatus(UserId id, UserStatus status, Instant at) {
      return forgetting(profiles, id, () -> delegate.updateStatus(id, status, at));
    }

    @Override
    public boolean updateDisplayName(UserId id, String displayName, Instant at) {
      return forgetting(profiles, id, () -> delegate.updateDisplayName(id, displayName, at));
    }

    @Override
    public boolean updateEmail(UserId id, Email email, Instant at) {
      return forgetting(profiles, id, () -> delegate.updateEmail(id, email, at));
    }

    @Override
    public boolean delete(UserId id) {
      try {
        return delegate.delete(id);
      } finally {
        validity.forgetUser(id);
        profiles.forget(id);
      }
    }

    @Override
    public Deletion delete(UserId id, RoleId ownerRole) {
      try {
        return delegate.delete(id, ownerRole);
      } finally {
        validity.forgetUser(id);
        profiles.forget(id);
      }
    }
  }

  /** Authenticator apps; every change to one forgets the remembered profile of its user (which says whether it is on). */
  private static final class TotpCredentials implements TotpCredentialRepository {
    private final TotpCredentialRepository delegate;
    private final RecentReads<UserId, ?> profiles;

    TotpCredentials(TotpCredentialRepository delegate, RecentReads<UserId, ?> profiles) {
      this.delegate = delegate;
      this.profiles = profiles;
    }

    @Override
    public boolean savePending(TotpCredential pending) {
      try {
        return delegate.savePending(pending);
      } finally {
        profiles.forget(pending.userId());
      }
    }

    @Override
    public Optional<TotpCredential> find(UserId userId) {
      return delegate.find(userId);
    }

    @Override
    public boolean confirm(UserId userId, long step, Instant at) {
      return forgetting(profiles, userId, () -> delegate.confirm(userId, step, at));
    }

    @Override
    public boolean useStep(UserId userId, long step) {
      return delegate.useStep(userId, step);
    }

    @Override
    public boolean delete(UserId userId) {
      return forgetting(profiles, userId, () -> delegate.delete(userId));
    }

    @Override
    public List<TotpCredential> findPage(UserId after, int limit) {
      return delegate.findPage(after, limit);
    }

    @Override
    public boolean replaceSealedSecret(UserId userId, String expectedSealed, String sealed) {
      return delegate.replaceSealedSecret(userId, expectedSealed, sealed);
    }
  }

  /** Runs a store change, then forgets {@code userId}'s remembered profile, whether the change threw or not. */
  private static <T> T forgetting(RecentReads<UserId, ?> profiles, UserId userId, Supplier<T> change) {
    try {
      return change.get();
    } finally {
      profiles.forget(userId);
    }
  }
}
