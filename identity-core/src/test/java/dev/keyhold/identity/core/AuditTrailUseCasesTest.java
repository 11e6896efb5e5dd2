package dev.keyhold.identity.core;

import static dev.keyhold.identity.core.TestKeyhold.CLIENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyhold.adapter.memory.MemoryStores;
import dev.keyhold.identity.core.internal.access.AccessResolver;
import dev.keyhold.identity.core.internal.access.Authorizer;
import dev.keyhold.identity.core.internal.audit.AuditTrailService;
import dev.keyhold.identity.core.internal.audit.Auditor;
import dev.keyhold.identity.error.ForbiddenException;
import dev.keyhold.identity.error.NotFoundException;
import dev.keyhold.identity.error.ValidationException;
import dev.keyhold.identity.model.ClientInfo;
import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.access.OrgId;
import dev.keyhold.identity.model.audit.AuditChain;
import dev.keyhold.identity.model.audit.AuditEvent;
import dev.keyhold.identity.model.audit.AuditFilter;
import dev.keyhold.identity.model.audit.AuditRecord;
import dev.keyhold.identity.spi.AuditLog;
import dev.keyhold.identity.usecase.AcceptInvitation;
import dev.keyhold.identity.usecase.Administration.Page;
import dev.keyhold.identity.usecase.AuditTrail;
import dev.keyhold.identity.usecase.CreateOrganization;
import dev.keyhold.identity.usecase.InviteMember;
import dev.keyhold.identity.usecase.UpdateOrganization;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AuditTrailUseCasesTest {

  private final TestKeyhold t = new TestKeyhold();
  private final AuditTrail audit = t.keyhold.audit();

  private Actor admin;
  private Actor ada;
  private OrgId acme;

  @BeforeEach
  void signUp() {
    admin = t.signUp("root@example.com");
    t.grantAdmin("root@example.com");
    ada = t.signUp("ada@example.com");
    acme = t.keyhold.organizations().create(new CreateOrganization.Command(ada, "Acme", "acme")).id();
  }

  @Test
  void the_whole_log_is_for_holders_of_the_platform_audit_scope() {
    assertThatThrownBy(() -> audit.search(ada, AuditFilter.none(), null, 10)).isInstanceOf(ForbiddenException.class);

    Page<AuditRecord> page = audit.search(admin, AuditFilter.none(), null, 100);

    assertThat(page.items()).extracting(record -> record.event().action())
        .as("newest first, the refusal just now included")
        .startsWith("access.denied", "org.created", "login.succeeded");
    assertThat(page.items()).extracting(AuditRecord::seq).isSortedAccordingTo((a, b) -> Long.compare(b, a));
    assertThat(page.nextCursor()).isNull();
  }

  @Test
  void pages_follow_their_cursors_without_gaps_or_repeats() {
    List<AuditRecord> all = audit.search(admin, AuditFilter.none(), null, 100).items();
    assertThat(all).as("more than two pages").hasSizeGreaterThan(6);

    List<AuditRecord> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      Page<AuditRecord> page = audit.search(admin, AuditFilter.none(), cursor, 3);
      seen.addAll(page.items());
      cursor = page.nextCursor();
      pages++;
    } while (cursor != null && pages < 100);

    assertThat(seen).containsExactlyElementsOf(all);
    assertThat(pages).isEqualTo((all.size() + 2) / 3);
  }

  @Test
  void a_page_that_ends_exactly_at_the_last_event_has_no_next_cursor() {
    int total = audit.search(admin, AuditFilter.none(), null, 100).items().size();

    Page<AuditRecord> page = audit.search(admin, AuditFilter.none(), null, total);

    assertThat(page.items()).hasSize(total);
    assertThat(page.nextCursor()).isNull();
  }

  @Test
  void new_events_do_not_shift_the_pages_already_given_out() {
    Page<AuditRecord> first = audit.search(admin, AuditFilter.none(), null, 2);
    Page<AuditRecord> second = audit.search(admin, AuditFilter.none(), first.nextCursor(), 2);
    t.signIn("ada@example.com");

    assertThat(audit.search(admin, AuditFilter.none(), first.nextCursor(), 2).items())
        .containsExactlyElementsOf(second.items());
  }

  @Test
  void filters_reach_the_log() {
    Page<AuditRecord> page = audit.search(admin,
        new AuditFilter(ada.userId().toString(), null, "login.succeeded", null, null, null), null, 100);

    assertThat(page.items()).isNotEmpty().allSatisfy(record -> {
      assertThat(record.event().actorId()).isEqualTo(ada.userId().toString());
      assertThat(record.event().action()).isEqualTo("login.succeeded");
    });
  }

  @Test
  void the_time_range_keeps_events_from_its_start_up_to_before_its_end() {
    Instant start = t.clock.instant();
    t.clock.advance(Duration.ofMinutes(1));
    t.signIn("ada@example.com");
    Instant end = t.clock.instant();
    t.clock.advance(Duration.ofMinutes(1));
    t.signIn("ada@example.com");

    assertThat(audit.search(admin, new AuditFilter(null, null, null, null, start.plusSeconds(1), end), null, 100)
        .items()).isEmpty();
    assertThat(audit.search(admin, new AuditFilter(null, null, null, null, end, end.plusSeconds(60)), null, 100)
        .items()).singleElement().satisfies(record -> assertThat(record.event().at()).isEqualTo(end));
  }

  @Test
  void a_time_range_that_does_not_end_after_it_starts_is_refused() {
    Instant at = t.clock.instant();

    assertThat(violation(() -> audit.search(admin, new AuditFilter(null, null, null, null, at, at), null, 10)))
        .isEqualTo(new ValidationException.Violation("to", "invalid_range",
            "The end of the time range must be after its start."));
    assertThat(violation(() -> audit.search(admin, new AuditFilter(null, null, null, null, at, at.minusSeconds(1)),
        null, 10)).code()).isEqualTo("invalid_range");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, 101})
  void a_limit_out_of_range_is_refused(int limit) {
    assertThat(violation(() -> audit.search(admin, AuditFilter.none(), null, limit)).code())
        .isEqualTo("invalid_limit");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "forged", "YXVkaXQ6MA", "YXVkaXQ6LTE", "YXVkaXQ6MDE", "YXVkaXQ6MQ==", "YXVkaXQ6",
      "dXNlcjox", "YXVkaXQ6OTIyMzM3MjAzNjg1NDc3NTgwOA", "YXVkaXQ6MSA", "!!!!"})
  void a_cursor_this_list_did_not_give_out_is_refused(String cursor) {
    assertThat(violation(() -> audit.search(admin, AuditFilter.none(), cursor, 10)))
        .satisfies(v -> {
          assertThat(v.field()).isEqualTo("cursor");
          assertThat(v.code()).isEqualTo("invalid_cursor");
        });
  }

  @Test
  void a_cursor_is_opaque_text_that_does_not_look_like_a_number() {
    String cursor = audit.search(admin, AuditFilter.none(), null, 1).nextCursor();

    assertThat(cursor).matches("[A-Za-z0-9_-]+").doesNotContainPattern("^[0-9]+$");
    assertThat(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII)).startsWith("audit:");
  }

  @Test
  void authorization_comes_before_validation() {
    assertThatThrownBy(() -> audit.search(ada, AuditFilter.none(), "forged", 0))
        .isInstanceOf(ForbiddenException.class);
    Actor outsider = t.signUp("eve@example.com");
    assertThatThrownBy(() -> audit.searchOrganization(outsider, acme, AuditFilter.none(), "forged", 0))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void an_organizations_log_holds_its_own_events_only() {
    Actor bob = t.signUp("bob@example.com");
    OrgId globex = t.keyhold.organizations().create(new CreateOrganization.Command(bob, "Globex", "globex")).id();
    t.keyhold.organizations().update(new UpdateOrganization.Command(ada, acme, "Acme Inc.", null));
    t.keyhold.organizations().update(new UpdateOrganization.Command(bob, globex, "Globex Corp.", null));

    Page<AuditRecord> page = audit.searchOrganization(ada, acme, AuditFilter.none(), null, 100);

    assertThat(page.items()).extracting(record -> record.event().action())
        .containsExactly("org.updated", "org.created");
    assertThat(page.items()).allSatisfy(record -> assertThat(record.event().orgId()).isEqualTo(acme.toString()));
    assertThat(audit.searchOrganization(ada, acme, AuditFilter.none().withOrgId(acme.toString()), null, 100).items())
        .containsExactlyElementsOf(page.items());
  }

  @Test
  void asking_an_organizations_log_for_another_organization_is_refused() {
    Actor bob = t.signUp("bob@example.com");
    OrgId globex = t.keyhold.organizations().create(new CreateOrganization.Command(bob, "Globex", "globex")).id();

    assertThat(violation(() -> audit.searchOrganization(ada, acme, AuditFilter.none().withOrgId(globex.toString()),
        null, 10)).field()).isEqualTo("org");
  }

  @Test
  void outsiders_get_not_found_and_members_without_the_scope_forbidden() {
    Actor outsider = t.signUp("eve@example.com");
    Actor member = t.signUp("bob@example.com");
    t.keyhold.organizations().invite(new InviteMember.Command(ada, acme, "bob@example.com", "member", null));
    t.keyhold.organizations()
        .acceptInvitation(new AcceptInvitation.Command(member, t.lastLinkTokenTo("bob@example.com")));

    assertThatThrownBy(() -> audit.searchOrganization(outsider, acme, AuditFilter.none(), null, 10))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> audit.searchOrganization(outsider, new OrgId(UUID.randomUUID()), AuditFilter.none(),
        null, 10)).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> audit.searchOrganization(member, acme, AuditFilter.none(), null, 10))
        .isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> audit.searchOrganization(admin, acme, AuditFilter.none(), null, 10))
        .as("platform administrators are not members").isInstanceOf(NotFoundException.class);
  }

  @Test
  void a_log_written_by_the_use_cases_verifies() {
    AuditTrail.Verification verification = audit.verify();

    assertThat(verification.intact()).isTrue();
    assertThat(verification.firstBreak()).isNull();
    assertThat(verification.eventsChecked()).isEqualTo(t.stores.auditEvents().size()).isPositive();
  }

  @Test
  void an_empty_log_verifies_with_nothing_checked() {
    AuditTrail.Verification verification = trailOver(new ListAuditLog()).verify();

    assertThat(verification).isEqualTo(new AuditTrail.Verification(0, null));
  }

  @Test
  void verification_reports_the_first_edited_record_and_how_many_it_checked() {
    ListAuditLog log = ListAuditLog.withEvents(30);
    log.replaceEvent(12, event("login.succeeded"));
    log.replaceEvent(20, event("login.succeeded"));

    AuditTrail.Verification verification = trailOver(log).verify();

    assertThat(verification.firstBreak()).isEqualTo(new AuditChain.Break(12, AuditChain.Reason.HASH_MISMATCH));
    assertThat(verification.eventsChecked()).isEqualTo(12);
    assertThat(verification.intact()).isFalse();
  }

  @Test
  void verification_carries_the_chain_across_batches() {
    int batch = 1000;
    ListAuditLog log = ListAuditLog.withEvents(2 * batch + 500);
    log.remove(batch);

    AuditTrail.Verification verification = trailOver(log).verify();

    assertThat(verification.firstBreak())
        .as("the first record of the second batch no longer links to the last of the first")
        .isEqualTo(new AuditChain.Break(batch + 1, AuditChain.Reason.PREVIOUS_HASH_MISMATCH));
    assertThat(verification.eventsChecked()).isEqualTo(batch);
  }

  @Test
  void verification_walks_every_batch_of_an_intact_log() {
    AuditTrail.Verification verification = trailOver(ListAuditLog.withEvents(2000)).verify();

    assertThat(verification).isEqualTo(new AuditTrail.Verification(2000, null));
  }

  private AuditTrail trailOver(AuditLog log) {
    MemoryStores stores = MemoryStores.create();
    AccessResolver grants =
        new AccessResolver(stores.organizations(), stores.memberships(), stores.roles(), stores.userRoles());
    return new AuditTrailService(log, new Authorizer(grants, new Auditor(stores.auditLog(), t.clock)::accessDenied));
  }

  private static ValidationException.Violation violation(Runnable call) {
    try {
      call.run();
    } catch (ValidationException e) {
      assertThat(e.violations()).hasSize(1);
      return e.violations().get(0);
    }
    throw new AssertionError("expected a validation failure");
  }

  private static AuditEvent event(String action) {
    return new AuditEvent(action, "success", null, null, null, CLIENT, Instant.parse("2026-03-01T09:00:00Z"),
        Map.of());
  }

  /** A log over a plain list, so that a test can change what is stored as someone with database access could. */
  private static final class ListAuditLog implements AuditLog {

    private final List<AuditRecord> records = new ArrayList<>();

    static ListAuditLog withEvents(int count) {
      ListAuditLog log = new ListAuditLog();
      for (int n = 0; n < count; n++) {
        log.append(new AuditEvent("login.failed", "failure", null, null, null, ClientInfo.unknown(),
            Instant.parse("2026-03-01T09:00:00Z").plusSeconds(n), Map.of("n", Integer.toString(n))));
      }
      return log;
    }

    @Override
    public AuditRecord append(AuditEvent event) {
      String previous = records.isEmpty() ? AuditChain.GENESIS : records.get(records.size() - 1).hash();
      AuditRecord record = AuditChain.link(previous, records.size() + 1L, event);
      records.add(record);
      return record;
    }

    /** Replaces the event of record {@code seq}, keeping its stored hashes. */
    void replaceEvent(long seq, AuditEvent event) {
      AuditRecord old = records.get((int) seq - 1);
      records.set((int) seq - 1, new AuditRecord(old.seq(), event, old.previousHash(), old.hash()));
    }

    void remove(long seq) {
      records.removeIf(record -> record.seq() == seq);
    }

    @Override
    public List<AuditRecord> search(AuditFilter filter, long beforeSeq, int limit) {
      throw new UnsupportedOperationException("not needed by verification");
    }

    @Override
    public List<AuditRecord> readChain(long afterSeq, int limit) {
      return records.stream().filter(record -> record.seq() > afterSeq).limit(limit).toList();
    }
  }
}
