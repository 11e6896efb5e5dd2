package dev.keyhold.identity.spi;

import dev.keyhold.identity.model.audit.AuditChain;
import dev.keyhold.identity.model.audit.AuditEvent;
import dev.keyhold.identity.model.audit.AuditFilter;
import dev.keyhold.identity.model.audit.AuditRecord;
import java.util.List;

/**
 * The append-only, hash-chained record of security-relevant events. Every method may throw
 * {@link dev.keyhold.identity.error.StoreUnavailableException} when the store cannot answer; callers treat a failure
 * to audit as a failure of the action. Nothing is ever changed or removed through this port, and a store that keeps
 * events elsewhere should refuse changes there too (PostgreSQL does with a trigger). Thread-safe.
 */
public interface AuditLog {

  /**
   * Appends one event: gives it the next seq (greater than every seq stored before) and links it after the last
   * stored record with {@link AuditChain#link}, {@link AuditChain#GENESIS} being the previous hash of the first.
   *
   * <p>Appends are serialized across every client of the store (every node of a cluster, not only this JVM): reading
   * the last record, computing the hash and storing the new record happen as one atomic step, so concurrent appends
   * never link to the same record and the seq order is the chain order. An append that fails stores nothing and
   * leaves the chain intact (its seq may be lost, leaving a gap that is not a break).
   *
   * @return the record as stored
   */
  AuditRecord append(AuditEvent event);

  /**
   * Stores one event durably now and links it into the chain soon after, off the caller's path: what Keyhold's core
   * calls for every audited action, so that a request waits for one write rather than for its turn at the chain.
   *
   * <p>When this method returns the event is stored, and it is linked, exactly once, before any {@link #search},
   * {@link #readChain} or {@link #append} that starts afterwards (on any client of the store) returns: a reader
   * never misses it and a later append links after it. Events submitted one after another by one caller are linked
   * in that order. A store may link sooner, in the background. A submit that fails stores nothing.
   *
   * <p>The default links at once with {@link #append}, which keeps all of that; a store whose appends are serialized
   * across a cluster overrides it (PostgreSQL's adapter queues the event in a table of its own that a background
   * linker drains).
   */
  default void submit(AuditEvent event) {
    append(event);
  }

  /**
   * One page of stored records matching {@code filter}, newest (highest seq) first.
   *
   * @param filter which events to keep, with {@link AuditFilter#matches} semantics
   * @param beforeSeq keep only records with a smaller seq; {@link Long#MAX_VALUE} for the newest
   * @param limit at most this many records, 1 to 1000
   * @throws IllegalArgumentException for a limit out of range
   */
  List<AuditRecord> search(AuditFilter filter, long beforeSeq, int limit);

  /**
   * The stored records in chain order (ascending seq), for verification: those with a seq greater than
   * {@code afterSeq}, at most {@code limit} of them. Reading on from the last seq returned walks the whole log; a
   * record appended meanwhile is found by a later call, never skipped (an append commits before any later seq is
   * visible).
   *
   * @param afterSeq 0 to start from the first record
   * @param limit 1 to 10000
   * @throws IllegalArgumentException for a negative {@code afterSeq} or a limit out of range
   */
  List<AuditRecord> readChain(long afterSeq, int limit);
}
