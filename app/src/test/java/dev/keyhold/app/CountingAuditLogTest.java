package dev.keyhold.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyhold.adapter.memory.MemoryStores;
import dev.keyhold.identity.error.StoreUnavailableException;
import dev.keyhold.identity.model.ClientInfo;
import dev.keyhold.identity.model.audit.AuditEvent;
import dev.keyhold.identity.model.audit.AuditFilter;
import dev.keyhold.identity.model.audit.AuditRecord;
import dev.keyhold.identity.spi.AuditLog;
import dev.keyhold.identity.spi.IdentityStores;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CountingAuditLogTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final SecurityEventMeters meters = new SecurityEventMeters(registry);

  @Test
  void an_event_is_appended_then_counted() {
    AuditLog stored = MemoryStores.create().auditLog();
    AuditLog log = new CountingAuditLog(stored, meters);

    log.append(event("login.failed", Map.of("reason", "bad_password")));

    assertThat(stored.readChain(0, 10)).hasSize(1);
    assertThat(registry.get("keyhold.logins").tags("outcome", "failure", "reason", "bad_password").counter().count())
        .isEqualTo(1);
  }

  @Test
  void an_event_the_log_could_not_record_is_not_counted() {
    AuditLog log = new CountingAuditLog(new UnreachableAuditLog(), meters);

    assertThatThrownBy(() -> log.append(event("login.locked", Map.of()))).isInstanceOf(StoreUnavailableException.class);

    assertThat(registry.get("keyhold.lockouts").counter().count()).isZero();
  }

  @Test
  void reasons_of_an_unexpected_shape_are_counted_as_other_so_they_add_no_series() {
    AuditLog log = new CountingAuditLog(MemoryStores.create().auditLog(), meters);

    log.append(event("login.failed", Map.of("reason", "Ada@Example.com")));
    log.append(event("rate_limited", Map.of()));

    assertThat(registry.get("keyhold.logins").tags("reason", "other").counter().count()).isEqualTo(1);
    assertThat(registry.get("keyhold.rate.limit.refusals").tags("limit", "unknown").counter().count()).isEqualTo(1);
  }

  @Test
  void two_factor_events_are_counted_by_action_and_outcome_each_usual_series_there_from_zero() {
    SecurityEventMeters.MFA_ACTIONS.forEach((action, outcome) ->
        assertThat(mfaEvents(action, outcome)).as(action).isZero());
    assertThat(registry.find("keyhold.mfa.events").counters()).hasSize(SecurityEventMeters.MFA_ACTIONS.size());
    AuditLog log = new CountingAuditLog(MemoryStores.create().auditLog(), meters);

    log.append(event("login.mfa_required", "success", Map.of("methods", "totp recovery_code")));
    log.append(event("mfa.challenge_failed", "failure", Map.of("reason", "bad_code")));
    log.append(event("mfa.challenge_failed", "failure", Map.of("reason", "unknown_or_expired")));
    log.append(event("mfa.enabled", "failure", Map.of("reason", "bad_code")));
    log.append(event("mfa.reset_by_admin", "success", Map.of()));

    assertThat(mfaEvents("login.mfa_required", "success")).isEqualTo(1);
    assertThat(mfaEvents("mfa.challenge_failed", "failure")).isEqualTo(2);
    assertThat(mfaEvents("mfa.enabled", "failure")).as("a wrong first code").isEqualTo(1);
    assertThat(mfaEvents("mfa.enabled", "success")).isZero();
    assertThat(mfaEvents("mfa.reset_by_admin", "success")).isEqualTo(1);
    assertThat(registry.get("keyhold.logins").tags("outcome", "success").counter().count())
        .as("a password that met two-factor sign-in is not yet a login").isZero();
  }

  @Test
  void an_unknown_two_factor_action_or_outcome_is_counted_as_other_so_the_tags_stay_bounded() {
    AuditLog log = new CountingAuditLog(MemoryStores.create().auditLog(), meters);

    log.append(event("mfa.passkey_added", "success", Map.of()));
    log.append(event("mfa.Ada@Example.com", "success", Map.of()));
    log.append(event("mfa.enabled", "Ada@Example.com", Map.of()));
    log.append(event("login.mfa_something", "success", Map.of()));

    assertThat(mfaEvents("other", "success")).isEqualTo(2);
    assertThat(mfaEvents("mfa.enabled", "other")).isEqualTo(1);
    assertThat(registry.find("keyhold.mfa.events").counters()).hasSize(SecurityEventMeters.MFA_ACTIONS.size() + 2);
  }

  private double mfaEvents(String action, String outcome) {
    return registry.get("keyhold.mfa.events").tags("action", action, "outcome", outcome).counter().count();
  }

  @Test
  void other_events_are_not_counted() {
    AuditLog log = new CountingAuditLog(MemoryStores.create().auditLog(), meters);

    log.append(event("user.registered", Map.of()));

    assertThat(registry.getMeters()).allSatisfy(meter -> assertThat(meter.measure())
        .allSatisfy(measurement -> assertThat(measurement.getValue()).isZero()));
  }

  /**
   * The decorators must forward every method of the ports they wrap. A method added to a port with a default body
   * would otherwise run that default instead of the wrapped store's implementation, silently.
   */
  @Test
  void the_decorators_override_every_method_of_their_ports() {
    assertOverridesEverything(CountingAuditLog.class, AuditLog.class);
    assertOverridesEverything(MeteredIdentityStores.class, IdentityStores.class);
  }

  @Test
  void the_metered_stores_hand_out_the_wrapped_stores_but_a_counting_audit_log() {
    MemoryStores memory = MemoryStores.create();
    IdentityStores metered = new MeteredIdentityStores(memory, meters);

    assertThat(metered.users()).isSameAs(memory.users());
    assertThat(metered.linkRequests()).isSameAs(memory.linkRequests());
    assertThat(metered.auditLog()).isInstanceOf(CountingAuditLog.class);
  }

  private static void assertOverridesEverything(Class<?> decorator, Class<?> port) {
    for (Method method : port.getMethods()) {
      if (Modifier.isStatic(method.getModifiers())) {
        continue;
      }
      try {
        assertThat(decorator.getDeclaredMethod(method.getName(), method.getParameterTypes()))
            .as("%s.%s", decorator.getSimpleName(), method.getName()).isNotNull();
      } catch (NoSuchMethodException e) {
        throw new AssertionError(decorator.getSimpleName() + " does not forward " + port.getSimpleName() + "."
            + method.getName() + ": add it, delegating to the wrapped " + port.getSimpleName(), e);
      }
    }
  }

  /** A log whose store never answers. */
  private static final class UnreachableAuditLog implements AuditLog {
    @Override
    public AuditRecord append(AuditEvent event) {
      throw new StoreUnavailableException("down", null);
    }

    @Override
    public List<AuditRecord> search(AuditFilter filter, long beforeSeq, int limit) {
      throw new StoreUnavailableException("down", null);
    }

    @Override
    public List<AuditRecord> readChain(long afterSeq, int limit) {
      throw new StoreUnavailableException("down", null);
    }
  }

  private static AuditEvent event(String action, Map<String, String> details) {
    return event(action, "failure", details);
  }

  private static AuditEvent event(String action, String outcome, Map<String, String> details) {
    return new AuditEvent(action, outcome, null, null, null, ClientInfo.unknown(), Instant.EPOCH, details);
  }
}
