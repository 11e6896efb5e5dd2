package dev.keyhold.identity.testkit;

import static dev.keyhold.identity.testkit.TestTimes.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyhold.identity.model.ClientInfo;
import dev.keyhold.identity.model.audit.AuditEvent;
import dev.keyhold.identity.model.audit.AuditFilter;
import dev.keyhold.identity.model.audit.AuditRecord;
import dev.keyhold.identity.model.token.RefreshSession;
import dev.keyhold.identity.model.token.RefreshToken;
import dev.keyhold.identity.model.user.User;
import dev.keyhold.identity.spi.IdentityStores;
import dev.keyhold.identity.spi.Transactions;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link Transactions} that every store set keeps, atomic or not: the work's answer and its
 * exceptions come back unchanged, and what it did stands once it returns. Stores whose units are atomic extend
 * {@link AtomicTransactionsContract} instead, which adds rollback and isolation. The work used throughout is the one
 * the core does in a unit: a refresh token's rotation and the audit event that records it.
 */
public abstract class TransactionsContract {

  /** Stores that hold nothing, called once before each test (a database-backed adapter may empty its tables). */
  protected abstract IdentityStores createEmpty();

  /** The stores under test. */
  protected IdentityStores stores;
  /** An unused first token of a started session. */
  protected RefreshToken first;
  /** The token that rotating {@link #first} stores. */
  protected RefreshToken replacement;
  /** A distinct action name for this test's audit events, so that searching finds only them. */
  protected String action;

  @BeforeEach
  void startSession() {
    stores = createEmpty();
    User user = TestUsers.newUser();
    stores.users().insert(user);
    RefreshSession session = TestTokens.session(user.id(), T0);
    first = TestTokens.firstToken(session);
    stores.refreshTokens().startSession(session, first);
    replacement = TestTokens.nextToken(first, T0.plusSeconds(60));
    action = "contract.rotated." + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void a_unit_returns_its_work_s_answer_and_what_it_did_stands() {
    boolean rotated = stores.transactions().inTransaction(this::rotateAndRecord);

    assertThat(rotated).isTrue();
    assertRotated();
  }

  @Test
  void an_exception_the_work_throws_comes_out_unchanged() {
    IllegalStateException refusal = new IllegalStateException("refused by the work");

    assertThatThrownBy(() -> stores.transactions().inTransaction(() -> {
      throw refusal;
    })).isSameAs(refusal);
  }

  @Test
  void a_unit_inside_another_runs_and_answers_like_the_outer_one() {
    boolean rotated = stores.transactions().inTransaction(() -> stores.transactions().inTransaction(
        this::rotateAndRecord));

    assertThat(rotated).isTrue();
    assertRotated();
  }

  /** Rotates {@link #first} to {@link #replacement} and records it in the audit log, as the core's refresh does. */
  protected boolean rotateAndRecord() {
    boolean rotated = stores.refreshTokens().rotate(first.id(), replacement, T0.plusSeconds(60));
    stores.auditLog().submit(new AuditEvent(action, "success", first.userId().toString(),
        first.sessionId().toString(), null, ClientInfo.unknown(), T0.plusSeconds(60), Map.of()));
    return rotated;
  }

  /** The audit events of this test's action. */
  protected List<AuditRecord> recorded() {
    return stores.auditLog().search(new AuditFilter(null, null, action, null, null, null), Long.MAX_VALUE, 10);
  }

  /** {@link #rotateAndRecord} stands: the token is used, its replacement stored, the event recorded. */
  protected void assertRotated() {
    assertThat(stores.refreshTokens().findTokenByHash(first.hash())).hasValueSatisfying(
        token -> assertThat(token.used()).isTrue());
    assertThat(stores.refreshTokens().findTokenByHash(replacement.hash())).contains(replacement);
    assertThat(recorded()).hasSize(1);
  }

  /** Nothing of {@link #rotateAndRecord} stands (as seen by this thread or any other). */
  protected void assertNotRotated() {
    assertThat(stores.refreshTokens().findTokenByHash(first.hash())).contains(first);
    assertThat(stores.refreshTokens().findTokenByHash(replacement.hash())).isEmpty();
    assertThat(recorded()).isEmpty();
  }
}
