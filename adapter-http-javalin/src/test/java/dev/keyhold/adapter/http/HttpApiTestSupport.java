package dev.keyhold.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/** Runs the real server on a random port against the fakes, with a small HTTP client around it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class HttpApiTestSupport {

  static final ObjectMapper JSON = new ObjectMapper();
  static final String UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
  static final String BEARER = "Bearer " + FakeSessions.VALID_ACCESS_TOKEN;

  final FakeAccounts accounts = new FakeAccounts();
  final FakeSessions sessions = new FakeSessions();
  final FakeTwoFactor twoFactor = new FakeTwoFactor();
  final FakeExternalLogin externalLogin = new FakeExternalLogin();
  final FakeOrganizations organizations = new FakeOrganizations();
  final FakeAdministration administration = new FakeAdministration();
  final FakeAuditTrail auditTrail = new FakeAuditTrail();
  /** The required readiness check, named {@code database}. */
  final AtomicReference<BooleanSupplier> readiness = new AtomicReference<>(() -> true);
  /** The optional readiness check, named {@code cache}. */
  final AtomicReference<BooleanSupplier> optionalReadiness = new AtomicReference<>(() -> true);
  private HttpApi api;
  private HttpClient client;

  /** The settings of the server under test; override to change them for a whole class. */
  HttpApiSettings settings() {
    return new HttpApiSettings("127.0.0.1", 0, 65_536);
  }

  /** How the server's pages for mailed links look; override to change them for a whole class. */
  PageSettings pages() {
    return PageSettings.defaults();
  }

  /** The issuer whose discovery metadata the server serves, or {@code null} to serve none. */
  String issuer() {
    return "https://keyhold.test";
  }

  /** The refresh cookie's settings, or {@code null} (the default) to keep the cookie mode off. */
  RefreshCookieSettings refreshCookie() {
    return null;
  }

  /** The metrics of the server under test, or {@code null} (the default) to serve none. */
  HttpMetrics metrics() {
    return null;
  }

  @BeforeAll
  void startServer() {
    HttpApi.Builder builder = HttpApi.builder(settings())
        .accounts(accounts)
        .sessions(sessions)
        .twoFactor(twoFactor)
        .externalLogin(externalLogin)
        .organizations(organizations)
        .administration(administration)
        .auditTrail(auditTrail)
        .readiness(ReadinessCheck.required("database", () -> readiness.get().getAsBoolean()))
        .readiness(ReadinessCheck.optional("cache", () -> optionalReadiness.get().getAsBoolean()))
        .pages(pages());
    if (metrics() != null) {
      builder.metrics(metrics());
    }
    if (issuer() != null) {
      builder.issuer(issuer());
    }
    if (refreshCookie() != null) {
      builder.refreshCookie(refreshCookie());
    }
    api = builder.build().start();
    client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  HttpApi api() {
    return api;
  }

  @AfterAll
  void stopServer() {
    api.stop();
  }

  @BeforeEach
  void resetFakes() {
    accounts.reset();
    sessions.reset();
    twoFactor.reset();
    externalLogin.reset();
    organizations.reset();
    administration.reset();
    auditTrail.reset();
    readiness.set(() -> true);
    optionalReadiness.set(() -> true);
  }

  Response postJson(String path, String body, String... headers) {
    return post(path, "application/json", body, headers);
  }

  Response post(String path, String contentType, String body, String... headers) {
    HttpRequest.Builder request = request(path, headers).POST(BodyPublishers.ofString(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    return send(request);
  }

  Response post(String path, String contentType, BodyPublisher body, String... headers) {
    return send(request(path, headers).header("Content-Type", contentType).POST(body));
  }

  Response get(String path, String... headers) {
    return send(request(path, headers).GET());
  }

  /** A request with any method and, unless {@code body} is null, a JSON body. */
  Response sendJson(String method, String path, String body, String... headers) {
    HttpRequest.Builder request = request(path, headers);
    if (body == null) {
      request.method(method, BodyPublishers.noBody());
    } else {
      request.header("Content-Type", "application/json").method(method, BodyPublishers.ofString(body));
    }
    return send(request);
  }

  /** {@link #sendJson} with the access token the fake sessions accept. */
  Response authorized(String method, String path, String body, String... headers) {
    String[] withToken = Arrays.copyOf(headers, headers.length + 2);
    withToken[headers.length] = "Authorization";
    withToken[headers.length + 1] = BEARER;
    return sendJson(method, path, body, withToken);
  }

  Response send(String method, String path, String... headers) {
    return send(request(path, headers).method(method, BodyPublishers.noBody()));
  }

  HttpRequest.Builder request(String path, String... headers) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path)).timeout(Duration.ofSeconds(10));
    if (headers.length > 0) {
      builder.headers(headers);
    }
    return builder;
  }

  Response send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), response.headers(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Writes {@code request} as it is on a new connection and answers everything the server sends back. */
  String raw(String request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", api.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  record Response(int status, HttpHeaders headers, String body) {

    String header(String name) {
      return headers.firstValue(name).orElse(null);
    }

    String contentType() {
      return header("Content-Type");
    }

    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + body, e);
      }
    }

    String code() {
      return json().path("code").asText(null);
    }
  }
}
