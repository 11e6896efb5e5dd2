package dev.keyhold.app;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import dev.keyhold.adapter.http.HttpMetrics;
import dev.keyhold.identity.spi.IdentityStores;
import dev.keyhold.identity.core.crypto.BoundedPasswordHasher;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * The server's metrics, in one Micrometer registry exposed in the Prometheus formats at {@code /metrics}: HTTP
 * requests, security events ({@link SecurityEventMeters}), the mail and link-request backlogs, the connection pool,
 * and the JVM and process. Meters are tagged only with bounded values (route templates, statuses, reasons), never with
 * a user, an address or a raw path. See docs/operations.md#metrics for the list.
 */
final class Metrics implements AutoCloseable {

  /** The Prometheus text format; also the answer when the scraper asks for nothing this registry writes. */
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
  static final String OPENMETRICS_TEXT = "application/openmetrics-text; version=1.0.0; charset=utf-8";

  /** Histogram buckets of request durations, for latency objectives ({@code histogram_quantile}) in Prometheus. */
  private static final Duration[] REQUEST_BUCKETS = {
      Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
      Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
      Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};

  private final PrometheusMeterRegistry registry;
  private final JvmGcMetrics gc;
  private final SecurityEventMeters securityEvents;
  private final Backlogs backlogs;

  private Metrics(PrometheusMeterRegistry registry, JvmGcMetrics gc) {
    this.registry = registry;
    this.gc = gc;
    this.securityEvents = new SecurityEventMeters(registry);
    this.backlogs = new Backlogs(registry);
  }

  /** A registry with the JVM and process meters bound. */
  static Metrics create() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new JvmInfoMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    return new Metrics(registry, gc);
  }

  /** Hands the registry to the HikariCP pool, which then reports its {@code hikaricp_*} meters, tagged by pool. */
  Consumer<HikariConfig> pool() {
    return pool -> pool.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
  }

  /** {@code stores}, with an audit log that also counts the security events it records. */
  IdentityStores observe(IdentityStores stores) {
    return new MeteredIdentityStores(stores, securityEvents);
  }

  /**
   * Gauges of the mail outbox's unsent messages and of the link requests not yet handled, read from the stores at
   * each scrape.
   */
  void watchBacklogs(IntSupplier unsentMail, IntSupplier waitingLinkRequests) {
    backlogs.watch(unsentMail, waitingLinkRequests);
  }

  /**
   * The password-hashing bound: hashes running ({@code keyhold_password_hashing_active}), requests waiting for a slot
   * ({@code keyhold_password_hashing_queued}) and requests refused with 503 {@code overloaded}
   * ({@code keyhold_password_hashing_refused_total}).
   */
  void watchHashing(BoundedPasswordHasher hashing) {
    Gauge.builder("keyhold.password.hashing.active", hashing, BoundedPasswordHasher::active)
        .description("Password hashes running now, at most HASH_CONCURRENCY")
        .register(registry);
    Gauge.builder("keyhold.password.hashing.queued", hashing, BoundedPasswordHasher::queued)
        .description("Requests waiting for a password-hashing slot, at most HASH_QUEUE")
        .register(registry);
    FunctionCounter.builder("keyhold.password.hashing.refused", hashing, BoundedPasswordHasher::refused)
        .description("Requests refused with 503 overloaded because password hashing was at its bound")
        .register(registry);
  }

  /** The HTTP side: the request timer, and the scrape. */
  HttpMetrics http() {
    return new HttpMetrics() {
      @Override
      public void requestCompleted(String method, String route, int status, Duration duration) {
        Timer.builder("http.server.requests")
            .description("HTTP requests answered, by method, route template and status")
            .tags("method", method, "route", route, "status", Integer.toString(status))
            .serviceLevelObjectives(REQUEST_BUCKETS)
            .register(registry)
            .record(duration);
      }

      @Override
      public Exposition scrape(String accept) {
        backlogs.sample();
        String contentType = acceptsOpenMetrics(accept) ? OPENMETRICS_TEXT : PROMETHEUS_TEXT;
        return new Exposition(contentType, registry.scrape(contentType));
      }
    };
  }

  /** Whether the scraper takes OpenMetrics text, which Prometheus asks for first; everything else gets 0.0.4 text. */
  static boolean acceptsOpenMetrics(String accept) {
    return accept != null && accept.toLowerCase(Locale.ROOT).contains("application/openmetrics-text");
  }

  @Override
  public void close() {
    backlogs.close();
    gc.close();
    registry.close();
  }
}
