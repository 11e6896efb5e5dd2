package dev.keyhold.adapter.memory;

import dev.keyhold.identity.model.audit.AuditChain;
import dev.keyhold.identity.model.audit.AuditEvent;
import dev.keyhold.identity.model.audit.AuditFilter;
import dev.keyhold.identity.model.audit.AuditRecord;
import dev.keyhold.identity.spi.AuditLog;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Audit records in append order, in a list guarded by one lock: appending reads the last record, links the new one
 * after it and adds it under that lock, so the chain holds whatever the number of threads. Seqs are 1, 2, 3... without
 * gaps, so record {@code n} sits at index {@code n - 1}. Nothing is ever removed.
 */
final class MemoryAuditLog implements AuditLog {

  static final int MAX_SEARCH_LIMIT = 1000;
  static final int MAX_CHAIN_LIMIT = 10_000;

  private final Object lock = new Object();
  private final List<AuditRecord> records = new ArrayList<>();

  @Override
  public AuditRecord append(AuditEvent event) {
    Objects.requireNonNull(event, "event");
    synchronized (lock) {
      String previous = records.isEmpty() ? AuditChain.GENESIS : records.get(records.size() - 1).hash();
      AuditRecord record = AuditChain.link(previous, records.size() + 1L, event);
      records.add(record);
      return record;
    }
  }

  @Override
  public List<AuditRecord> search(AuditFilter filter, long beforeSeq, int limit) {
    Objects.requireNonNull(filter, "filter");
    requireLimit(limit, MAX_SEARCH_LIMIT);
    List<AuditRecord> page = new ArrayList<>();
    if (beforeSeq <= 1) {
      return List.of();
    }
    synchronized (lock) {
      int start = (int) Math.min(records.size(), beforeSeq - 1);
      for (int index = start - 1; index >= 0 && page.size() < limit; index--) {
        AuditRecord record = records.get(index);
        if (filter.matches(record.event())) {
          page.add(record);
        }
      }
    }
    return List.copyOf(page);
  }

  @Override
  public List<AuditRecord> readChain(long afterSeq, int limit) {
    if (afterSeq < 0) {
      throw new IllegalArgumentException("afterSeq must not be negative");
    }
    requireLimit(limit, MAX_CHAIN_LIMIT);
    synchronized (lock) {
      int from = (int) Math.min(records.size(), afterSeq);
      int to = (int) Math.min(records.size(), (long) from + limit);
      return List.copyOf(records.subList(from, to));
    }
  }

  /** A snapshot of every event appended so far, oldest first. */
  List<AuditEvent> events() {
    synchronized (lock) {
      return records.stream().map(AuditRecord::event).toList();
    }
  }

  private static void requireLimit(int limit, int max) {
    if (limit < 1 || limit > max) {
      throw new IllegalArgumentException("limit must be 1 to " + max + ": " + limit);
    }
  }
}
