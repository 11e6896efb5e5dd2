package dev.keyhold.adapter.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyhold.identity.error.IdentityException;
import dev.keyhold.identity.usecase.Accounts;
import dev.keyhold.identity.usecase.Sessions;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;

/**
 * Keyhold's HTTP API on Javalin: the routes of {@code /api/v1}, health checks and the JWKS, translating between
 * HTTP (JSON, problem+json errors, RFC 6749 token responses) and the account and session use cases.
 */
public final class HttpApi {

  private final Javalin app;

  private HttpApi(Javalin app) {
    this.app = app;
  }

  /**
   * Builds the API; nothing listens until {@link #start()}.
   *
   * @param ready whether the stores can serve requests, for {@code /health/ready}; an exception counts as not ready
   */
  public static HttpApi create(
      HttpApiSettings settings, Accounts accounts, Sessions sessions, BooleanSupplier ready) {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(accounts, "accounts");
    Objects.requireNonNull(sessions, "sessions");
    Objects.requireNonNull(ready, "ready");

    ObjectMapper mapper = JsonBodies.strictMapper();
    JsonBodies bodies = new JsonBodies(mapper, settings.maxBodyBytes());
    AccountRoutes account = new AccountRoutes(bodies, accounts, sessions);
    TokenEndpoint token = new TokenEndpoint(bodies, accounts, sessions);
    MetaRoutes meta = new MetaRoutes(sessions, ready);
    RequestScope scope = new RequestScope(settings.maxBodyBytes());
    Map<String, Set<String>> methodsByPath = new TreeMap<>();
    ErrorResponses errors = new ErrorResponses(mapper, methodsByPath);

    Javalin app = Javalin.create(cfg -> {
      cfg.startup.showJavalinBanner = false;
      cfg.startup.showOldJavalinVersionWarning = false;
      // Javalin looks virtual threads up reflectively; ask only where they exist without preview flags
      cfg.concurrency.useVirtualThreads = Runtime.version().feature() >= 21;
      cfg.jetty.host = settings.host();
      cfg.jetty.port = settings.port();
      cfg.http.maxRequestSize = settings.maxBodyBytes();
      cfg.http.prefer405over404 = true;
      cfg.jsonMapper(new JavalinJackson(mapper, false));
      cfg.requestLogger.http(RequestScope::end);
      cfg.router.javaLangErrorHandler(errors::fatal);
      cfg.jetty.modifyServer(server -> server.setErrorHandler(new TransportErrorHandler(mapper)));

      cfg.routes.before(scope::begin);
      cfg.routes.beforeMatched(scope::limitBody);

      route(cfg, methodsByPath, HandlerType.POST, "/api/v1/register", account::register);
      route(cfg, methodsByPath, HandlerType.POST, "/api/v1/verify-email", account::verifyEmail);
      route(cfg, methodsByPath, HandlerType.POST, "/api/v1/verify-email/resend", account::resendVerification);
      route(cfg, methodsByPath, HandlerType.POST, "/api/v1/login", account::login);
      route(cfg, methodsByPath, HandlerType.POST, "/api/v1/refresh", account::refresh);
      route(cfg, methodsByPath, HandlerType.POST, "/api/v1/logout", account::logout);
      route(cfg, methodsByPath, HandlerType.POST, "/api/v1/logout-all", account::logoutEverywhere);
      route(cfg, methodsByPath, HandlerType.POST, "/api/v1/token", token::token);
      route(cfg, methodsByPath, HandlerType.GET, "/api/v1/me", account::me);
      route(cfg, methodsByPath, HandlerType.GET, "/api/v1/healthcheck", meta::healthcheck);
      route(cfg, methodsByPath, HandlerType.GET, "/.well-known/jwks.json", meta::jwks);
      route(cfg, methodsByPath, HandlerType.GET, "/health/live", meta::live);
      route(cfg, methodsByPath, HandlerType.GET, "/health/ready", meta::ready);

      cfg.routes.exception(HttpProblem.class, errors::transport);
      cfg.routes.exception(IdentityException.class, errors::identity);
      cfg.routes.exception(OAuthError.class, errors::oauth);
      cfg.routes.exception(HttpResponseException.class, errors::javalin);
      cfg.routes.exception(Exception.class, errors::unexpected);
    });
    return new HttpApi(app);
  }

  private static void route(
      JavalinConfig cfg, Map<String, Set<String>> methodsByPath, HandlerType method, String path, Handler handler) {
    cfg.routes.addHttpHandler(method, path, handler);
    Set<String> methods = methodsByPath.computeIfAbsent(path, p -> new TreeSet<>());
    methods.add(method.name());
    if (method == HandlerType.GET) {
      methods.add(HandlerType.HEAD.name());
    }
  }

  /**
   * Binds the configured host and port and starts serving.
   *
   * @throws RuntimeException when the address cannot be bound (Javalin's {@code JavalinBindException})
   */
  public HttpApi start() {
    app.start();
    return this;
  }

  /** The bound port: the configured one, or the one chosen for port 0. Valid after {@link #start()}. */
  public int port() {
    return app.port();
  }

  /** Stops serving and releases the port. */
  public void stop() {
    app.stop();
  }
}
