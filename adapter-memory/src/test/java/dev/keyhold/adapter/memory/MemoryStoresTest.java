package dev.keyhold.adapter.memory;

import static dev.keyhold.identity.testkit.TestTimes.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyhold.identity.model.ClientInfo;
import dev.keyhold.identity.model.access.BuiltInRoles;
import dev.keyhold.identity.model.audit.AuditEvent;
import dev.keyhold.identity.testkit.TestOrgs;
import dev.keyhold.identity.testkit.TestUsers;
import java.util.List;
import java.util.Map;
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

  private static AuditEvent event(String action) {
    return new AuditEvent(action, "success", null, null, null, ClientInfo.unknown(), T0, Map.of());
  }
}
