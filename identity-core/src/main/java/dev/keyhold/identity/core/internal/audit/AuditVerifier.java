package dev.keyhold.identity.core.internal.audit;

import dev.keyhold.identity.model.audit.AuditChain;
import dev.keyhold.identity.model.audit.AuditRecord;
import dev.keyhold.identity.spi.AuditLog;
import dev.keyhold.identity.usecase.AuditTrail.Verification;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Walks an audit log's whole chain, oldest first, in batches of {@value #BATCH}, and reports the first record that
 * {@link AuditChain#check} refuses. Needs nothing but the log, so the {@code verify-audit} command can run it without
 * the signing keys or any other secret. Reads only; the log may grow meanwhile (records appended during the walk are
 * checked too, up to the last one the final batch sees).
 */
public final class AuditVerifier {

  /** How many records are read at a time. */
  public static final int BATCH = 1000;

  private final AuditLog log;

  public AuditVerifier(AuditLog log) {
    this.log = Objects.requireNonNull(log, "log");
  }

  /**
   * Checks every link.
   *
   * @throws dev.keyhold.identity.error.StoreUnavailableException when the log cannot be read
   */
  public Verification verify() {
    long checked = 0;
    long after = 0;
    AuditRecord previous = null;
    while (true) {
      List<AuditRecord> batch = log.readChain(after, BATCH);
      for (AuditRecord record : batch) {
        checked++;
        Optional<AuditChain.Break> broken = AuditChain.check(previous, record);
        if (broken.isPresent()) {
          return new Verification(checked, broken.get());
        }
        previous = record;
      }
      if (batch.size() < BATCH) {
        return new Verification(checked, null);
      }
      after = previous.seq();
    }
  }
}
