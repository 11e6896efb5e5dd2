package dev.keyhold.adapter.jdbi;

import static dev.keyhold.identity.testkit.TestTimes.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyhold.identity.error.StoreUnavailableException;
import dev.keyhold.identity.model.ClientInfo;
import dev.keyhold.identity.model.access.BuiltInRoles;
import dev.keyhold.identity.model.audit.AuditEvent;
import dev.keyhold.identity.model.audit.AuditFilter;
import dev.keyhold.identity.model.key.StoredSigningKey;
import dev.keyhold.identity.model.org.Invitation;
import dev.keyhold.identity.model.org.Membership;
import dev.keyhold.identity.model.org.Organization;
import dev.keyhold.identity.model.token.OneTimeTokenPurpose;
import dev.keyhold.identity.model.token.RefreshSession;
import dev.keyhold.identity.model.token.RefreshToken;
import dev.keyhold.identity.model.user.User;
import dev.keyhold.identity.model.user.UserStatus;
import dev.keyhold.identity.spi.UserRepository;
import dev.keyhold.identity.testkit.Concurrently;
import dev.keyhold.identity.testkit.Concurrently.Outcome;
import dev.keyhold.identity.testkit.TestOrgs;
import dev.keyhold.identity.testkit.TestTokens;
import dev.keyhold.identity.testkit.TestUsers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Stores pointed at a local port nobody listens on: every answer must be "unavailable", never "absent". */
class UnreachableDatabaseTest {

  private static final String PASSWORD = "hunter2-unreachable";

  private static JdbiStores stores;

  @BeforeAll
  static void connectToAClosedPort() {
    stores = JdbiStores.connect(
        DatabaseSettings.fromUrl("postgresql://keyhold:" + PASSWORD + "@127.0.0.1:" + closedPort() + "/keyhold")
            .withConnectionTimeout(Duration.ofMillis(500)));
  }

  @AfterAll
  static void close() {
    stores.close();
  }

  @Test
  void every_repository_method_throws_store_unavailable_without_revealing_the_password() {
    Map<String, Runnable> calls = everyRepositoryMethod();
    List<String> names = new ArrayList<>(calls.keySet());

    List<Outcome<Void>> outcomes = Concurrently.run(names.size(), i -> calls.get(names.get(i)).run());

    for (int i = 0; i < names.size(); i++) {
      Throwable failure = outcomes.get(i).failure();
      assertThat(failure).as(names.get(i)).isInstanceOf(StoreUnavailableException.class);
      assertThat(((StoreUnavailableException) failure).code()).isEqualTo("store_unavailable");
      for (Throwable t = failure; t != null; t = t.getCause()) {
        assertThat(String.valueOf(t.getMessage())).as(names.get(i)).doesNotContain(PASSWORD);
      }
    }
  }

  @Test
  void readiness_is_false_and_does_not_throw() {
    assertThat(stores.isReady()).isFalse();
  }

  @Test
  void migrating_throws_store_unavailable() {
    assertThatThrownBy(() -> stores.migrate()).isInstanceOf(StoreUnavailableException.class);
  }

  private static Map<String, Runnable> everyRepositoryMethod() {
    User user = TestUsers.newUser();
    RefreshSession session = TestTokens.session(user.id(), T0);
    RefreshToken token = TestTokens.firstToken(session);
    StoredSigningKey key =
        new StoredSigningKey("kid-1", "RS256", "{\"kty\":\"RSA\"}", "c2VhbGVk", T0, T0, null, null);
    Organization organization = TestOrgs.organization("acme");
    Membership owner = TestOrgs.ownerOf(organization, user.id());
    Invitation invitation =
        TestOrgs.invitation(organization.id(), "ada@example.io", BuiltInRoles.MEMBER.id(), user.id(), T0);
    Map<String, Runnable> calls = new LinkedHashMap<>();
    calls.put("users.insert", () -> stores.users().insert(user));
    calls.put("users.findById", () -> stores.users().findById(user.id()));
    calls.put("users.findByEmail", () -> stores.users().findByEmail(user.email()));
    calls.put("users.markEmailVerified", () -> stores.users().markEmailVerified(user.id(), T0));
    calls.put("users.updatePasswordHash",
        () -> stores.users().updatePasswordHash(user.id(), TestUsers.PASSWORD_HASH, T0));
    calls.put("users.updateStatus", () -> stores.users().updateStatus(user.id(), UserStatus.DISABLED, T0));
    calls.put("users.search", () -> stores.users().search("ada", UserStatus.ACTIVE,
        new UserRepository.Position(user.email().normalized(), user.id()), 10));
    calls.put("refreshTokens.startSession", () -> stores.refreshTokens().startSession(session, token));
    calls.put("refreshTokens.findTokenByHash", () -> stores.refreshTokens().findTokenByHash(token.hash()));
    calls.put("refreshTokens.findSession", () -> stores.refreshTokens().findSession(session.id()));
    calls.put("refreshTokens.rotate",
        () -> stores.refreshTokens().rotate(token.id(), TestTokens.nextToken(token, T0), T0));
    calls.put("refreshTokens.revokeSession", () -> stores.refreshTokens().revokeSession(session.id(), T0));
    calls.put("refreshTokens.revokeAllSessions", () -> stores.refreshTokens().revokeAllSessions(user.id(), T0));
    calls.put("refreshTokens.findActiveSessions",
        () -> stores.refreshTokens().findActiveSessions(user.id(), T0));
    calls.put("oneTimeTokens.insert", () -> stores.oneTimeTokens()
        .insert(TestTokens.oneTimeToken(user.id(), OneTimeTokenPurpose.VERIFY_EMAIL, T0)));
    calls.put("oneTimeTokens.consume", () -> stores.oneTimeTokens()
        .consume(TestTokens.randomHash(), OneTimeTokenPurpose.VERIFY_EMAIL, T0));
    calls.put("oneTimeTokens.invalidateAll", () -> stores.oneTimeTokens()
        .invalidateAll(user.id(), OneTimeTokenPurpose.RESET_PASSWORD, T0));
    calls.put("auditLog.append", () -> stores.auditLog().append(new AuditEvent(
        "login.failed", "failure", null, null, null, ClientInfo.unknown(), T0, Map.of())));
    calls.put("auditLog.search", () -> stores.auditLog().search(AuditFilter.none(), Long.MAX_VALUE, 10));
    calls.put("auditLog.readChain", () -> stores.auditLog().readChain(0, 10));
    calls.put("signingKeys.findAll", () -> stores.signingKeys().findAll());
    calls.put("signingKeys.findCurrent", () -> stores.signingKeys().findCurrent());
    calls.put("signingKeys.insertFirst", () -> stores.signingKeys().insertFirst(key));
    calls.put("signingKeys.rotate", () -> stores.signingKeys().rotate(
        "kid-0", T0.plusSeconds(60), T0.plusSeconds(120), key));
    calls.put("signingKeys.deleteExpired", () -> stores.signingKeys().deleteExpired(T0));
    calls.put("organizations.create", () -> stores.organizations().create(organization, owner));
    calls.put("organizations.findById", () -> stores.organizations().findById(organization.id()));
    calls.put("organizations.findBySlug", () -> stores.organizations().findBySlug(organization.slug()));
    calls.put("organizations.update", () -> stores.organizations().update(organization));
    calls.put("organizations.delete", () -> stores.organizations().delete(organization.id()));
    calls.put("memberships.add", () -> stores.memberships().add(owner));
    calls.put("memberships.find", () -> stores.memberships().find(organization.id(), user.id()));
    calls.put("memberships.listByOrganization", () -> stores.memberships().listByOrganization(organization.id()));
    calls.put("memberships.listByUser", () -> stores.memberships().listByUser(user.id()));
    calls.put("memberships.changeRole", () -> stores.memberships()
        .changeRole(organization.id(), user.id(), BuiltInRoles.MEMBER.id(), BuiltInRoles.OWNER.id(), T0));
    calls.put("memberships.remove",
        () -> stores.memberships().remove(organization.id(), user.id(), BuiltInRoles.OWNER.id()));
    calls.put("memberships.countWithRole",
        () -> stores.memberships().countWithRole(organization.id(), BuiltInRoles.OWNER.id()));
    calls.put("roles.insert", () -> stores.roles().insert(TestOrgs.customRole(organization.id(), "auditor", T0)));
    calls.put("roles.findById", () -> stores.roles().findById(BuiltInRoles.OWNER.id()));
    calls.put("roles.listGlobal", () -> stores.roles().listGlobal());
    calls.put("roles.listForOrganization", () -> stores.roles().listForOrganization(organization.id()));
    calls.put("userRoles.grant", () -> stores.userRoles().grant(user.id(), BuiltInRoles.ADMIN.id(), T0));
    calls.put("userRoles.revoke", () -> stores.userRoles().revoke(user.id(), BuiltInRoles.ADMIN.id()));
    calls.put("userRoles.rolesOf", () -> stores.userRoles().rolesOf(user.id()));
    calls.put("invitations.insertReplacingPending", () -> stores.invitations().insertReplacingPending(invitation));
    calls.put("invitations.findById", () -> stores.invitations().findById(organization.id(), invitation.id()));
    calls.put("invitations.findByTokenHash", () -> stores.invitations().findByTokenHash(invitation.tokenHash()));
    calls.put("invitations.listPending", () -> stores.invitations().listPending(organization.id(), T0));
    calls.put("invitations.hasPending",
        () -> stores.invitations().hasPending(organization.id(), invitation.email(), T0));
    calls.put("invitations.revoke", () -> stores.invitations().revoke(organization.id(), invitation.id(), T0));
    calls.put("invitations.accept", () -> stores.invitations().accept(invitation.tokenHash(),
        TestOrgs.membership(organization.id(), user.id(), BuiltInRoles.MEMBER.id(), T0), T0));
    return calls;
  }

  private static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
