package dev.keyhold.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.usecase.Authenticate;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The address the use cases see as {@code ClientInfo.ipAddress}, with and without a trusted proxy in front. */
class ClientAddressTest {

  private static final String LOGIN = "{\"email\": \"ada@example.com\", \"password\": \"correct horse\"}";

  private static String loginAddress(FakeAccounts accounts) {
    return ((Authenticate.Command) accounts.lastCommand).client().ipAddress();
  }

  /** The test client connects from 127.0.0.1, which this server trusts as a proxy. */
  @Nested
  class BehindATrustedProxy extends HttpApiTestSupport {

    @Override
    HttpApiSettings settings() {
      return new HttpApiSettings("127.0.0.1", 0, 65_536, List.of("127.0.0.1", "10.0.0.0/8"));
    }

    @Test
    void the_use_case_gets_the_first_untrusted_address_from_the_right_of_x_forwarded_for() {
      postJson("/api/v1/login", LOGIN, "X-Forwarded-For", "198.51.100.1, 203.0.113.7, 10.1.2.3");

      assertThat(loginAddress(accounts)).isEqualTo("203.0.113.7");
    }

    @Test
    void an_authenticated_caller_gets_the_forwarded_address_too() {
      authorized("POST", "/api/v1/orgs", "{\"name\": \"Acme\", \"slug\": \"acme\"}",
          "X-Forwarded-For", "[2001:DB8::7]:4711");

      Actor actor = organizations.lastCall.actor();
      assertThat(actor.client().ipAddress()).isEqualTo("2001:db8::7");
    }

    @Test
    void without_x_forwarded_for_the_proxy_itself_is_the_client() {
      postJson("/api/v1/login", LOGIN);

      assertThat(loginAddress(accounts)).isEqualTo("127.0.0.1");
    }
  }

  /** Proxies are configured, but the test client at 127.0.0.1 is not one of them. */
  @Nested
  class FromAnUntrustedPeer extends HttpApiTestSupport {

    @Override
    HttpApiSettings settings() {
      return new HttpApiSettings("127.0.0.1", 0, 65_536, List.of("10.0.0.0/8"));
    }

    @Test
    void a_spoofed_x_forwarded_for_is_ignored_and_the_use_case_gets_the_socket_peer() {
      postJson("/api/v1/login", LOGIN, "X-Forwarded-For", "203.0.113.7, 10.0.0.1");

      assertThat(loginAddress(accounts)).isEqualTo("127.0.0.1");
    }
  }
}
