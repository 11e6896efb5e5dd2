package dev.keyhold.adapter.memory;

import static dev.keyhold.identity.testkit.TestTimes.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyhold.identity.model.ClientInfo;
import dev.keyhold.identity.model.access.BuiltInRoles;
import dev.keyhold.identity.model.audit.AuditEvent;
import dev.keyhold.identity.model.mfa.TotpCredential;
import dev.keyhold.identity.model.token.OneTimeTokenPurpose;
import dev.keyhold.identity.model.token.TokenHash;
import dev.keyhold.identity.spi.AuditLog;
import dev.keyhold.identity.spi.Mailer;
import dev.keyhold.identity.spi.RecoveryCodeRepository;
import dev.keyhold.identity.spi.TotpCredentialRepository;
import dev.keyhold.identity.spi.UserRepository;
import dev.keyhold.identity.testkit.TestMails;
import dev.keyhold.identity.testkit.TestOrgs;
import dev.keyhold.identity.testkit.TestTokens;
import dev.keyhold.identity.testkit.TestUsers;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MemoryStoresTest {

  @Test
  void memory_stores_are_always_ready() {
    assertThat(MemoryStores.create().isReady()).isTrue();
  }

  @Test
  void each_instance_has_its_own_data() {
    MemoryStores first = MemoryStores.create();
    MemoryStores second = MemoryStores.create();
    var user = TestUsers.newUser();

    first.users().insert(user);

    assertThat(second.users().findById(user.id())).isEmpty();
  }

  @Test
  void each_instance_has_its_own_organizations_and_roles() {
    MemoryStores first = MemoryStores.create();
    MemoryStores second = MemoryStores.create();
    var owner = TestUsers.newUser();
    first.users().insert(owner);
    var organization = TestOrgs.organization("acme");
    first.organizations().create(organization, TestOrgs.ownerOf(organization, owner.id()));
    var role = TestOrgs.globalRole("auditor", T0);
    first.roles().insert(role);

    assertThat(second.organizations().findBySlug("acme")).isEmpty();
    assertThat(second.memberships().listByUser(owner.id())).isEmpty();
    assertThat(second.roles().findById(role.id())).isEmpty();
    assertThat(second.roles().listGlobal()).containsExactly(BuiltInRoles.ADMIN, BuiltInRoles.USER);
  }

  @Test
  void audit_events_are_read_back_in_append_order_as_an_unmodifiable_snapshot() {
    MemoryStores stores = MemoryStores.create();
    AuditEvent login = event("login.succeeded");
    AuditEvent logout = event("logout.succeeded");
    stores.auditLog().append(login);
    List<AuditEvent> snapshot = stores.auditEvents();
    stores.auditLog().append(logout);

    assertThat(snapshot).containsExactly(login);
    assertThat(stores.auditEvents()).containsExactly(login, logout);
    assertThatThrownBy(() -> snapshot.add(logout)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void outbox_messages_are_every_enqueued_message_in_order_also_after_sending() {
    MemoryStores stores = MemoryStores.create();
    var user = TestUsers.newUser();
    stores.users().insert(user);
    Mailer.Message first = TestMails.message("ada@example.io");
    Mailer.Message second = TestMails.message("grace@example.io");
    UUID firstId = UUID.randomUUID();
    stores.mailOutbox().enqueue(firstId, first, T0);
    stores.oneTimeTokens().insertWithMail(
        TestTokens.oneTimeToken(user.id(), OneTimeTokenPurpose.VERIFY_EMAIL, T0), UUID.randomUUID(), second);
    stores.mailOutbox().markSent(firstId, T0.plusSeconds(1));

    assertThat(stores.outboxMessages()).containsExactly(first, second);
    assertThatThrownBy(() -> stores.outboxMessages().clear()).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void enqueueing_a_mail_id_twice_throws_illegal_state_and_keeps_the_first() {
    MemoryStores stores = MemoryStores.create();
    UUID id = UUID.randomUUID();
    Mailer.Message first = TestMails.message("ada@example.io");
    stores.mailOutbox().enqueue(id, first, T0);

    assertThatThrownBy(() -> stores.mailOutbox().enqueue(id, TestMails.message("eve@example.io"), T0))
        .isInstanceOf(IllegalStateException.class);

    assertThat(stores.outboxMessages()).containsExactly(first);
    assertThat(stores.mailOutbox().backlog()).isEqualTo(1);
  }

  @Test
  void a_token_whose_mail_id_is_taken_is_not_stored() {
    MemoryStores stores = MemoryStores.create();
    var user = TestUsers.newUser();
    stores.users().insert(user);
    UUID id = UUID.randomUUID();
    stores.mailOutbox().enqueue(id, TestMails.message("ada@example.io"), T0);
    var token = TestTokens.oneTimeToken(user.id(), OneTimeTokenPurpose.VERIFY_EMAIL, T0);

    assertThatThrownBy(() -> stores.oneTimeTokens().insertWithMail(token, id, TestMails.message("x@example.io")))
        .isInstanceOf(IllegalStateException.class);

    assertThat(stores.oneTimeTokens().consume(token.hash(), OneTimeTokenPurpose.VERIFY_EMAIL, T0.plusSeconds(1)))
        .isEmpty();
  }

  @Test
  void a_replaced_repository_is_the_one_the_stores_hand_out_and_receives_their_writes() {
    UserRepository mine = MemoryStores.create().users();
    AuditLog myLog = MemoryStores.create().auditLog();
    MemoryStores stores = MemoryStores.builder().users(mine).auditLog(myLog).build();
    var user = TestUsers.newUser();

    stores.users().insert(user);
    stores.auditLog().append(event("login.succeeded"));

    assertThat(stores.users()).isSameAs(mine);
    assertThat(mine.findById(user.id())).contains(user);
    assertThat(stores.auditLog()).isSameAs(myLog);
    assertThat(myLog.readChain(0, 10)).hasSize(1);
  }

  @Test
  void replaced_second_factor_repositories_are_the_ones_the_stores_hand_out_and_receive_their_writes() {
    MemoryStores source = MemoryStores.create();
    TotpCredentialRepository myCredentials = source.totpCredentials();
    RecoveryCodeRepository myCodes = source.recoveryCodes();
    MemoryStores stores = MemoryStores.builder().totpCredentials(myCredentials).recoveryCodes(myCodes).build();
    var user = TestUsers.newUser();
    TotpCredential pending = TotpCredential.pending(user.id(), "sealed-secret", T0);
    TokenHash code = TestTokens.randomHash();

    stores.totpCredentials().savePending(pending);
    stores.recoveryCodes().replace(user.id(), List.of(code), T0);

    assertThat(stores.totpCredentials()).isSameAs(myCredentials);
    assertThat(myCredentials.find(user.id())).contains(pending);
    assertThat(stores.recoveryCodes()).isSameAs(myCodes);
    assertThat(myCodes.use(user.id(), code, T0.plusSeconds(1))).isTrue();
  }

  @Test
  void the_repositories_not_replaced_stay_in_memory_and_work_together() {
    UserRepository mine = MemoryStores.create().users();
    MemoryStores stores = MemoryStores.builder().users(mine).build();
    var owner = TestUsers.newUser();
    mine.insert(owner);
    var organization = TestOrgs.organization("acme");

    stores.organizations().create(organization, TestOrgs.ownerOf(organization, owner.id()));

    assertThat(stores.refreshTokens()).isInstanceOf(MemoryRefreshTokenRepository.class);
    assertThat(stores.organizations()).isInstanceOf(MemoryOrganizationRepository.class);
    assertThat(stores.memberships().listByUser(owner.id())).hasSize(1);
    assertThat(stores.roles().listGlobal()).containsExactly(BuiltInRoles.ADMIN, BuiltInRoles.USER);
  }

  @Test
  void stores_built_without_replacements_are_all_memory_and_empty() {
    MemoryStores stores = MemoryStores.builder().build();

    assertThat(stores.users()).isInstanceOf(MemoryUserRepository.class);
    assertThat(stores.auditLog()).isInstanceOf(MemoryAuditLog.class);
    assertThat(stores.signingKeys()).isInstanceOf(MemorySigningKeyRepository.class);
    assertThat(stores.userRoles()).isInstanceOf(MemoryUserRoleRepository.class);
    assertThat(stores.linkRequests()).isInstanceOf(MemoryLinkRequestQueue.class);
    assertThat(stores.totpCredentials()).isInstanceOf(MemoryTotpCredentialRepository.class);
    assertThat(stores.recoveryCodes()).isInstanceOf(MemoryRecoveryCodeRepository.class);
    assertThat(stores.auditEvents()).isEmpty();
  }

  @Test
  void audit_events_cannot_be_read_back_from_a_replaced_audit_log() {
    MemoryStores stores = MemoryStores.builder().auditLog(MemoryStores.create().auditLog()).build();

    assertThatThrownBy(stores::auditEvents).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not a memory one");
  }

  @Test
  void a_replacement_cannot_be_null() {
    assertThatThrownBy(() -> MemoryStores.builder().users(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("users");
    assertThatThrownBy(() -> MemoryStores.builder().totpCredentials(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("totpCredentials");
    assertThatThrownBy(() -> MemoryStores.builder().recoveryCodes(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("recoveryCodes");
  }

  private static AuditEvent event(String action) {
    return new AuditEvent(action, "success", null, null, null, ClientInfo.unknown(), T0, Map.of());
  }
}
