package dev.keyhold.identity.spi;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * Runs several store calls as one unit: what the core uses where a change and the audit event that records it must
 * stand or fall together (a refresh token's rotation and its {@code token.refreshed} event: if the event cannot be
 * stored, the rotation must not be either, or the client that gets an error holds a used token and its next refresh
 * revokes the session as a replay). Obtained from {@link IdentityStores#transactions()}, and binding only the stores
 * of that same set. Thread-safe; the unit belongs to the calling thread.
 */
public interface Transactions {

  /**
   * Runs {@code work} and returns its result. When {@link #atomic()}, every call {@code work} makes on this thread to
   * the stores of the same {@link IdentityStores} is one transaction: committed when {@code work} returns, rolled back
   * when it throws, and invisible to every other caller until committed. A call made inside another joins the outer
   * one. An exception {@code work} throws propagates unchanged; a failure to commit throws
   * {@link dev.keyhold.identity.error.StoreUnavailableException}, and then whether the changes stand is unknown (the
   * store may have committed before its answer was lost).
   *
   * <p>Keep the work short and free of anything slow that is not the store (hashing, mail, remote calls): it holds a
   * connection for as long as it runs.
   */
  <T> T inTransaction(Supplier<T> work);

  /**
   * Whether {@link #inTransaction} really makes its calls one unit. False for stores that cannot (the in-memory
   * ones, where a call never fails halfway for want of a store); the core then works as if every call stood alone.
   */
  boolean atomic();

  /** For stores without transactions: runs the work as it comes, and says so with {@link #atomic()} false. */
  static Transactions none() {
    return None.INSTANCE;
  }

  /** See {@link #none()}. */
  enum None implements Transactions {
    INSTANCE;

    @Override
    public <T> T inTransaction(Supplier<T> work) {
      return Objects.requireNonNull(work, "work").get();
    }

    @Override
    public boolean atomic() {
      return false;
    }
  }
}
