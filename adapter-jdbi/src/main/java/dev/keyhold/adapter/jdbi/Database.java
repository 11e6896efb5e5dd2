package dev.keyhold.adapter.jdbi;

import dev.keyhold.identity.error.StoreUnavailableException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.StatementException;
import org.jdbi.v3.core.statement.StatementExceptions;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Runs the repositories' statements and translates every failure in one place: a unique violation goes to the
 * caller's {@link UniqueViolation} handler, when it gave one; anything else the driver, the pool or Jdbi throws
 * becomes a {@link StoreUnavailableException}, never an empty answer. Exceptions the work itself throws (such as an
 * {@link IllegalArgumentException}) pass through unchanged; a transaction is rolled back first.
 *
 * <p>{@link #unitOfWork} makes every statement the calling thread runs through this class, from any repository, one
 * transaction ({@link dev.keyhold.identity.spi.Transactions}): {@link #call} and {@link #transaction} then run on the
 * unit's connection, and a unique violation that the caller resolves to an answer is confined to a savepoint, since
 * PostgreSQL aborts the whole transaction otherwise.
 */
final class Database {

  private static final String UNIQUE_VIOLATION = "23505";
  private static final String UNIQUE_SAVEPOINT = "unique_check";

  private final Jdbi jdbi;
  private final ThreadLocal<Unit> unit = new ThreadLocal<>();

  /** The calling thread's unit of work: its connection, and what to do once it commits. */
  private static final class Unit {
    private Handle handle;
    private final List<Runnable> afterCommit = new ArrayList<>();
  }

  Database(DataSource dataSource) {
    this.jdbi = Jdbi.create(dataSource).installPlugin(new PostgresPlugin());
    // The default message lists every bound argument, which includes password and token hashes.
    jdbi.getConfig(StatementExceptions.class).setMessageRendering(Database::withoutArguments);
  }

  /**
   * What to do when a statement breaks a unique constraint or index: return the answer for the caller, or throw the
   * domain's exception.
   */
  @FunctionalInterface
  interface UniqueViolation<T> {

    /** @param constraint the name of the violated constraint or unique index, or {@code null} when unknown */
    T resolve(String constraint);

    /**
     * Whether {@link #resolve} may answer rather than throw; a handler that always throws needs no savepoint in a
     * unit of work, since its exception rolls the whole unit back anyway.
     */
    default boolean answers() {
      return true;
    }

    /** Any unique violation means the caller tried to store a duplicate: {@link IllegalStateException}. */
    static <T> UniqueViolation<T> duplicate(String what) {
      return new UniqueViolation<>() {
        @Override
        public T resolve(String constraint) {
          throw new IllegalStateException(what + " already exists");
        }

        @Override
        public boolean answers() {
          return false;
        }
      };
    }
  }

  /**
   * Runs {@code work} as one transaction with every statement it runs on this thread through this class, committed
   * when it returns and rolled back when it throws; inside another unit, joins it. Runs what was registered with
   * {@link #afterCommit} once committed. A failure to begin or commit is a {@link StoreUnavailableException}.
   */
  <T> T unitOfWork(Supplier<T> work) {
    Objects.requireNonNull(work, "work");
    if (unit.get() != null) {
      return work.get();
    }
    Unit started = new Unit();
    unit.set(started);
    T result;
    try {
      result = translated("run a transaction", () -> jdbi.inTransaction(handle -> {
        started.handle = handle;
        return work.get();
      }), null);
    } finally {
      unit.remove();
    }
    started.afterCommit.forEach(Runnable::run);
    return result;
  }

  /**
   * Runs {@code action} once the calling thread's unit of work commits (never, if it rolls back), or at once when no
   * unit is open: for signals to other threads that should see the change, such as waking the audit linker.
   */
  void afterCommit(Runnable action) {
    Unit current = unit.get();
    if (current == null) {
      action.run();
    } else {
      current.afterCommit.add(action);
    }
  }

  /** Runs {@code work} on one connection in auto-commit mode. */
  <T> T call(String operation, HandleCallback<T, SQLException> work) {
    return call(operation, work, null);
  }

  /** Runs {@code work} on one connection in auto-commit mode, resolving unique violations with {@code onUnique}. */
  <T> T call(String operation, HandleCallback<T, SQLException> work, UniqueViolation<T> onUnique) {
    Unit current = unit.get();
    if (current != null) {
      return inUnit(current.handle, operation, work, onUnique);
    }
    return translated(operation, () -> jdbi.withHandle(work), onUnique);
  }

  /** Runs {@code work} in one transaction, committed when it returns and rolled back when it throws. */
  <T> T transaction(String operation, HandleCallback<T, SQLException> work) {
    return transaction(operation, work, null);
  }

  /**
   * Runs {@code work} in one transaction, committed when it returns and rolled back when it throws, resolving unique
   * violations with {@code onUnique}.
   */
  <T> T transaction(String operation, HandleCallback<T, SQLException> work, UniqueViolation<T> onUnique) {
    Unit current = unit.get();
    if (current != null) {
      return inUnit(current.handle, operation, work, onUnique);
    }
    return translated(operation, () -> jdbi.inTransaction(work), onUnique);
  }

  private static <T> T inUnit(
      Handle handle, String operation, HandleCallback<T, SQLException> work, UniqueViolation<T> onUnique) {
    if (onUnique == null || !onUnique.answers()) {
      return translated(operation, () -> work.withHandle(handle), onUnique);
    }
    return translated(operation, () -> {
      handle.savepoint(UNIQUE_SAVEPOINT);
      T answer;
      try {
        answer = work.withHandle(handle);
      } catch (JdbiException | SQLException e) {
        handle.rollbackToSavepoint(UNIQUE_SAVEPOINT);
        throw e;
      }
      handle.releaseSavepoint(UNIQUE_SAVEPOINT);
      return answer;
    }, onUnique);
  }

  private interface Work<T> {
    T run() throws SQLException;
  }

  private static <T> T translated(String operation, Work<T> work, UniqueViolation<T> onUnique) {
    try {
      return work.run();
    } catch (JdbiException | SQLException e) {
      SQLException cause = sqlCause(e);
      if (onUnique != null && cause != null && UNIQUE_VIOLATION.equals(cause.getSQLState())) {
        return onUnique.resolve(constraintOf(cause));
      }
      throw unavailable(operation, e);
    }
  }

  /** The exception for a failure of {@code operation}; the message names the operation, never a value. */
  static StoreUnavailableException unavailable(String operation, Throwable cause) {
    return new StoreUnavailableException("PostgreSQL could not " + operation + ".", cause);
  }

  /** The first {@link SQLException} in {@code failure}'s cause chain, or {@code null}. */
  static SQLException sqlCause(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        return sql;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }

  private static String constraintOf(SQLException e) {
    if (e instanceof PSQLException psql) {
      ServerErrorMessage message = psql.getServerErrorMessage();
      return message == null ? null : message.getConstraint();
    }
    return null;
  }

  private static String withoutArguments(StatementException e) {
    String message = e.getShortMessage();
    if (e.getStatementContext() == null || e.getStatementContext().getRenderedSql() == null) {
      return message;
    }
    return message + " [statement: \"" + e.getStatementContext().getRenderedSql() + "\"]";
  }
}
