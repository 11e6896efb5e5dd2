package dev.keyhold.adapter.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.keyhold.identity.usecase.Sessions;
import io.javalin.http.Context;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Health checks and the public key set: the endpoints for machines rather than users. */
final class MetaRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(MetaRoutes.class);

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Health(String status, Map<String, String> checks) {}

  private final Sessions sessions;
  private final BooleanSupplier ready;

  MetaRoutes(Sessions sessions, BooleanSupplier ready) {
    this.sessions = sessions;
    this.ready = ready;
  }

  void live(Context ctx) {
    ctx.header("Cache-Control", "no-store");
    ctx.status(200).json(new Health("up", null));
  }

  /** 200 when the stores answer, else 503 with the same shape, for load balancers. */
  void ready(Context ctx) {
    String stores = storesReady() ? "up" : "down";
    ctx.header("Cache-Control", "no-store");
    ctx.status(stores.equals("up") ? 200 : 503).json(new Health(stores, Map.of("stores", stores)));
  }

  void healthcheck(Context ctx) {
    ctx.header("Cache-Control", "no-store");
    ctx.status(200).json(Map.of("status", "ok"));
  }

  void jwks(Context ctx) {
    Map<String, Object> keys = sessions.jwks();
    ctx.header("Cache-Control", "public, max-age=300");
    ctx.status(200).json(keys);
  }

  private boolean storesReady() {
    try {
      return ready.getAsBoolean();
    } catch (RuntimeException e) {
      LOG.warn("The readiness check failed; reporting not ready", e);
      return false;
    }
  }
}
