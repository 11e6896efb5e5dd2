package dev.keyhold.identity.model.audit;

import java.util.Objects;

/**
 * An audit event as the log stores it: its place in the log and its link in the hash chain.
 *
 * <p>Invariant of an intact log: the first record's {@code previousHash} is {@link AuditChain#GENESIS}, every other
 * record's is the {@code hash} of the record before it (the next smaller {@code seq}), and every {@code hash} is
 * {@link AuditChain#hash(String, long, AuditEvent)} of the record's own previous hash, seq and event.
 *
 * @param seq the event's place in the log, from 1, increasing in append order; numbers may be skipped (a store's
 *     sequence can lose values to rolled-back transactions), so the chain, not the numbering, shows what is missing
 * @param event the event
 * @param previousHash the hash of the record before this one, or {@link AuditChain#GENESIS} for the first; 64
 *     lower-case hex digits
 * @param hash this record's hash, 64 lower-case hex digits
 */
public record AuditRecord(long seq, AuditEvent event, String previousHash, String hash) {

  public AuditRecord {
    if (seq < 1) {
      throw new IllegalArgumentException("seq starts at 1: " + seq);
    }
    Objects.requireNonNull(event, "event");
    AuditChain.requireHash(previousHash, "previousHash");
    AuditChain.requireHash(hash, "hash");
  }
}
