package dev.keyhold.adapter.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.keyhold.identity.usecase.Sessions;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Health checks, the public key set, discovery metadata and metrics: the endpoints for machines rather than users.
 */
final class MetaRoutes {

  /** How long {@code /health/ready} waits for each check; one that takes longer counts as down. */
  static final Duration CHECK_TIMEOUT = Duration.ofSeconds(2);

  private static final Logger LOG = LoggerFactory.getLogger(MetaRoutes.class);

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Health(String status, Map<String, String> checks) {}

  private final Sessions sessions;
  private final List<ReadinessCheck> checks;
  private final HttpMetrics metrics;
  private final AuthorizationServerMetadata discovery;
  /** Runs the checks; daemon threads, so that a check that never returns cannot keep the JVM alive. */
  private final ExecutorService runner = Executors.newCachedThreadPool(task -> {
    Thread thread = new Thread(task, "keyhold-readiness");
    thread.setDaemon(true);
    return thread;
  });

  /**
   * @param metrics the source of {@code /metrics}, or {@code null} when the route is not served
   * @param discovery the metadata of the discovery routes, or {@code null} when they are not served
   */
  MetaRoutes(Sessions sessions, List<ReadinessCheck> checks, HttpMetrics metrics,
      AuthorizationServerMetadata discovery) {
    this.sessions = sessions;
    this.checks = List.copyOf(checks);
    this.metrics = metrics;
    this.discovery = discovery;
  }

  void live(Context ctx) {
    ctx.header("Cache-Control", "no-store");
    ctx.status(200).json(new Health("up", null));
  }

  /**
   * 200 when every required check passes, else 503, with the state of each check by name, for load balancers and
   * operators. The checks run concurrently; the answer comes within {@link #CHECK_TIMEOUT} plus a little.
   */
  void ready(Context ctx) {
    List<CompletableFuture<Boolean>> running = new ArrayList<>(checks.size());
    for (ReadinessCheck check : checks) {
      running.add(CompletableFuture.supplyAsync(() -> check.check().getAsBoolean(), runner));
    }
    long deadline = System.nanoTime() + CHECK_TIMEOUT.toNanos();
    Map<String, String> states = new LinkedHashMap<>();
    boolean ready = true;
    for (int i = 0; i < checks.size(); i++) {
      boolean up = outcome(checks.get(i).name(), running.get(i), deadline);
      states.put(checks.get(i).name(), up ? "up" : "down");
      ready &= up || !checks.get(i).required();
    }
    ctx.header("Cache-Control", "no-store");
    ctx.status(ready ? 200 : 503).json(new Health(ready ? "up" : "down", states));
  }

  void healthcheck(Context ctx) {
    ctx.header("Cache-Control", "no-store");
    ctx.status(200).json(Map.of("status", "ok"));
  }

  /** The scrape, in the format the {@code Accept} header asks for among those the source offers. */
  void metrics(Context ctx) {
    HttpMetrics.Exposition exposition = metrics.scrape(ctx.header("Accept"));
    ctx.header("Cache-Control", "no-store");
    ctx.status(200).contentType(exposition.contentType()).result(exposition.body());
  }

  void jwks(Context ctx) {
    Map<String, Object> keys = sessions.jwks();
    ctx.header("Cache-Control", "public, max-age=300");
    ctx.status(200).json(keys);
  }

  /** The same RFC 8414 document at both well-known paths, cached as long as the key set it points to. */
  void discovery(Context ctx) {
    ctx.header("Cache-Control", AuthorizationServerMetadata.CACHE_CONTROL);
    ctx.status(200).json(discovery);
  }

  private static boolean outcome(String name, CompletableFuture<Boolean> check, long deadline) {
    try {
      return check.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      check.cancel(true);
      LOG.warn("Readiness check {} gave no answer within {}; reporting it down", name, CHECK_TIMEOUT);
      return false;
    } catch (ExecutionException e) {
      LOG.warn("Readiness check {} failed; reporting it down", name, e.getCause());
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
