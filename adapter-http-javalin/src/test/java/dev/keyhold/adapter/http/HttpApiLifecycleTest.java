package dev.keyhold.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class HttpApiLifecycleTest {

  @Test
  void port_zero_binds_a_free_port_that_serves_until_stopped() throws Exception {
    HttpApi api = api(new FakeAccounts()).start();
    try {
      assertThat(api.port()).isPositive();
      HttpResponse<String> response = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + "/health/live")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
    } finally {
      api.stop();
    }
  }

  @Test
  void stopping_refuses_new_connections_at_once_and_answers_every_connection_already_accepted() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    FakeAccounts accounts = new FakeAccounts();
    accounts.verifyEmail = command -> {
      entered.countDown();
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return FakeAccounts.USER;
    };
    // silence while stopping closes a connection after a second by default; this test pauses for as long as the
    // machine takes between steps, so it allows minutes
    HttpApi api = builder(accounts)
        .slowClients(SlowClientLimits.DEFAULTS.withStopIdleTimeout(Duration.ofMinutes(2)))
        .build().start();
    int port = api.port();
    CompletableFuture<HttpResponse<String>> inFlight = HttpClient.newHttpClient().sendAsync(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/verify-email"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"token\": \"t\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
    // a connection accepted before the stop, whose request comes after the port has closed
    java.net.Socket accepted = new java.net.Socket("127.0.0.1", port);

    CompletableFuture<Void> stopped = CompletableFuture.runAsync(api::stop);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    boolean refused = false;
    while (!refused && System.nanoTime() < deadline) {
      try (java.net.Socket probe = new java.net.Socket("127.0.0.1", port)) {
        Thread.onSpinWait();
      } catch (java.net.ConnectException e) {
        refused = true;
      }
    }
    assertThat(refused).as("the listening socket closes while a request is still running").isTrue();
    assertThat(stopped).as("stop waits for the request in flight").isNotDone();
    try (accepted) {
      accepted.getOutputStream().write("GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
          .getBytes(java.nio.charset.StandardCharsets.UTF_8));
      String answer = new String(accepted.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertThat(answer).as("answered, not refused with a 503").startsWith("HTTP/1.1 200");
    }

    release.countDown();
    assertThat(inFlight.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    stopped.get(30, TimeUnit.SECONDS);
  }

  @Test
  void stopping_closes_a_connection_that_stays_silent_instead_of_waiting_out_the_stop_timeout() throws Exception {
    HttpApi api = api(new FakeAccounts()).start();
    try (java.net.Socket silent = new java.net.Socket("127.0.0.1", api.port())) {
      CompletableFuture<Void> stopped = CompletableFuture.runAsync(api::stop);
      // the default stop idle timeout is a second; the stop timeout, which would otherwise end the wait, twenty
      stopped.get(HttpApi.STOP_TIMEOUT.toSeconds() / 2, TimeUnit.SECONDS);
      assertThat(silent.getInputStream().read()).as("closed by the server, nothing sent").isEqualTo(-1);
    }
  }

  @Test
  void requests_run_on_virtual_threads_where_the_jvm_has_them_and_on_platform_threads_otherwise() throws Exception {
    AtomicReference<Thread> handler = new AtomicReference<>();
    FakeAccounts accounts = new FakeAccounts();
    accounts.verifyEmail = command -> {
      handler.set(Thread.currentThread());
      return FakeAccounts.USER;
    };
    HttpApi api = api(accounts).start();
    try {
      HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + "/api/v1/verify-email"))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString("{\"token\": \"t\"}")).build(),
          HttpResponse.BodyHandlers.discarding());
    } finally {
      api.stop();
    }
    boolean virtual = Runtime.version().feature() >= 21
        && (boolean) Thread.class.getMethod("isVirtual").invoke(handler.get());
    assertThat(virtual).isEqualTo(Runtime.version().feature() >= 21);
  }

  @Test
  void platform_request_threads_are_bounded_as_configured() {
    HttpApi defaults = api(new FakeAccounts()).start();
    HttpApi sixteen = builder(new FakeAccounts()).requestThreads(16).build().start();
    try {
      if (Runtime.version().feature() >= 21) {
        assertThat(defaults.requestThreadLimit()).isEmpty();
      } else {
        assertThat(defaults.requestThreadLimit()).hasValue(HttpApi.DEFAULT_REQUEST_THREADS);
        assertThat(sixteen.requestThreadLimit()).hasValue(16);
      }
    } finally {
      defaults.stop();
      sixteen.stop();
    }
    assertThatThrownBy(() -> builder(new FakeAccounts()).requestThreads(15))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("16 to 1000");
    assertThatThrownBy(() -> builder(new FakeAccounts()).requestThreads(1001))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void defaults_listen_everywhere_with_a_64_kib_body_limit_and_trust_no_proxy() {
    assertThat(HttpApiSettings.defaults(8080)).isEqualTo(new HttpApiSettings("0.0.0.0", 8080, 65_536));
    assertThat(HttpApiSettings.defaults(8080).trustedProxies()).isEmpty();
    assertThat(new HttpApiSettings("0.0.0.0", 8080, 65_536))
        .isEqualTo(new HttpApiSettings("0.0.0.0", 8080, 65_536, List.of()));
  }

  @Test
  void settings_keep_their_own_copy_of_the_trusted_proxies() {
    List<String> proxies = new ArrayList<>(List.of("10.0.0.0/8", "2001:db8::/32", "192.0.2.10"));
    HttpApiSettings settings = new HttpApiSettings("0.0.0.0", 80, 1, proxies);
    proxies.add("0.0.0.0/0");

    assertThat(settings.trustedProxies()).containsExactly("10.0.0.0/8", "2001:db8::/32", "192.0.2.10");
    assertThatThrownBy(() -> settings.trustedProxies().add("::/0")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void settings_refuse_a_trusted_proxy_that_is_not_an_address_or_range_and_name_it() {
    assertThatThrownBy(() -> new HttpApiSettings("0.0.0.0", 80, 1, List.of("10.0.0.0/8", "proxy.internal")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"proxy.internal\"");
    assertThatThrownBy(() -> new HttpApiSettings("0.0.0.0", 80, 1, List.of("10.0.0.0/33")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"10.0.0.0/33\"");
    assertThatThrownBy(() -> new HttpApiSettings("0.0.0.0", 80, 1, Arrays.asList("10.0.0.0/8", null)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new HttpApiSettings("0.0.0.0", 80, 1, null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void settings_refuse_impossible_values() {
    assertThatThrownBy(() -> new HttpApiSettings("0.0.0.0", 70_000, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new HttpApiSettings("0.0.0.0", 80, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new HttpApiSettings(" ", 80, 1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void the_package_exposes_only_http_api_its_settings_readiness_checks_and_metrics_port() throws Exception {
    File packageDir = new File(HttpApi.class.getResource("HttpApi.class").toURI()).getParentFile();
    List<String> publicTypes = new ArrayList<>();
    for (File file : Objects.requireNonNull(packageDir.listFiles((dir, name) -> name.endsWith(".class")))) {
      String name = file.getName().replace(".class", "");
      Class<?> type = Class.forName(HttpApi.class.getPackageName() + "." + name);
      if (Modifier.isPublic(type.getModifiers()) && type.getEnclosingClass() == null) {
        publicTypes.add(type.getSimpleName());
      }
    }
    assertThat(publicTypes).containsExactlyInAnyOrder("HttpApi", "HttpApiSettings", "ReadinessCheck", "HttpMetrics");
    List<String> publicMethods = new ArrayList<>();
    for (Method method : HttpApi.class.getDeclaredMethods()) {
      if (Modifier.isPublic(method.getModifiers())) {
        publicMethods.add(method.getName());
      }
    }
    assertThat(publicMethods).containsExactlyInAnyOrder("builder", "start", "port", "stop");
  }

  @Test
  void building_without_a_use_case_set_names_what_is_missing() {
    assertThatThrownBy(() -> HttpApi.builder(new HttpApiSettings("127.0.0.1", 0, 1024))
        .accounts(new FakeAccounts()).sessions(new FakeSessions()).twoFactor(new FakeTwoFactor())
        .administration(new FakeAdministration()).auditTrail(new FakeAuditTrail()).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("organizations");
    assertThatThrownBy(() -> HttpApi.builder(new HttpApiSettings("127.0.0.1", 0, 1024))
        .accounts(new FakeAccounts()).sessions(new FakeSessions()).twoFactor(new FakeTwoFactor())
        .organizations(new FakeOrganizations()).administration(new FakeAdministration()).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("auditTrail");
    assertThatThrownBy(() -> HttpApi.builder(new HttpApiSettings("127.0.0.1", 0, 1024))
        .accounts(new FakeAccounts()).sessions(new FakeSessions()).organizations(new FakeOrganizations())
        .administration(new FakeAdministration()).auditTrail(new FakeAuditTrail()).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("twoFactor");
  }

  @Test
  void two_readiness_checks_may_not_share_a_name() {
    HttpApi.Builder builder = HttpApi.builder(new HttpApiSettings("127.0.0.1", 0, 1024))
        .readiness(ReadinessCheck.required("postgres", () -> true));

    assertThatThrownBy(() -> builder.readiness(ReadinessCheck.optional("postgres", () -> true)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ReadinessCheck.required("Post gres", () -> true))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static HttpApi api(FakeAccounts accounts) {
    return builder(accounts).build();
  }

  private static HttpApi.Builder builder(FakeAccounts accounts) {
    return HttpApi.builder(new HttpApiSettings("127.0.0.1", 0, 1024))
        .accounts(accounts)
        .sessions(new FakeSessions())
        .twoFactor(new FakeTwoFactor())
        .organizations(new FakeOrganizations())
        .administration(new FakeAdministration())
        .auditTrail(new FakeAuditTrail());
  }
}
