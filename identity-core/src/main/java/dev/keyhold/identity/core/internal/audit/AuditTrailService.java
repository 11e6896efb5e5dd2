package dev.keyhold.identity.core.internal.audit;

import dev.keyhold.identity.core.internal.access.Authorizer;
import dev.keyhold.identity.error.ValidationException;
import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.access.OrgId;
import dev.keyhold.identity.model.access.Scopes;
import dev.keyhold.identity.model.audit.AuditFilter;
import dev.keyhold.identity.model.audit.AuditRecord;
import dev.keyhold.identity.spi.AuditLog;
import dev.keyhold.identity.usecase.Administration.Page;
import dev.keyhold.identity.usecase.AuditTrail;
import java.util.List;
import java.util.Objects;

/**
 * Searching the audit log for platform and organization auditors, and verifying its hash chain.
 *
 * <p>Authorization first, as everywhere: the scope (and for an organization, the membership) is checked before any
 * input is looked at, so outsiders learn nothing from validation errors. An organization's search is the same search
 * with the organization filter forced to it, so its auditors can never see another organization's events, nor
 * platform events (which carry no organization).
 *
 * <p>Pages hold at most {@link #MAX_PAGE_SIZE} records; the next page continues below the last seq listed, so pages
 * neither skip nor repeat records while others are appended (new ones appear on a new first page).
 */
public final class AuditTrailService implements AuditTrail {

  private final AuditLog log;
  private final Authorizer access;
  private final AuditVerifier verifier;

  public AuditTrailService(AuditLog log, Authorizer access) {
    this.log = Objects.requireNonNull(log, "log");
    this.access = Objects.requireNonNull(access, "access");
    this.verifier = new AuditVerifier(log);
  }

  @Override
  public Page<AuditRecord> search(Actor actor, AuditFilter filter, String cursor, int limit) {
    access.onPlatform(actor, Scopes.AUDIT_READ);
    return page(filter, cursor, limit);
  }

  @Override
  public Page<AuditRecord> searchOrganization(Actor actor, OrgId orgId, AuditFilter filter, String cursor,
      int limit) {
    Objects.requireNonNull(orgId, "orgId");
    access.inOrganization(actor, orgId, Scopes.AUDIT_READ);
    Objects.requireNonNull(filter, "filter");
    String org = orgId.toString();
    if (filter.orgId() != null && !filter.orgId().equals(org)) {
      throw ValidationException.of("org", "invalid_value", "An organization's audit log holds only its own events.");
    }
    return page(filter.withOrgId(org), cursor, limit);
  }

  @Override
  public Verification verify() {
    return verifier.verify();
  }

  private Page<AuditRecord> page(AuditFilter filter, String cursor, int limit) {
    Objects.requireNonNull(filter, "filter");
    if (limit < 1 || limit > MAX_PAGE_SIZE) {
      throw ValidationException.of("limit", "invalid_limit", "Ask for 1 to " + MAX_PAGE_SIZE + " events.");
    }
    if (filter.from() != null && filter.to() != null && !filter.from().isBefore(filter.to())) {
      throw ValidationException.of("to", "invalid_range", "The end of the time range must be after its start.");
    }
    long before = cursor == null ? Long.MAX_VALUE : AuditCursor.decode(cursor);
    List<AuditRecord> found = log.search(filter, before, limit + 1);
    if (found.size() <= limit) {
      return new Page<>(found, null);
    }
    List<AuditRecord> page = found.subList(0, limit);
    return new Page<>(page, AuditCursor.encode(page.get(page.size() - 1).seq()));
  }
}
