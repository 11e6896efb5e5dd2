package dev.keyhold.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/**
 * What an attacker tried by hand (issue 19): bodies that end early or are framed wrongly, text that is not Unicode,
 * oversized headers on every method and query parameters on routes that take none. Each is a 4xx problem+json, never
 * a 500, never a stack trace in the log, and nothing reaches the use case.
 */
class HostileInputTest extends HttpApiTestSupport {

  private static final String[] BODY_ROUTES =
      {"/api/v1/logout", "/api/v1/login", "/api/v1/register", "/api/v1/password-reset/request"};

  /** Keeps every event the server logs while a test runs. */
  private static final class Capture extends AppenderBase<ILoggingEvent> {
    final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();

    @Override
    protected void append(ILoggingEvent event) {
      event.prepareForDeferredProcessing();
      events.add(event);
    }
  }

  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private Capture capture;

  @BeforeEach
  void capture() {
    capture = new Capture();
    capture.start();
    root.addAppender(capture);
  }

  @AfterEach
  void release() {
    root.detachAppender(capture);
  }

  // --- bodies that end early or are framed wrongly ---

  @ParameterizedTest
  @ValueSource(strings = {"FFFFFFFFFFFFFFFFFFFF", "zz"})
  void a_chunk_size_that_is_no_number_is_400_malformed_body_without_an_error_log(String size) throws IOException {
    for (String path : BODY_ROUTES) {
      String response = halfClosed("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
          + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n" + size + "\r\n{}\r\n0\r\n\r\n");

      assertMalformedBody(path, response);
    }
    assertQuietLog();
  }

  @Test
  void a_body_shorter_than_its_content_length_is_400_malformed_body_without_an_error_log() throws IOException {
    for (String path : BODY_ROUTES) {
      String response = halfClosed("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
          + "Content-Length: 100\r\nConnection: close\r\n\r\n{\"email\":");

      assertMalformedBody(path, response);
    }
    assertQuietLog();
  }

  @Test
  void a_chunked_body_cut_short_is_400_malformed_body_without_an_error_log() throws IOException {
    for (String path : BODY_ROUTES) {
      String response = halfClosed("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
          + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n20\r\n{\"email\":");

      assertMalformedBody(path, response);
    }
    assertQuietLog();
  }

  private void assertMalformedBody(String path, String response) {
    assertThat(response).as(path).startsWith("HTTP/1.1 400 ");
    assertThat(response).as(path).containsIgnoringCase("Content-Type: application/problem+json");
    assertThat(response).as(path).contains("\"code\":\"malformed_body\"");
    assertThat(accounts.lastCommand).as(path).isNull();
    assertThat(sessions.lastCommand).as(path).isNull();
  }

  private void assertQuietLog() {
    assertThat(capture.events).noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.ERROR));
    assertThat(capture.events).noneMatch(e -> e.getThrowableProxy() != null);
  }

  // --- text that is not Unicode ---

  @Test
  void a_json_escape_that_leaves_a_lone_surrogate_is_refused_as_invalid_text() {
    Response response = postJson("/api/v1/register",
        "{\"email\":\"ada@example.com\",\"password\":\"\\ud800correct horse battery\",\"display_name\":\"Ada\"}");

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.code()).isEqualTo("validation_failed");
    assertThat(response.json().path("errors").get(0).path("field").asText()).isEqualTo("password");
    assertThat(response.json().path("errors").get(0).path("code").asText()).isEqualTo("invalid_text");
    assertThat(accounts.lastCommand).isNull();
  }

  @Test
  void a_low_surrogate_without_its_high_half_and_a_reversed_pair_are_refused_too() {
    for (String text : List.of("Ada\\udc00", "\\udc00\\ud800", "x\\ud800")) {
      Response response = postJson("/api/v1/register",
          "{\"email\":\"ada@example.com\",\"password\":\"correct horse battery\",\"display_name\":\"" + text + "\"}");

      assertThat(response.status()).as(text).isEqualTo(400);
      assertThat(response.json().path("errors").get(0).path("field").asText()).isEqualTo("display_name");
      assertThat(response.json().path("errors").get(0).path("code").asText()).isEqualTo("invalid_text");
    }
    assertThat(accounts.lastCommand).isNull();
  }

  @Test
  void a_proper_surrogate_pair_is_accepted() {
    Response response = postJson("/api/v1/register",
        "{\"email\":\"ada@example.com\",\"password\":\"\\ud83d\\udd11correct horse\",\"display_name\":\"Ada\"}");

    assertThat(response.status()).isEqualTo(202);
  }

  @Test
  void raw_bytes_that_are_not_utf_8_are_refused_and_reach_no_use_case() throws IOException {
    byte[][] bodies = {
        // a surrogate encoded as UTF-8 (CESU-8), a stray continuation byte, an overlong '/', a byte UTF-8 never uses
        bytes("{\"email\":\"ada@example.com\",\"password\":\"", 0xED, 0xA0, 0x80, "correct horse\"}"),
        bytes("{\"email\":\"ada@example.com\",\"password\":\"", 0x80, "correct horse\"}"),
        bytes("{\"email\":\"ada@example.com\",\"password\":\"", 0xC0, 0xAF, "correct horse\"}"),
        bytes("{\"email\":\"ada@example.com\",\"password\":\"", 0xFF, "correct horse\"}"),
    };
    for (byte[] body : bodies) {
      String response = rawBytes(("POST /api/v1/register HTTP/1.1\r\nHost: localhost\r\n"
          + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII), body);

      assertThat(response).startsWith("HTTP/1.1 400 ");
      assertThat(response).containsPattern("\"code\":\"(malformed_json|validation_failed)\"");
    }
    assertThat(accounts.lastCommand).isNull();
  }

  private static byte[] bytes(Object... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Object part : parts) {
      if (part instanceof String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
      } else {
        out.write((Integer) part);
      }
    }
    return out.toByteArray();
  }

  // --- oversized headers on every method ---

  @ParameterizedTest
  @ValueSource(strings = {"GET", "POST", "PATCH", "DELETE", "PUT"})
  void oversized_headers_are_431_problem_json_whatever_the_method(String method) throws IOException {
    String response = raw(method + " /api/v1/me HTTP/1.1\r\nHost: localhost\r\nX-Padding: " + "a".repeat(20_000)
        + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");

    assertThat(response).startsWith("HTTP/1.1 431 ");
    assertThat(response).containsIgnoringCase("Content-Type: application/problem+json");
    assertThat(response).contains("\"code\":\"header_fields_too_large\"");
  }

  // --- query parameters on routes that take none ---

  @ParameterizedTest
  @ValueSource(strings = {
      "/api/v1/me", "/api/v1/roles", "/api/v1/me/sessions", "/api/v1/me/identities", "/api/v1/orgs",
      "/api/v1/orgs/0b6c6c1e-3f0e-4c43-9a55-000000000001",
      "/api/v1/orgs/0b6c6c1e-3f0e-4c43-9a55-000000000001/invitations",
      "/api/v1/orgs/0b6c6c1e-3f0e-4c43-9a55-000000000001/members",
      "/api/v1/orgs/0b6c6c1e-3f0e-4c43-9a55-000000000001/roles",
      "/api/v1/admin/users/0b6c6c1e-3f0e-4c43-9a55-3f4f3f4f3f4f", "/api/v1/oauth/providers"})
  void a_get_route_without_parameters_refuses_an_unknown_one(String path) {
    Response response = get(path + "?fields=all", "Authorization", BEARER);

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.code()).isEqualTo("validation_failed");
    assertThat(response.json().path("errors").get(0).path("field").asText()).isEqualTo("fields");
    assertThat(response.json().path("errors").get(0).path("code").asText()).isEqualTo("unknown_field");
  }

  @Test
  void without_a_token_the_unknown_parameter_is_not_looked_at() {
    Response response = get("/api/v1/me?fields=all");

    assertThat(response.status()).isEqualTo(401);
  }

  /** Writes {@code request}, half-closes the connection as a client that has nothing more to send, reads the answer. */
  private String halfClosed(String request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", api().port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.UTF_8));
      out.flush();
      socket.shutdownOutput();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private String rawBytes(byte[] head, byte[] body) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", api().port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(head);
      out.write(body);
      out.flush();
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
