package dev.keyhold.identity.usecase;

import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.access.OrgId;
import dev.keyhold.identity.model.audit.AuditChain;
import dev.keyhold.identity.model.audit.AuditFilter;
import dev.keyhold.identity.model.audit.AuditRecord;
import dev.keyhold.identity.usecase.Administration.Page;

/**
 * Reading and verifying the audit log. Reading is authorized against the caller's current roles in the stores:
 * the whole log needs the platform scope {@code audit:read}; an organization's own events need {@code audit:read} in
 * that organization, where non-members get {@link dev.keyhold.identity.error.NotFoundException} as everywhere under
 * an organization. Reading is not itself audited.
 */
public interface AuditTrail {

  /** The largest page of {@link #search} and {@link #searchOrganization}. */
  int MAX_PAGE_SIZE = 100;

  /**
   * The outcome of walking the whole chain.
   *
   * @param eventsChecked how many records were checked, the broken one included
   * @param firstBreak the first record that does not continue the chain, or {@code null} when the chain is intact
   */
  record Verification(long eventsChecked, AuditChain.Break firstBreak) {

    /** Whether every record continued the chain. */
    public boolean intact() {
      return firstBreak == null;
    }
  }

  /**
   * One page of the whole log, newest first (the order events were appended, across every node). Needs the platform
   * scope {@code audit:read}.
   *
   * @param filter which events to keep; {@code from} must be before {@code to} when both are given
   * @param cursor the {@code nextCursor} of the previous page, or {@code null} for the first page
   * @param limit 1 to {@value #MAX_PAGE_SIZE}
   * @throws dev.keyhold.identity.error.ForbiddenException without {@code audit:read}
   * @throws dev.keyhold.identity.error.ValidationException for a malformed cursor (field {@code cursor}), a limit out
   *     of range ({@code limit}) or a time range that ends before it starts ({@code to})
   */
  Page<AuditRecord> search(Actor actor, AuditFilter filter, String cursor, int limit);

  /**
   * One page of an organization's own events (those recorded with its id), newest first. Needs {@code audit:read} in
   * the organization. The filter's organization must be {@code null} (or {@code orgId}); it is set to {@code orgId}.
   *
   * @throws dev.keyhold.identity.error.NotFoundException when the caller is not a member (whether or not the
   *     organization exists)
   * @throws dev.keyhold.identity.error.ForbiddenException for a member without {@code audit:read} there
   * @throws dev.keyhold.identity.error.ValidationException as {@link #search} does, and for another organization in
   *     the filter (field {@code org})
   */
  Page<AuditRecord> searchOrganization(Actor actor, OrgId orgId, AuditFilter filter, String cursor, int limit);

  /**
   * Walks the whole chain, oldest first, and reports the first record that does not continue it. For operators (the
   * {@code verify-audit} command), so it takes no actor. Proves that no record up to the newest was changed, removed
   * or inserted; it cannot tell that records after the newest one were removed (see {@code docs/operations.md}).
   */
  Verification verify();
}
