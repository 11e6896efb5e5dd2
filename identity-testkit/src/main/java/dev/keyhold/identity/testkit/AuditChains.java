package dev.keyhold.identity.testkit;

import dev.keyhold.identity.model.audit.AuditChain;
import dev.keyhold.identity.model.audit.AuditRecord;
import dev.keyhold.identity.spi.AuditLog;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads and checks a whole {@link AuditLog} through the port, for contract and migration tests. */
public final class AuditChains {

  private static final int BATCH = 100;

  private AuditChains() {}

  /** Every record of {@code log}, oldest first, read in batches with {@link AuditLog#readChain}. */
  public static List<AuditRecord> readAll(AuditLog log) {
    List<AuditRecord> all = new ArrayList<>();
    long after = 0;
    while (true) {
      List<AuditRecord> batch = log.readChain(after, BATCH);
      all.addAll(batch);
      if (batch.size() < BATCH) {
        return all;
      }
      after = batch.get(batch.size() - 1).seq();
    }
  }

  /** The first link of {@code records} (a whole log, oldest first) that {@link AuditChain#check} refuses, if any. */
  public static Optional<AuditChain.Break> firstBreak(List<AuditRecord> records) {
    AuditRecord previous = null;
    for (AuditRecord record : records) {
      Optional<AuditChain.Break> broken = AuditChain.check(previous, record);
      if (broken.isPresent()) {
        return broken;
      }
      previous = record;
    }
    return Optional.empty();
  }

  /** {@link #firstBreak(List)} of the whole of {@code log}. */
  public static Optional<AuditChain.Break> firstBreak(AuditLog log) {
    return firstBreak(readAll(log));
  }
}
