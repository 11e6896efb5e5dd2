package dev.keyhold.adapter.http;

import dev.keyhold.identity.model.ClientInfo;
import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.access.OrgId;
import dev.keyhold.identity.model.audit.AuditChain;
import dev.keyhold.identity.model.audit.AuditEvent;
import dev.keyhold.identity.model.audit.AuditFilter;
import dev.keyhold.identity.model.audit.AuditRecord;
import dev.keyhold.identity.usecase.Administration.Page;
import dev.keyhold.identity.usecase.AuditTrail;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Hand-written {@link AuditTrail}: the searches answer a fixed page (replaceable by a test), or throw what
 * {@link #failWith} installed, and record the call.
 */
final class FakeAuditTrail implements AuditTrail {

  /** A fully populated event. */
  static final AuditRecord LOGIN = AuditChain.link(AuditChain.GENESIS, 41,
      new AuditEvent("login.failed", "failure", FakeAccounts.USER.toString(), FakeAdministration.TARGET.toString(),
          FakeOrganizations.ORG.toString(), new ClientInfo("203.0.113.7", "Navigateur/1.0 \u00e9t\u00e9", "req-7"),
          Instant.parse("2025-01-02T03:04:05.123456Z"), Map.of("reason", "bad_password", "attempt", "3")));
  /** An event with nothing optional. */
  static final AuditRecord ANONYMOUS = AuditChain.link(LOGIN.hash(), 42,
      new AuditEvent("login.locked", "failure", null, null, null, ClientInfo.unknown(),
          Instant.parse("2025-01-02T03:04:06Z"), Map.of()));

  /** One recorded call: the use case, its caller and its other arguments in order. */
  record Call(String method, Actor actor, List<Object> arguments) {
    Object argument(int index) {
      return arguments.get(index);
    }
  }

  volatile Page<AuditRecord> page;
  volatile RuntimeException failure;
  volatile Call lastCall;

  FakeAuditTrail() {
    reset();
  }

  void reset() {
    page = new Page<>(List.of(ANONYMOUS, LOGIN), null);
    failure = null;
    lastCall = null;
  }

  /** Makes every use case throw {@code failure}. */
  void failWith(RuntimeException failure) {
    this.failure = failure;
  }

  private <T> T answer(T result, String method, Actor actor, Object... arguments) {
    lastCall = new Call(method, actor, Arrays.asList(arguments));
    if (failure != null) {
      throw failure;
    }
    return result;
  }

  @Override
  public Page<AuditRecord> search(Actor actor, AuditFilter filter, String cursor, int limit) {
    return answer(page, "search", actor, filter, cursor, limit);
  }

  @Override
  public Page<AuditRecord> searchOrganization(Actor actor, OrgId orgId, AuditFilter filter, String cursor,
      int limit) {
    return answer(page, "searchOrganization", actor, orgId, filter, cursor, limit);
  }

  @Override
  public Verification verify() {
    throw new UnsupportedOperationException("not an HTTP use case");
  }
}
