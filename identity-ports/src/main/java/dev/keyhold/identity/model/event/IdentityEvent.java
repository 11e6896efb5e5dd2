package dev.keyhold.identity.model.event;

import dev.keyhold.identity.model.access.OrgId;
import dev.keyhold.identity.model.org.InvitationId;
import dev.keyhold.identity.model.token.SessionId;
import dev.keyhold.identity.model.user.UserId;
import java.time.Instant;
import java.util.UUID;

/**
 * Something that happened, published to every registered {@code IdentityEventListener} after the change is stored.
 * Events never carry a secret. Each has its own {@link #id()}: a listener told twice about one event (delivery is at
 * least once) recognizes it by that.
 *
 * <p>Every record has a constructor without the id, which draws a random one; Keyhold uses it.
 */
public sealed interface IdentityEvent {

  /** This event's identity, the same on every delivery of it. */
  UUID id();

  /** When it happened. */
  Instant at();

  /** The user it is about: the account's owner, the member, the target of an administrator's action. */
  UserId userId();

  /** Its type as receivers see it, such as {@code user.registered}: stable, lower case, dotted. */
  default String type() {
    return EventTypes.of(this);
  }

  /** Every {@link #type()} there is, for example to check a subscription's filter against. */
  static java.util.Set<String> types() {
    return java.util.Set.copyOf(EventTypes.all());
  }

  // accounts

  /** A new account was created (by sign-up, by an administrator, or by a first sign-in through a provider). */
  record UserRegistered(UUID id, UserId userId, String email, Instant at) implements IdentityEvent {
    public UserRegistered(UserId userId, String email, Instant at) {
      this(UUID.randomUUID(), userId, email, at);
    }
  }

  /** The user proved control of their email address. */
  record EmailVerified(UUID id, UserId userId, String email, Instant at) implements IdentityEvent {
    public EmailVerified(UserId userId, String email, Instant at) {
      this(UUID.randomUUID(), userId, email, at);
    }
  }

  /** The user's address changed to {@code email}, confirmed from it. */
  record EmailChanged(UUID id, UserId userId, String email, Instant at) implements IdentityEvent {
    public EmailChanged(UserId userId, String email, Instant at) {
      this(UUID.randomUUID(), userId, email, at);
    }
  }

  /** The user's password was changed by them, or set through a reset link. */
  record PasswordChanged(UUID id, UserId userId, boolean byReset, Instant at) implements IdentityEvent {
    public PasswordChanged(UserId userId, boolean byReset, Instant at) {
      this(UUID.randomUUID(), userId, byReset, at);
    }
  }

  /** The user's profile changed. */
  record ProfileUpdated(UUID id, UserId userId, Instant at) implements IdentityEvent {
    public ProfileUpdated(UserId userId, Instant at) {
      this(UUID.randomUUID(), userId, at);
    }
  }

  /** Two-factor sign-in was turned on ({@code enabled}) or off for the user (by them or an administrator). */
  record TwoFactorChanged(UUID id, UserId userId, boolean enabled, Instant at) implements IdentityEvent {
    public TwoFactorChanged(UserId userId, boolean enabled, Instant at) {
      this(UUID.randomUUID(), userId, enabled, at);
    }
  }

  /** The account was deleted, by its owner or an administrator ({@code actorId}). */
  record UserDeleted(UUID id, UserId userId, UserId actorId, Instant at) implements IdentityEvent {
    public UserDeleted(UserId userId, UserId actorId, Instant at) {
      this(UUID.randomUUID(), userId, actorId, at);
    }
  }

  // sessions

  /** The user signed in and a session started. */
  record SessionStarted(UUID id, UserId userId, SessionId sessionId, Instant at) implements IdentityEvent {
    public SessionStarted(UserId userId, SessionId sessionId, Instant at) {
      this(UUID.randomUUID(), userId, sessionId, at);
    }
  }

  /** A session ended by logout or revocation. */
  record SessionRevoked(UUID id, UserId userId, SessionId sessionId, Instant at) implements IdentityEvent {
    public SessionRevoked(UserId userId, SessionId sessionId, Instant at) {
      this(UUID.randomUUID(), userId, sessionId, at);
    }
  }

  /** A rotated refresh token was presented again; its session was revoked. */
  record RefreshTokenReused(UUID id, UserId userId, SessionId sessionId, Instant at) implements IdentityEvent {
    public RefreshTokenReused(UserId userId, SessionId sessionId, Instant at) {
      this(UUID.randomUUID(), userId, sessionId, at);
    }
  }

  // organizations, invitations, memberships, roles

  /** An organization was created; {@code userId} is its first owner. */
  record OrganizationCreated(UUID id, OrgId orgId, UserId userId, String slug, Instant at) implements IdentityEvent {
    public OrganizationCreated(OrgId orgId, UserId userId, String slug, Instant at) {
      this(UUID.randomUUID(), orgId, userId, slug, at);
    }
  }

  /** An organization's name, slug or settings changed; {@code userId} changed them. */
  record OrganizationUpdated(UUID id, OrgId orgId, UserId userId, Instant at) implements IdentityEvent {
    public OrganizationUpdated(OrgId orgId, UserId userId, Instant at) {
      this(UUID.randomUUID(), orgId, userId, at);
    }
  }

  /** An organization was deleted with its memberships; {@code userId} deleted it. */
  record OrganizationDeleted(UUID id, OrgId orgId, UserId userId, Instant at) implements IdentityEvent {
    public OrganizationDeleted(OrgId orgId, UserId userId, Instant at) {
      this(UUID.randomUUID(), orgId, userId, at);
    }
  }

  /** {@code userId} was invited to the organization by {@code invitedBy}, with {@code role}. */
  record InvitationCreated(UUID id, OrgId orgId, InvitationId invitationId, UserId userId, String email, String role,
      Instant at) implements IdentityEvent {
    public InvitationCreated(OrgId orgId, InvitationId invitationId, UserId invitedBy, String email, String role,
        Instant at) {
      this(UUID.randomUUID(), orgId, invitationId, invitedBy, email, role, at);
    }
  }

  /** An invitation was withdrawn; {@code userId} withdrew it. */
  record InvitationRevoked(UUID id, OrgId orgId, InvitationId invitationId, UserId userId, Instant at)
      implements IdentityEvent {
    public InvitationRevoked(OrgId orgId, InvitationId invitationId, UserId userId, Instant at) {
      this(UUID.randomUUID(), orgId, invitationId, userId, at);
    }
  }

  /** {@code userId} joined the organization with {@code role}, by accepting an invitation. */
  record MemberJoined(UUID id, OrgId orgId, UserId userId, String role, Instant at) implements IdentityEvent {
    public MemberJoined(OrgId orgId, UserId userId, String role, Instant at) {
      this(UUID.randomUUID(), orgId, userId, role, at);
    }
  }

  /** A member's role changed to {@code role}, by {@code actorId} (a transfer of ownership makes two of these). */
  record MemberRoleChanged(UUID id, OrgId orgId, UserId userId, String role, UserId actorId, Instant at)
      implements IdentityEvent {
    public MemberRoleChanged(OrgId orgId, UserId userId, String role, UserId actorId, Instant at) {
      this(UUID.randomUUID(), orgId, userId, role, actorId, at);
    }
  }

  /** A member left ({@code actorId} is themselves) or was removed. */
  record MemberRemoved(UUID id, OrgId orgId, UserId userId, UserId actorId, Instant at) implements IdentityEvent {
    public MemberRemoved(OrgId orgId, UserId userId, UserId actorId, Instant at) {
      this(UUID.randomUUID(), orgId, userId, actorId, at);
    }
  }

  /** A role was created: an organization's ({@code orgId}) or a global one ({@code orgId} null), by {@code userId}. */
  record RoleCreated(UUID id, OrgId orgId, String role, UserId userId, Instant at) implements IdentityEvent {
    public RoleCreated(OrgId orgId, String role, UserId userId, Instant at) {
      this(UUID.randomUUID(), orgId, role, userId, at);
    }
  }

  // platform administration

  /** A global role was granted to {@code userId} ({@code granted}) or revoked, by {@code actorId}. */
  record GlobalRoleChanged(UUID id, UserId userId, String role, boolean granted, UserId actorId, Instant at)
      implements IdentityEvent {
    public GlobalRoleChanged(UserId userId, String role, boolean granted, UserId actorId, Instant at) {
      this(UUID.randomUUID(), userId, role, granted, actorId, at);
    }
  }

  /** An administrator ({@code actorId}) disabled the user ({@code enabled} false) or enabled them again. */
  record UserStatusChanged(UUID id, UserId userId, boolean enabled, UserId actorId, Instant at)
      implements IdentityEvent {
    public UserStatusChanged(UserId userId, boolean enabled, UserId actorId, Instant at) {
      this(UUID.randomUUID(), userId, enabled, actorId, at);
    }
  }
}
