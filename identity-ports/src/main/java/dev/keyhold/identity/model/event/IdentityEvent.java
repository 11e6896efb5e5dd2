package dev.keyhold.identity.model.event;

import dev.keyhold.identity.model.token.SessionId;
import dev.keyhold.identity.model.user.UserId;
import java.time.Instant;

/**
 * Something that happened, published to every registered {@code IdentityEventListener} after the change is stored.
 * Events never carry a secret.
 */
public sealed interface IdentityEvent {

  /** When it happened. */
  Instant at();

  /** The user it is about. */
  UserId userId();

  /** A new account was created. */
  record UserRegistered(UserId userId, String email, Instant at) implements IdentityEvent {}

  /** The user proved control of their email address. */
  record EmailVerified(UserId userId, String email, Instant at) implements IdentityEvent {}

  /** The user signed in and a session started. */
  record SessionStarted(UserId userId, SessionId sessionId, Instant at) implements IdentityEvent {}

  /** A session ended by logout or revocation. */
  record SessionRevoked(UserId userId, SessionId sessionId, Instant at) implements IdentityEvent {}

  /** A rotated refresh token was presented again; its session was revoked. */
  record RefreshTokenReused(UserId userId, SessionId sessionId, Instant at) implements IdentityEvent {}
}
