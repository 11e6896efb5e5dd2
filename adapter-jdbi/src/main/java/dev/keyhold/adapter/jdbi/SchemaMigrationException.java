package dev.keyhold.adapter.jdbi;

/**
 * The schema cannot be migrated for a reason that waiting will not cure: the database holds migrations this version
 * does not ship (a newer version migrated it, or a migration was altered or failed), or PostgreSQL refused a
 * migration's statement (a missing privilege, a conflicting object). The message says which, with PostgreSQL's own
 * words, and holds no secret. An unreachable or failing database is a
 * {@link dev.keyhold.identity.error.StoreUnavailableException} instead.
 */
public final class SchemaMigrationException extends RuntimeException {

  SchemaMigrationException(String message, Throwable cause) {
    super(message, cause);
  }
}
