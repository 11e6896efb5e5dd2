package dev.keyhold.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyhold.identity.model.ClientInfo;
import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.usecase.ChangePassword;
import dev.keyhold.identity.usecase.ResetPassword;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The host a request names ({@code Host}, {@code X-Forwarded-Host}, {@code Forwarded: host=}, an absolute request
 * target) never reaches the password use cases: they get the body's fields and the {@link ClientInfo} alone, so a
 * reset link cannot be pointed at an attacker's site. Written on a raw socket, since {@code java.net.http} refuses to
 * send a {@code Host} header of the caller's choosing.
 */
class PasswordHostHeaderTest {

  private static final String EVIL = "evil.example";
  private static final String USER_AGENT = "host-header-test/1.0";
  private static final String REQUEST_ID = "host-header-check-1";
  private static final String SPOOFING_HEADERS = "Host: " + EVIL + "\r\n"
      + "X-Forwarded-Host: " + EVIL + "\r\n"
      + "X-Forwarded-Proto: https\r\n"
      + "X-Forwarded-Port: 443\r\n"
      + "Forwarded: host=" + EVIL + ";proto=https\r\n";

  abstract static class Cases extends HttpApiTestSupport {

    /** Extra request headers, such as {@code X-Forwarded-For}. */
    abstract String extraHeaders();

    /** The client address the use case should be told. */
    abstract String expectedAddress();

    private ClientInfo expectedClient() {
      return new ClientInfo(expectedAddress(), USER_AGENT, REQUEST_ID);
    }

    /** POSTs {@code json} to {@code path}, in origin form or in absolute form naming the evil host. */
    private String spoofed(String form, String path, String json, String authorization) throws IOException {
      String target = form.equals("absolute") ? "http://" + EVIL + path : path;
      byte[] body = json.getBytes(StandardCharsets.UTF_8);
      String response = raw("POST " + target + " HTTP/1.1\r\n"
          + SPOOFING_HEADERS
          + extraHeaders()
          + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
          + "User-Agent: " + USER_AGENT + "\r\n"
          + "X-Request-Id: " + REQUEST_ID + "\r\n"
          + "Content-Type: application/json\r\n"
          + "Content-Length: " + body.length + "\r\n"
          + "Connection: close\r\n\r\n"
          + json);
      assertThat(response).doesNotContainIgnoringCase(EVIL);
      return response;
    }

    @ParameterizedTest
    @ValueSource(strings = {"origin", "absolute"})
    void a_reset_request_passes_only_the_email_and_the_client(String form) throws IOException {
      String response = spoofed(form, "/api/v1/password-reset/request", "{\"email\": \"ada@example.com\"}", null);

      assertThat(response).startsWith("HTTP/1.1 202 ")
          .contains("If the address has an account, we have sent a link to reset its password.");
      assertThat(accounts.lastCommand)
          .isEqualTo(new ResetPassword.Request("ada@example.com", expectedClient()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"origin", "absolute"})
    void a_reset_confirmation_passes_only_the_token_the_password_and_the_client(String form) throws IOException {
      String response = spoofed(form, "/api/v1/password-reset/confirm",
          "{\"token\": \"link-token\", \"new_password\": \"a new passphrase\"}", null);

      assertThat(response).startsWith("HTTP/1.1 204 ");
      assertThat(accounts.lastCommand)
          .isEqualTo(new ResetPassword.Confirmation("link-token", "a new passphrase", expectedClient()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"origin", "absolute"})
    void a_password_change_passes_only_the_caller_and_the_passwords(String form) throws IOException {
      String response = spoofed(form, "/api/v1/me/password",
          "{\"current_password\": \"correct horse\", \"new_password\": \"a new passphrase\"}", BEARER);

      assertThat(response).startsWith("HTTP/1.1 200 ").contains("\"revoked_sessions\":2");
      assertThat(accounts.lastCommand).isEqualTo(new ChangePassword.Command(
          new Actor(FakeAccounts.USER, FakeSessions.SESSION, expectedClient()), "correct horse", "a new passphrase"));
    }
  }

  /** No proxies configured: the socket peer is the client, and forwarding headers are anyone's to send. */
  @Nested
  class FromAClientDirectly extends Cases {

    @Override
    String extraHeaders() {
      return "X-Forwarded-For: 203.0.113.7\r\n";
    }

    @Override
    String expectedAddress() {
      return "127.0.0.1";
    }
  }

  /** The test client at 127.0.0.1 is a trusted proxy: its X-Forwarded-For counts, its host headers still do not. */
  @Nested
  class BehindATrustedProxy extends Cases {

    @Override
    HttpApiSettings settings() {
      return new HttpApiSettings("127.0.0.1", 0, 65_536, List.of("127.0.0.1"));
    }

    @Override
    String extraHeaders() {
      return "X-Forwarded-For: 203.0.113.7\r\n";
    }

    @Override
    String expectedAddress() {
      return "203.0.113.7";
    }
  }
}
