package dev.keyhold.adapter.memory;

import dev.keyhold.identity.model.token.RefreshSession;
import dev.keyhold.identity.model.token.RefreshToken;
import dev.keyhold.identity.model.token.SessionId;
import dev.keyhold.identity.model.token.TokenHash;
import dev.keyhold.identity.model.user.UserId;
import dev.keyhold.identity.spi.RefreshTokenRepository;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Sessions and refresh tokens in maps guarded by one lock, so that starting a session and rotating a token are each
 * one atomic step. Like the database's unique constraints, it refuses a second session with the same id and a
 * second token with the same id or hash.
 */
final class MemoryRefreshTokenRepository implements RefreshTokenRepository {

  private static final Comparator<RefreshSession> NEWEST_FIRST =
      Comparator.comparing(RefreshSession::createdAt).reversed()
          .thenComparing(session -> session.id().value());

  private final Object lock = new Object();
  private final Map<SessionId, RefreshSession> sessions = new HashMap<>();
  private final Map<UUID, RefreshToken> tokensById = new HashMap<>();
  private final Map<TokenHash, UUID> tokenIdByHash = new HashMap<>();
  /** Each token's successor: the token its rotation stored. */
  private final Map<UUID, UUID> successorById = new HashMap<>();

  @Override
  public void startSession(RefreshSession session, RefreshToken first) {
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(first, "first");
    if (!first.sessionId().equals(session.id()) || !first.userId().equals(session.userId())) {
      throw new IllegalArgumentException("the first token does not belong to the session");
    }
    synchronized (lock) {
      if (sessions.containsKey(session.id())) {
        throw new IllegalStateException("a session with id " + session.id() + " exists");
      }
      requireNewToken(first);
      sessions.put(session.id(), session);
      putToken(first);
    }
  }

  @Override
  public Optional<RefreshToken> findTokenByHash(TokenHash hash) {
    synchronized (lock) {
      return Optional.ofNullable(tokenIdByHash.get(hash)).map(tokensById::get);
    }
  }

  @Override
  public Optional<RefreshSession> findSession(SessionId id) {
    synchronized (lock) {
      return Optional.ofNullable(sessions.get(id));
    }
  }

  @Override
  public boolean rotate(UUID usedTokenId, RefreshToken replacement, Instant now) {
    Objects.requireNonNull(replacement, "replacement");
    Objects.requireNonNull(now, "now");
    synchronized (lock) {
      RefreshToken used = tokensById.get(usedTokenId);
      if (used == null || used.used()) {
        return false;
      }
      requireNewToken(replacement);
      putToken(new RefreshToken(used.id(), used.sessionId(), used.userId(), used.hash(), used.issuedAt(), now));
      putToken(replacement);
      successorById.put(used.id(), replacement.id());
      return true;
    }
  }

  @Override
  public boolean replaceSuccessor(RefreshToken retried, RefreshToken replacement, Instant now) {
    Objects.requireNonNull(retried, "retried");
    Objects.requireNonNull(replacement, "replacement");
    Objects.requireNonNull(now, "now");
    if (!replacement.sessionId().equals(retried.sessionId()) || !replacement.userId().equals(retried.userId())) {
      throw new IllegalArgumentException("the replacement does not belong to the retried token's session");
    }
    synchronized (lock) {
      RefreshToken stored = tokensById.get(retried.id());
      if (stored == null || !stored.used() || stored.superseded()) {
        return false;
      }
      RefreshToken next = tokensById.get(successorById.get(stored.id()));
      if (next == null || next.used()) {
        return false;
      }
      requireNewToken(replacement);
      putToken(new RefreshToken(next.id(), next.sessionId(), next.userId(), next.hash(), next.issuedAt(), now, true));
      putToken(replacement);
      return true;
    }
  }

  @Override
  public boolean revokeSession(SessionId id, Instant now) {
    Objects.requireNonNull(now, "now");
    synchronized (lock) {
      RefreshSession session = sessions.get(id);
      if (session == null || session.revokedAt() != null) {
        return false;
      }
      sessions.put(id, revoked(session, now));
      return true;
    }
  }

  @Override
  public int revokeAllSessions(UserId userId, Instant now) {
    Objects.requireNonNull(now, "now");
    synchronized (lock) {
      List<RefreshSession> active = activeSessions(userId, now);
      active.forEach(session -> sessions.put(session.id(), revoked(session, now)));
      return active.size();
    }
  }

  @Override
  public List<RefreshSession> findActiveSessions(UserId userId, Instant now) {
    Objects.requireNonNull(now, "now");
    synchronized (lock) {
      List<RefreshSession> active = activeSessions(userId, now);
      active.sort(NEWEST_FIRST);
      return List.copyOf(active);
    }
  }

  @Override
  public Map<SessionId, Instant> lastTokenIssuedAt(UserId userId) {
    Objects.requireNonNull(userId, "userId");
    synchronized (lock) {
      Map<SessionId, Instant> latest = new HashMap<>();
      for (RefreshToken token : tokensById.values()) {
        if (token.userId().equals(userId)) {
          latest.merge(token.sessionId(), token.issuedAt(), (a, b) -> a.isAfter(b) ? a : b);
        }
      }
      return Map.copyOf(latest);
    }
  }

  /** The user's sessions active at {@code now}, in no particular order; call holding the lock. */
  private List<RefreshSession> activeSessions(UserId userId, Instant now) {
    List<RefreshSession> active = new ArrayList<>();
    for (RefreshSession session : sessions.values()) {
      if (session.userId().equals(userId) && session.activeAt(now)) {
        active.add(session);
      }
    }
    return active;
  }

  /** Refuses a token whose id or hash is already stored; call holding the lock. */
  private void requireNewToken(RefreshToken token) {
    if (tokensById.containsKey(token.id()) || tokenIdByHash.containsKey(token.hash())) {
      throw new IllegalStateException("a refresh token with this id or hash exists");
    }
  }

  /** Stores or replaces a token under its id and hash; call holding the lock. */
  private void putToken(RefreshToken token) {
    tokensById.put(token.id(), token);
    tokenIdByHash.put(token.hash(), token.id());
  }

  private static RefreshSession revoked(RefreshSession session, Instant at) {
    return new RefreshSession(
        session.id(),
        session.userId(),
        session.createdAt(),
        session.expiresAt(),
        at,
        session.authMethods(),
        session.ipAddress(),
        session.userAgent());
  }

  /** Removes the user's sessions and tokens (a deleted user's). */
  void purge(UserId userId) {
    synchronized (lock) {
      sessions.values().removeIf(session -> session.userId().equals(userId));
      tokensById.values().removeIf(token -> {
        if (token.userId().equals(userId)) {
          tokenIdByHash.remove(token.hash());
          return true;
        }
        return false;
      });
    }
  }
}
