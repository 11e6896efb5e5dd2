package dev.keyhold.adapter.jdbi;

import static dev.keyhold.adapter.jdbi.Columns.instant;
import static dev.keyhold.adapter.jdbi.Columns.timestamptz;
import static dev.keyhold.adapter.jdbi.Columns.uuid;

import dev.keyhold.adapter.jdbi.Database.UniqueViolation;
import dev.keyhold.identity.model.external.ExternalIdentity;
import dev.keyhold.identity.model.external.ExternalIdentityId;
import dev.keyhold.identity.model.user.UserId;
import dev.keyhold.identity.spi.ExternalIdentityRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Links to accounts at external providers in {@code external_identities}. Uniqueness of issuer and subject is the
 * table's unique constraint: an insert is {@code ON CONFLICT (issuer, subject) DO NOTHING}, so of racing inserts on
 * any number of nodes exactly one changes a row.
 */
final class JdbiExternalIdentityRepository implements ExternalIdentityRepository {

  private static final String COLUMNS = "id, user_id, provider, issuer, subject, email, linked_at";

  private final Database database;

  JdbiExternalIdentityRepository(Database database) {
    this.database = database;
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalStateException when a link with the same id (and another issuer or subject) exists
   */
  @Override
  public boolean insert(ExternalIdentity identity) {
    Objects.requireNonNull(identity, "identity");
    return database.call("link an external identity", handle -> handle.createUpdate(
            "INSERT INTO external_identities (" + COLUMNS + ") "
                + "VALUES (:id, :user_id, :provider, :issuer, :subject, :email, :linked_at) "
                + "ON CONFLICT (issuer, subject) DO NOTHING")
        .bind("id", identity.id().value())
        .bind("user_id", identity.userId().value())
        .bind("provider", identity.provider())
        .bind("issuer", identity.issuer())
        .bind("subject", identity.subject())
        .bind("email", identity.email())
        .bind("linked_at", timestamptz(identity.linkedAt()))
        .execute(), UniqueViolation.duplicate("an external identity with this id")) == 1;
  }

  @Override
  public Optional<ExternalIdentity> find(String issuer, String subject) {
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(subject, "subject");
    return database.call("find an external identity", handle -> handle
        .createQuery("SELECT " + COLUMNS + " FROM external_identities WHERE issuer = :issuer AND subject = :subject")
        .bind("issuer", issuer)
        .bind("subject", subject)
        .map(JdbiExternalIdentityRepository::identity)
        .findOne());
  }

  @Override
  public List<ExternalIdentity> listByUser(UserId userId) {
    Objects.requireNonNull(userId, "userId");
    return database.call("list a user's external identities", handle -> handle
        .createQuery("SELECT " + COLUMNS + " FROM external_identities WHERE user_id = :user_id "
            + "ORDER BY linked_at, id")
        .bind("user_id", userId.value())
        .map(JdbiExternalIdentityRepository::identity)
        .list());
  }

  @Override
  public boolean delete(UserId userId, ExternalIdentityId id) {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(id, "id");
    return database.call("unlink an external identity", handle -> handle
        .createUpdate("DELETE FROM external_identities WHERE id = :id AND user_id = :user_id")
        .bind("id", id.value())
        .bind("user_id", userId.value())
        .execute()) == 1;
  }

  private static ExternalIdentity identity(ResultSet row, StatementContext context) throws SQLException {
    return new ExternalIdentity(
        new ExternalIdentityId(uuid(row, "id")),
        new UserId(uuid(row, "user_id")),
        row.getString("provider"),
        row.getString("issuer"),
        row.getString("subject"),
        row.getString("email"),
        instant(row, "linked_at"));
  }
}
