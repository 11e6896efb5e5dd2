package dev.keyhold.adapter.jdbi;

import static dev.keyhold.adapter.jdbi.Columns.instant;
import static dev.keyhold.adapter.jdbi.Columns.textArray;
import static dev.keyhold.adapter.jdbi.Columns.textList;
import static dev.keyhold.adapter.jdbi.Columns.timestamptz;
import static dev.keyhold.adapter.jdbi.Columns.uuid;

import dev.keyhold.adapter.jdbi.Database.UniqueViolation;
import dev.keyhold.identity.model.token.RefreshSession;
import dev.keyhold.identity.model.token.RefreshToken;
import dev.keyhold.identity.model.token.SessionId;
import dev.keyhold.identity.model.token.TokenHash;
import dev.keyhold.identity.model.user.UserId;
import dev.keyhold.identity.spi.RefreshTokenRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.Update;

/**
 * Sessions in {@code refresh_sessions} and their tokens in {@code refresh_tokens}. Rotation and revocation are
 * conditional updates, so concurrent callers on any number of nodes serialize on the row lock.
 */
final class JdbiRefreshTokenRepository implements RefreshTokenRepository {

  private static final String SESSION_COLUMNS =
      "id, user_id, created_at, expires_at, revoked_at, auth_methods, ip_address, user_agent";
  private static final String TOKEN_COLUMNS = "id, session_id, user_id, token_hash, issued_at, used_at, superseded";

  private final Database database;

  JdbiRefreshTokenRepository(Database database) {
    this.database = database;
  }

  @Override
  public void startSession(RefreshSession session, RefreshToken first) {
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(first, "first");
    if (!first.sessionId().equals(session.id()) || !first.userId().equals(session.userId())) {
      throw new IllegalArgumentException("the first token does not belong to the session");
    }
    database.transaction("start a session", handle -> {
      handle.createUpdate("INSERT INTO refresh_sessions (" + SESSION_COLUMNS + ") VALUES (:id, :user_id, "
              + ":created_at, :expires_at, :revoked_at, :auth_methods, :ip_address, :user_agent)")
          .bind("id", session.id().value())
          .bind("user_id", session.userId().value())
          .bind("created_at", timestamptz(session.createdAt()))
          .bind("expires_at", timestamptz(session.expiresAt()))
          .bind("revoked_at", timestamptz(session.revokedAt()))
          .bind("auth_methods", textArray(session.authMethods()))
          .bind("ip_address", session.ipAddress())
          .bind("user_agent", session.userAgent())
          .execute();
      return insertToken(handle, first);
    }, UniqueViolation.duplicate("a session or refresh token with this id or hash"));
  }

  @Override
  public Optional<RefreshToken> findTokenByHash(TokenHash hash) {
    Objects.requireNonNull(hash, "hash");
    return database.call("find a refresh token", handle -> handle
        .createQuery("SELECT " + TOKEN_COLUMNS + " FROM refresh_tokens WHERE token_hash = :hash")
        .bind("hash", hash.hex())
        .map(JdbiRefreshTokenRepository::token)
        .findOne());
  }

  @Override
  public Optional<Presented> findTokenWithSession(TokenHash hash) {
    Objects.requireNonNull(hash, "hash");
    return database.call("find a refresh token", handle -> handle
        .createQuery("SELECT t.id, t.session_id, t.user_id, t.token_hash, t.issued_at, t.used_at, t.superseded, "
            + "s.id AS s_id, s.user_id AS s_user_id, s.created_at AS s_created_at, s.expires_at AS s_expires_at, "
            + "s.revoked_at AS s_revoked_at, s.auth_methods AS s_auth_methods, s.ip_address AS s_ip_address, "
            + "s.user_agent AS s_user_agent FROM refresh_tokens t LEFT JOIN refresh_sessions s ON s.id = t.session_id "
            + "WHERE t.token_hash = :hash")
        .bind("hash", hash.hex())
        .map((row, context) -> new Presented(token(row, context),
            row.getObject("s_id") == null ? null : session(row, "s_")))
        .findOne());
  }

  @Override
  public Optional<RefreshSession> findSession(SessionId id) {
    Objects.requireNonNull(id, "id");
    return database.call("find a session", handle -> handle
        .createQuery("SELECT " + SESSION_COLUMNS + " FROM refresh_sessions WHERE id = :id")
        .bind("id", id.value())
        .map(JdbiRefreshTokenRepository::session)
        .findOne());
  }

  @Override
  public boolean rotate(UUID usedTokenId, RefreshToken replacement, Instant now) {
    Objects.requireNonNull(usedTokenId, "usedTokenId");
    Objects.requireNonNull(replacement, "replacement");
    Objects.requireNonNull(now, "now");
    // One statement, so one round trip and no explicit transaction: the data-modifying CTE marks the presented token
    // used, and the replacement is inserted only if that update found it unused. Of two concurrent rotations of one
    // token, the second waits for the first's row lock, re-checks used_at and inserts nothing.
    return database.call("rotate a refresh token", handle -> bindToken(handle.createUpdate(
            "WITH used AS (UPDATE refresh_tokens SET used_at = :now WHERE id = :used_id AND used_at IS NULL "
                + "RETURNING id) INSERT INTO refresh_tokens (" + TOKEN_COLUMNS + ", rotated_from) "
                + "SELECT :id, :session_id, :user_id, :token_hash, :issued_at, :used_at, false, id FROM used")
        .bind("used_id", usedTokenId)
        .bind("now", timestamptz(now)), replacement)
        .execute() == 1, UniqueViolation.duplicate("a refresh token with this id or hash"));
  }

  @Override
  public boolean replaceSuccessor(RefreshToken retried, RefreshToken replacement, Instant now) {
    Objects.requireNonNull(retried, "retried");
    Objects.requireNonNull(replacement, "replacement");
    Objects.requireNonNull(now, "now");
    requireSameSession(retried, replacement);
    if (!retried.used() || retried.superseded()) {
      return false;
    }
    // Like rotate: one statement. The successor is the token rotated from the retried one (found through the session's
    // index); the retried token is checked as stored, not as the caller read it. The replacement is rotated from
    // nothing, so a token is retried once.
    return database.call("replace a refresh token's successor", handle -> bindToken(handle.createUpdate(
            "WITH superseded AS (UPDATE refresh_tokens SET used_at = :now, superseded = true "
                + "WHERE session_id = :session_id AND rotated_from = :retried_id AND used_at IS NULL "
                + "AND EXISTS (SELECT 1 FROM refresh_tokens r WHERE r.id = :retried_id "
                + "AND r.used_at IS NOT NULL AND NOT r.superseded) RETURNING id) "
                + "INSERT INTO refresh_tokens (" + TOKEN_COLUMNS + ") "
                + "SELECT :id, :session_id, :user_id, :token_hash, :issued_at, :used_at, false FROM superseded")
        .bind("retried_id", retried.id())
        .bind("now", timestamptz(now)), replacement)
        .execute() == 1, UniqueViolation.duplicate("a refresh token with this id or hash"));
  }

  @Override
  public boolean revokeSession(SessionId id, Instant now) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(now, "now");
    return database.call("revoke a session", handle -> handle.createUpdate(
            "UPDATE refresh_sessions SET revoked_at = :now WHERE id = :id AND revoked_at IS NULL")
        .bind("id", id.value())
        .bind("now", timestamptz(now))
        .execute()) == 1;
  }

  @Override
  public int revokeAllSessions(UserId userId, Instant now) {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(now, "now");
    return database.call("revoke a user's sessions", handle -> handle.createUpdate(
            "UPDATE refresh_sessions SET revoked_at = :now "
                + "WHERE user_id = :user_id AND revoked_at IS NULL AND expires_at > :now")
        .bind("user_id", userId.value())
        .bind("now", timestamptz(now))
        .execute());
  }

  @Override
  public List<RefreshSession> findActiveSessions(UserId userId, Instant now) {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(now, "now");
    return database.call("list a user's sessions", handle -> handle
        .createQuery("SELECT " + SESSION_COLUMNS + " FROM refresh_sessions "
            + "WHERE user_id = :user_id AND revoked_at IS NULL AND expires_at > :now "
            + "ORDER BY created_at DESC, id")
        .bind("user_id", userId.value())
        .bind("now", timestamptz(now))
        .map(JdbiRefreshTokenRepository::session)
        .list());
  }

  @Override
  public Map<SessionId, Instant> lastTokenIssuedAt(UserId userId) {
    Objects.requireNonNull(userId, "userId");
    return database.call("read when a user's sessions were last refreshed", handle -> {
      Map<SessionId, Instant> latest = new HashMap<>();
      handle.createQuery("SELECT session_id, max(issued_at) AS last_issued_at FROM refresh_tokens "
              + "WHERE user_id = :user_id GROUP BY session_id")
          .bind("user_id", userId.value())
          .map((row, ctx) -> Map.entry(new SessionId(uuid(row, "session_id")), instant(row, "last_issued_at")))
          .forEach(entry -> latest.put(entry.getKey(), entry.getValue()));
      return Map.copyOf(latest);
    });
  }

  private static void requireSameSession(RefreshToken retried, RefreshToken replacement) {
    if (!replacement.sessionId().equals(retried.sessionId()) || !replacement.userId().equals(retried.userId())) {
      throw new IllegalArgumentException("the replacement does not belong to the retried token's session");
    }
  }

  private static int insertToken(Handle handle, RefreshToken token) {
    return bindToken(handle.createUpdate("INSERT INTO refresh_tokens (" + TOKEN_COLUMNS + ") "
            + "VALUES (:id, :session_id, :user_id, :token_hash, :issued_at, :used_at, :superseded)"), token)
        .bind("superseded", token.superseded())
        .execute();
  }

  /** Binds {@code token}'s columns but {@code superseded} to the parameters named after them. */
  private static Update bindToken(Update update, RefreshToken token) {
    return update
        .bind("id", token.id())
        .bind("session_id", token.sessionId().value())
        .bind("user_id", token.userId().value())
        .bind("token_hash", token.hash().hex())
        .bind("issued_at", timestamptz(token.issuedAt()))
        .bind("used_at", timestamptz(token.usedAt()));
  }

  private static RefreshToken token(ResultSet row, StatementContext context) throws SQLException {
    return new RefreshToken(
        uuid(row, "id"),
        new SessionId(uuid(row, "session_id")),
        new UserId(uuid(row, "user_id")),
        new TokenHash(row.getString("token_hash")),
        instant(row, "issued_at"),
        instant(row, "used_at"),
        row.getBoolean("superseded"));
  }

  private static RefreshSession session(ResultSet row, StatementContext context) throws SQLException {
    return session(row, "");
  }

  /** The session in {@code row}'s columns named with {@code prefix}. */
  private static RefreshSession session(ResultSet row, String prefix) throws SQLException {
    return new RefreshSession(
        new SessionId(uuid(row, prefix + "id")),
        new UserId(uuid(row, prefix + "user_id")),
        instant(row, prefix + "created_at"),
        instant(row, prefix + "expires_at"),
        instant(row, prefix + "revoked_at"),
        textList(row, prefix + "auth_methods"),
        row.getString(prefix + "ip_address"),
        row.getString(prefix + "user_agent"));
  }
}
