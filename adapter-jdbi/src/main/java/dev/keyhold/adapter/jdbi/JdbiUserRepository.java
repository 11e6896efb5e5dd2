package dev.keyhold.adapter.jdbi;

import static dev.keyhold.adapter.jdbi.Columns.code;
import static dev.keyhold.adapter.jdbi.Columns.fromCode;
import static dev.keyhold.adapter.jdbi.Columns.instant;
import static dev.keyhold.adapter.jdbi.Columns.timestamptz;
import static dev.keyhold.adapter.jdbi.Columns.uuid;

import dev.keyhold.identity.error.EmailTakenException;
import dev.keyhold.identity.model.access.RoleId;
import dev.keyhold.identity.model.user.Email;
import dev.keyhold.identity.model.user.PasswordHash;
import dev.keyhold.identity.model.user.User;
import dev.keyhold.identity.model.user.UserId;
import dev.keyhold.identity.model.user.UserStatus;
import dev.keyhold.identity.spi.UserRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementContext;

/** Users in the {@code users} table; email uniqueness is the unique constraint on {@code email_normalized}. */
final class JdbiUserRepository implements UserRepository {

  private static final String EMAIL_CONSTRAINT = "users_email_normalized_key";
  private static final String COLUMNS =
      "id, email_normalized, email_display, display_name, status, email_verified_at, password_hash, created_at, "
          + "updated_at";

  private static final int MAX_SEARCH_LIMIT = 1000;

  private final Database database;

  JdbiUserRepository(Database database) {
    this.database = database;
  }

  @Override
  public void insert(User user) {
    Objects.requireNonNull(user, "user");
    database.call("insert a user", handle -> handle.createUpdate(
            "INSERT INTO users (" + COLUMNS + ") VALUES (:id, :email_normalized, :email_display, :display_name, "
                + ":status, :email_verified_at, :password_hash, :created_at, :updated_at)")
        .bind("id", user.id().value())
        .bind("email_normalized", user.email().normalized())
        .bind("email_display", user.email().display())
        .bind("display_name", user.displayName())
        .bind("status", code(user.status()))
        .bind("email_verified_at", timestamptz(user.emailVerifiedAt()))
        .bind("password_hash", user.password().map(PasswordHash::encoded).orElse(null))
        .bind("created_at", timestamptz(user.createdAt()))
        .bind("updated_at", timestamptz(user.updatedAt()))
        .execute(),
        constraint -> {
          if (EMAIL_CONSTRAINT.equals(constraint)) {
            throw new EmailTakenException();
          }
          throw new IllegalStateException("a user with id " + user.id() + " already exists");
        });
  }

  @Override
  public Optional<User> findById(UserId id) {
    Objects.requireNonNull(id, "id");
    return database.call("find a user by id", handle -> handle
        .createQuery("SELECT " + COLUMNS + " FROM users WHERE id = :id")
        .bind("id", id.value())
        .map(JdbiUserRepository::user)
        .findOne());
  }

  @Override
  public Optional<User> findByEmail(Email email) {
    Objects.requireNonNull(email, "email");
    return database.call("find a user by email", handle -> handle
        .createQuery("SELECT " + COLUMNS + " FROM users WHERE email_normalized = :email")
        .bind("email", email.normalized())
        .map(JdbiUserRepository::user)
        .findOne());
  }

  @Override
  public boolean markEmailVerified(UserId id, Instant at) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(at, "at");
    return database.call("mark an email verified", handle -> handle.createUpdate(
            "UPDATE users SET email_verified_at = :at, updated_at = :at WHERE id = :id AND email_verified_at IS NULL")
        .bind("id", id.value())
        .bind("at", timestamptz(at))
        .execute()) == 1;
  }

  @Override
  public boolean updatePasswordHash(UserId id, PasswordHash hash, Instant at) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(at, "at");
    return database.call(hash == null ? "remove a password" : "update a password hash", handle -> handle.createUpdate(
            "UPDATE users SET password_hash = :hash, updated_at = :at WHERE id = :id")
        .bind("id", id.value())
        .bind("hash", hash == null ? null : hash.encoded())
        .bind("at", timestamptz(at))
        .execute()) == 1;
  }

  @Override
  public boolean updateStatus(UserId id, UserStatus status, Instant at) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(at, "at");
    return database.call("update a user's status", handle -> handle.createUpdate(
            "UPDATE users SET status = :status, updated_at = :at WHERE id = :id")
        .bind("id", id.value())
        .bind("status", code(status))
        .bind("at", timestamptz(at))
        .execute()) == 1;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Every table that names a user references {@code users} with {@code ON DELETE CASCADE}, so deleting the row
   * deletes the rest; invitations hold an address, not a reference, and are deleted by it first, in the same
   * transaction.
   */
  @Override
  public boolean delete(UserId id) {
    Objects.requireNonNull(id, "id");
    return database.transaction("delete a user", handle -> deleteLocked(handle, id));
  }

  /** Deletes the invitations addressed to the user, then the user and (by cascade) the rest; inside a transaction. */
  private static boolean deleteLocked(Handle handle, UserId id) {
    handle.createUpdate("DELETE FROM invitations WHERE email_normalized = "
            + "(SELECT email_normalized FROM users WHERE id = :id)")
        .bind("id", id.value())
        .execute();
    return handle.createUpdate("DELETE FROM users WHERE id = :id").bind("id", id.value()).execute() == 1;
  }

  /**
   * {@inheritDoc}
   *
   * <p>One transaction: it locks the user's row first ({@code FOR UPDATE}, which holds back any concurrent insert
   * referencing the user, such as a new organization they create), then the rows of every organization they belong
   * to, in id order ({@code FOR NO KEY UPDATE}, the lock {@link JdbiMembershipRepository}'s owner-changing operations
   * take), and only then counts the other owners. Two co-owners deleting their accounts at once therefore take turns
   * on their organization, and the second sees that the first is gone.
   */
  @Override
  public Deletion delete(UserId id, RoleId ownerRole) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(ownerRole, "ownerRole");
    return database.transaction("delete a user", handle -> {
      boolean exists = handle.createQuery("SELECT id FROM users WHERE id = :id FOR UPDATE")
          .bind("id", id.value())
          .mapTo(UUID.class)
          .findOne()
          .isPresent();
      if (!exists) {
        return Deletion.NOT_FOUND;
      }
      handle.createQuery("SELECT id FROM organizations WHERE id IN "
              + "(SELECT org_id FROM memberships WHERE user_id = :id) ORDER BY id FOR NO KEY UPDATE")
          .bind("id", id.value())
          .mapTo(UUID.class)
          .list();
      boolean lastOwner = handle.createQuery("SELECT EXISTS (SELECT 1 FROM memberships mine "
              + "WHERE mine.user_id = :id AND mine.role_id = :owner AND NOT EXISTS (SELECT 1 FROM memberships other "
              + "WHERE other.org_id = mine.org_id AND other.role_id = :owner AND other.user_id <> :id))")
          .bind("id", id.value())
          .bind("owner", ownerRole.value())
          .mapTo(Boolean.class)
          .one();
      if (lastOwner) {
        return Deletion.LAST_OWNER;
      }
      deleteLocked(handle, id);
      return Deletion.DELETED;
    });
  }

  /** {@inheritDoc} One update; the unique constraint on the normalized address decides between racing users. */
  @Override
  public boolean updateEmail(UserId id, Email email, Instant at) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(email, "email");
    Objects.requireNonNull(at, "at");
    return database.call("update a user's email", handle -> handle.createUpdate(
                "UPDATE users SET email_normalized = :email_normalized, email_display = :email_display, "
                    + "email_verified_at = :at, updated_at = :at WHERE id = :id")
            .bind("id", id.value())
            .bind("email_normalized", email.normalized())
            .bind("email_display", email.display())
            .bind("at", timestamptz(at))
            .execute(),
        constraint -> {
          throw new EmailTakenException();
        }) == 1;
  }

  @Override
  public boolean updateDisplayName(UserId id, String displayName, Instant at) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(at, "at");
    return database.call("update a user's display name", handle -> handle.createUpdate(
            "UPDATE users SET display_name = :name, updated_at = :at WHERE id = :id")
        .bind("id", id.value())
        .bind("name", displayName)
        .bind("at", timestamptz(at))
        .execute()) == 1;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Walks the index {@code users_email_search_idx} in code-point order (collation {@code "C"}): the prefix is
   * matched with {@code LIKE}, its metacharacters escaped, and also bounds the index range, so a cached generic plan
   * reads only the matching part of the index.
   *
   * @throws IllegalArgumentException when {@code limit} is outside 1 to 1000
   */
  @Override
  public List<User> search(String emailPrefix, UserStatus status, Position after, int limit) {
    return search(emailPrefix, null, status, after, limit);
  }

  /**
   * {@inheritDoc}
   *
   * <p>The display-name prefix is matched like the email prefix, on {@code lower(display_name) COLLATE "C"}, which
   * the index {@code users_display_name_search_idx} holds: {@code LIKE} with its metacharacters escaped, bounded by
   * the prefix and its upper bound, so PostgreSQL reads only the matching names and sorts them by email. Lower-casing
   * is PostgreSQL's, by the database's {@code LC_CTYPE}.
   *
   * @throws IllegalArgumentException when {@code limit} is outside 1 to 1000
   */
  @Override
  public List<User> search(String emailPrefix, String displayNamePrefix, UserStatus status, Position after,
      int limit) {
    if (limit < 1 || limit > MAX_SEARCH_LIMIT) {
      throw new IllegalArgumentException("limit must be 1 to " + MAX_SEARCH_LIMIT + ", not " + limit);
    }
    if (after != null) {
      Objects.requireNonNull(after.normalizedEmail(), "after.normalizedEmail");
      Objects.requireNonNull(after.id(), "after.id");
    }
    if (emailPrefix != null && emailPrefix.indexOf('\0') >= 0
        || displayNamePrefix != null && displayNamePrefix.indexOf('\0') >= 0) {
      return List.of(); // No address or name holds a NUL, which PostgreSQL text cannot carry anyway.
    }
    String nameUpperBound = displayNamePrefix == null ? null : prefixUpperBound(displayNamePrefix);
    String upperBound = emailPrefix == null ? null : prefixUpperBound(emailPrefix);
    List<String> conditions = new ArrayList<>();
    if (emailPrefix != null) {
      // Backslash is LIKE's default escape character; Jdbi's parser would misread it in a quoted ESCAPE clause.
      conditions.add("email_normalized COLLATE \"C\" LIKE :pattern");
      conditions.add("email_normalized COLLATE \"C\" >= :prefix");
    }
    if (upperBound != null) {
      conditions.add("email_normalized COLLATE \"C\" < :upper_bound");
    }
    if (displayNamePrefix != null) {
      conditions.add("lower(display_name) COLLATE \"C\" LIKE :name_pattern");
      conditions.add("lower(display_name) COLLATE \"C\" >= :name_prefix");
    }
    if (nameUpperBound != null) {
      conditions.add("lower(display_name) COLLATE \"C\" < :name_upper_bound");
    }
    if (status != null) {
      // a literal (one of the enum's own codes), so that the disabled users' partial index matches in every plan
      conditions.add("status = '" + code(status) + "'");
    }
    if (after != null) {
      conditions.add("(email_normalized COLLATE \"C\", id) > (:after_email, :after_id)");
    }
    String where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    return database.call("search users", handle -> {
      Query query = handle.createQuery("SELECT " + COLUMNS + " FROM users" + where
          + " ORDER BY email_normalized COLLATE \"C\", id LIMIT :limit");
      if (emailPrefix != null) {
        query.bind("pattern", likePrefix(emailPrefix)).bind("prefix", emailPrefix);
      }
      if (upperBound != null) {
        query.bind("upper_bound", upperBound);
      }
      if (displayNamePrefix != null) {
        query.bind("name_pattern", likePrefix(displayNamePrefix)).bind("name_prefix", displayNamePrefix);
      }
      if (nameUpperBound != null) {
        query.bind("name_upper_bound", nameUpperBound);
      }
      if (after != null) {
        query.bind("after_email", after.normalizedEmail()).bind("after_id", after.id().value());
      }
      return query.bind("limit", limit).map(JdbiUserRepository::user).list();
    });
  }

  /** The {@code LIKE} pattern (escape character {@code \}, the default) of the text starting with {@code prefix}. */
  static String likePrefix(String prefix) {
    StringBuilder pattern = new StringBuilder(prefix.length() + 1);
    for (int i = 0; i < prefix.length(); i++) {
      char c = prefix.charAt(i);
      if (c == '\\' || c == '%' || c == '_') {
        pattern.append('\\');
      }
      pattern.append(c);
    }
    return pattern.append('%').toString();
  }

  /**
   * The least text that follows, in code-point order, every text starting with {@code prefix}, or {@code null} when
   * none does (the prefix is empty or only U+10FFFF).
   */
  static String prefixUpperBound(String prefix) {
    int[] codePoints = prefix.codePoints().toArray();
    for (int i = codePoints.length - 1; i >= 0; i--) {
      int next = codePoints[i] + 1;
      if (next == Character.MIN_SURROGATE) {
        next = Character.MAX_SURROGATE + 1;
      }
      if (next <= Character.MAX_CODE_POINT) {
        return new String(codePoints, 0, i) + Character.toString(next);
      }
    }
    return null;
  }

  private static User user(ResultSet row, StatementContext context) throws SQLException {
    String passwordHash = row.getString("password_hash");
    return new User(
        new UserId(uuid(row, "id")),
        new Email(row.getString("email_normalized"), row.getString("email_display")),
        row.getString("display_name"),
        fromCode(UserStatus.class, row.getString("status")),
        instant(row, "email_verified_at"),
        passwordHash == null ? null : new PasswordHash(passwordHash),
        instant(row, "created_at"),
        instant(row, "updated_at"));
  }
}
