package dev.keyhold.identity.core.internal.token;

import dev.keyhold.identity.model.token.RefreshSession;
import dev.keyhold.identity.model.token.SessionId;
import dev.keyhold.identity.model.user.UserId;
import dev.keyhold.identity.spi.RefreshTokenRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Whether the session an access token names is still active, remembered for at most {@link #ttl} so that every
 * authenticated request does not read the session from the store.
 *
 * <p>Revocation keeps its promise: on this node a revocation takes effect at once (the stores Keyhold builds over,
 * {@link SessionCheckedStores}, forget the session right after the store has revoked it, and a user's sessions when
 * the user is deleted); on other nodes, which share only the store, within {@link #ttl}. A check that read the store
 * while a revocation ran does not keep what it read: every forget advances an epoch, and a read is remembered only if
 * no forget happened since it began. Absent sessions are remembered as inactive (a session id never comes back).
 *
 * <p>At most {@value #MAX_ENTRIES} sessions are remembered; beyond that everything is forgotten at once, which costs
 * one store read per session afterwards and nothing in correctness. With a zero {@code ttl} nothing is remembered.
 */
public final class SessionValidity {

  /** The default bound on how long another node may still accept a revoked session's access tokens. */
  public static final Duration DEFAULT_TTL = Duration.ofSeconds(1);

  public static final int MAX_ENTRIES = 100_000;

  private record Entry(UserId userId, Instant expiresAt, boolean revoked, Instant readAt) {}

  private final RefreshTokenRepository sessions;
  private final Duration ttl;
  private final Clock clock;
  private final Map<SessionId, Entry> entries = new ConcurrentHashMap<>();
  private final AtomicLong epoch = new AtomicLong();

  public SessionValidity(RefreshTokenRepository sessions, Duration ttl, Clock clock) {
    this.sessions = sessions;
    this.ttl = ttl;
    this.clock = clock;
  }

  /** Whether session {@code id} exists, belongs to {@code subject} (a user id as text) and is active now. */
  public boolean isActive(SessionId id, String subject) {
    Instant now = clock.instant();
    Entry entry = entries.get(id);
    if (entry == null || !now.isBefore(entry.readAt().plus(ttl))) {
      entry = read(id, now);
    }
    return !entry.revoked() && entry.userId() != null && entry.userId().toString().equals(subject)
        && now.isBefore(entry.expiresAt());
  }

  private Entry read(SessionId id, Instant now) {
    long before = epoch.get();
    Optional<RefreshSession> found = sessions.findSession(id);
    Entry entry = found
        .map(session -> new Entry(session.userId(), session.expiresAt(), session.revokedAt() != null, now))
        .orElseGet(() -> new Entry(null, Instant.MIN, true, now));
    if (!ttl.isZero() && epoch.get() == before) {
      if (entries.size() >= MAX_ENTRIES) {
        entries.clear();
      }
      entries.put(id, entry);
    }
    return entry;
  }

  /** Forgets what is known of session {@code id}; call after the store revoked it. */
  void forget(SessionId id) {
    epoch.incrementAndGet();
    entries.remove(id);
  }

  /** Forgets what is known of every session of {@code userId}; call after the store revoked or deleted them. */
  void forgetUser(UserId userId) {
    epoch.incrementAndGet();
    entries.values().removeIf(entry -> userId.equals(entry.userId()));
  }
}
