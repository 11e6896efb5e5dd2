package dev.keyhold.adapter.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyhold.identity.error.IdentityException;
import dev.keyhold.identity.usecase.Accounts;
import dev.keyhold.identity.usecase.Administration;
import dev.keyhold.identity.usecase.AuditTrail;
import dev.keyhold.identity.usecase.ExternalLogin;
import dev.keyhold.identity.usecase.Organizations;
import dev.keyhold.identity.usecase.Sessions;
import dev.keyhold.identity.usecase.TwoFactor;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.EagerContentHandler;
import org.eclipse.jetty.util.component.LifeCycle;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Keyhold's HTTP API on Javalin: the routes of {@code /api/v1}, health checks, the JWKS, the pages for mailed links
 * ({@link PageRoutes}) and, when given {@link HttpMetrics}, {@code /metrics}, translating between HTTP (JSON,
 * problem+json errors, RFC 6749 token responses) and the account, session, two-factor, external sign-in,
 * organization, administration and audit use cases; and its description of itself, an OpenAPI document and Swagger
 * UI. Every route is registered through {@code route(...)} and documented in {@link OpenApiDocument}; a test holds the
 * two together.
 */
public final class HttpApi {

  private final Javalin app;
  private final RouteTable routes;
  private final Duration stopIdleTimeout;

  private HttpApi(Javalin app, RouteTable routes, Duration stopIdleTimeout) {
    this.app = app;
    this.routes = routes;
    this.stopIdleTimeout = stopIdleTimeout;
  }

  /**
   * Starts describing an API that listens as {@code settings} say; the six use-case sets are required, everything
   * else optional.
   */
  public static Builder builder(HttpApiSettings settings) {
    return new Builder(settings);
  }

  /** The parts of an {@link HttpApi}. */
  /** The default of {@link Builder#requestThreads}. */
  public static final int DEFAULT_REQUEST_THREADS = 64;

  /** Jetty's acceptor and selectors share the pool: below this it refuses to start. */
  public static final int MIN_REQUEST_THREADS = 16;

  public static final int MAX_REQUEST_THREADS = 1000;

  /**
   * How long {@link #stop()} waits for the requests in flight to finish after it has stopped accepting connections;
   * those still running then are cut off. Below the 30 s an orchestrator usually allows between SIGTERM and SIGKILL.
   */
  public static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

  /** The default of {@link Builder#resetLinkLifetime}: the core's default lifetime of a password-reset link. */
  public static final Duration DEFAULT_RESET_LINK_LIFETIME = Duration.ofMinutes(30);

  public static final class Builder {

    private final HttpApiSettings settings;
    private Accounts accounts;
    private Sessions sessions;
    private TwoFactor twoFactor;
    private Organizations organizations;
    private Administration administration;
    private AuditTrail auditTrail;
    private ExternalLogin externalLogin = new NoExternalLogin();
    private final List<ReadinessCheck> readiness = new ArrayList<>();
    private HttpMetrics metrics;
    private int requestThreads = DEFAULT_REQUEST_THREADS;
    private Duration resetLinkLifetime = DEFAULT_RESET_LINK_LIFETIME;
    private PageSettings pages = PageSettings.defaults();
    private AuthorizationServerMetadata discovery;
    private RefreshCookie refreshCookie;
    private SlowClientLimits slowClients = SlowClientLimits.DEFAULTS;

    private Builder(HttpApiSettings settings) {
      this.settings = Objects.requireNonNull(settings, "settings");
    }

    public Builder accounts(Accounts value) {
      this.accounts = Objects.requireNonNull(value, "accounts");
      return this;
    }

    public Builder sessions(Sessions value) {
      this.sessions = Objects.requireNonNull(value, "sessions");
      return this;
    }

    /**
     * Required: a user's own two-factor sign-in behind {@code /api/v1/me/mfa/...} ({@code Keyhold.twoFactor()}).
     * Required like the others, so that no server comes up answering {@code mfa_required} at login while its
     * enrolment routes are missing.
     */
    public Builder twoFactor(TwoFactor value) {
      this.twoFactor = Objects.requireNonNull(value, "twoFactor");
      return this;
    }

    public Builder organizations(Organizations value) {
      this.organizations = Objects.requireNonNull(value, "organizations");
      return this;
    }

    public Builder administration(Administration value) {
      this.administration = Objects.requireNonNull(value, "administration");
      return this;
    }

    /**
     * Required: the audit log behind {@code GET /api/v1/admin/audit} and {@code GET /api/v1/orgs/{id}/audit}
     * ({@code Keyhold.audit()}). Required rather than optional so that a server cannot come up without its audit
     * routes by an oversight.
     */
    public Builder auditTrail(AuditTrail value) {
      this.auditTrail = Objects.requireNonNull(value, "auditTrail");
      return this;
    }

    /**
     * Sign-in through external OpenID Connect providers behind {@code /api/v1/oauth/...}, and the caller's links to
     * them behind {@code /api/v1/me/identities} ({@code Keyhold.externalLogin()}). Optional: without it the routes
     * are there but no provider is enabled (an empty list, 404 for any provider), as with a Keyhold given none.
     */
    public Builder externalLogin(ExternalLogin value) {
      this.externalLogin = Objects.requireNonNull(value, "externalLogin");
      return this;
    }

    /**
     * Adds a check to {@code /health/ready}, which answers 200 when every required check passes and 503 otherwise,
     * naming each check's state. Checks run concurrently, each given {@link MetaRoutes#CHECK_TIMEOUT}. Without any,
     * the node is ready whenever it runs.
     */
    public Builder readiness(ReadinessCheck check) {
      Objects.requireNonNull(check, "check");
      if (readiness.stream().anyMatch(existing -> existing.name().equals(check.name()))) {
        throw new IllegalArgumentException("two readiness checks named " + check.name());
      }
      readiness.add(check);
      return this;
    }

    /**
     * Reports every answered request to {@code value} and serves {@code GET /metrics} from it. Without it there is
     * no {@code /metrics} route (404 like any unknown path).
     */
    public Builder metrics(HttpMetrics value) {
      this.metrics = Objects.requireNonNull(value, "metrics");
      return this;
    }

    /**
     * On Java 17 to 20, the most platform threads that handle requests at once (default
     * {@value #DEFAULT_REQUEST_THREADS}); requests beyond them wait in Jetty's queue, which costs a few hundred bytes
     * each instead of a thread. Few threads keep a flood from time-slicing the CPU so finely that nothing finishes,
     * and leave the CPU to work that is already under way (a password hash). On Java 21 and later every request runs
     * on a virtual thread, which the JVM schedules on one carrier per core, and this bound does not apply.
     *
     * @throws IllegalArgumentException below {@value #MIN_REQUEST_THREADS} or above {@value #MAX_REQUEST_THREADS}
     */
    public Builder requestThreads(int value) {
      if (value < MIN_REQUEST_THREADS || value > MAX_REQUEST_THREADS) {
        throw new IllegalArgumentException("requestThreads must be " + MIN_REQUEST_THREADS + " to "
            + MAX_REQUEST_THREADS + ", was " + value);
      }
      this.requestThreads = value;
      return this;
    }

    /**
     * How long the password-reset links the accounts use case mails stay valid, as the core is configured
     * ({@code KeyholdSettings.resetPasswordTtl()}); the OpenAPI document tells clients. Default:
     * {@link #DEFAULT_RESET_LINK_LIFETIME}, the core's default. The API itself does not enforce it; the core does.
     *
     * @throws IllegalArgumentException when not positive
     */
    public Builder resetLinkLifetime(Duration value) {
      Objects.requireNonNull(value, "resetLinkLifetime");
      if (value.isZero() || value.isNegative()) {
        throw new IllegalArgumentException("resetLinkLifetime must be positive, was " + value);
      }
      this.resetLinkLifetime = value;
      return this;
    }

    /**
     * The name the pages for mailed links ({@code /verify-email}, {@code /reset-password},
     * {@code /invitations/accept}) show, as the mail that carried the link is signed. Default: {@code Keyhold}.
     *
     * @throws IllegalArgumentException when blank or longer than 200 characters
     */
    public Builder productName(String value) {
      this.pages = pages.withProductName(Objects.requireNonNull(value, "productName"));
      return this;
    }

    /**
     * A stylesheet the pages for mailed links load instead of Keyhold's own; its origin is added to their
     * Content-Security-Policy. Default: Keyhold's own, served at {@code /pages/pages.css}.
     *
     * @throws IllegalArgumentException when not an absolute http(s) URL with a host, or with user information or a
     *     fragment
     */
    public Builder pagesStylesheet(URI value) {
      this.pages = pages.withStylesheet(Objects.requireNonNull(value, "pagesStylesheet"));
      return this;
    }

    /**
     * The issuer of the access tokens the sessions use case signs ({@code KeyholdSettings.issuer()}, normally
     * {@code PUBLIC_URL}): with it the API serves its discovery metadata (RFC 8414) at
     * {@code /.well-known/oauth-authorization-server} and {@code /.well-known/openid-configuration}, every URL in it
     * derived from the issuer and none from a request. Without it there are no such routes (404 like any unknown
     * path), since the API cannot know the address it is reached at.
     *
     * @throws IllegalArgumentException when not an absolute http(s) URL with a host, or with user information, a
     *     query or a fragment
     */
    public Builder issuer(String value) {
      this.discovery = AuthorizationServerMetadata.forIssuer(Objects.requireNonNull(value, "issuer"));
      return this;
    }

    /**
     * Turns on the refresh cookie for first-party browser applications: a request that opts in with
     * {@code X-Keyhold-Refresh-Cookie: 1} gets its refresh token as an {@code HttpOnly; SameSite=Strict} cookie
     * instead of in the body, and {@code /refresh} and {@code /logout} take it from there (docs/api.md). Without it
     * no cookie is ever set or read, and the header is ignored.
     *
     * @param secure whether the cookie carries {@code Secure}: true but for a development server on plain http
     *     on the loopback
     * @param allowedOrigins the origins ({@code https://app.example.com}) whose pages may use the cookie: a request
     *     that opts in naming another {@code Origin} is refused with 403 {@code csrf_rejected}
     * @param maxAge how long the browser keeps the cookie: the refresh token's lifetime
     * @throws IllegalArgumentException for no origins, an origin that is not {@code http(s)://host[:port]}, or a
     *     lifetime that is not positive
     */
    public Builder refreshCookie(boolean secure, List<String> allowedOrigins, Duration maxAge) {
      this.refreshCookie = new RefreshCookie(new RefreshCookieSettings(secure, allowedOrigins, maxAge));
      return this;
    }

    /** The refresh cookie as given, for tests. */
    Builder refreshCookie(RefreshCookieSettings value) {
      this.refreshCookie = new RefreshCookie(Objects.requireNonNull(value, "refreshCookie"));
      return this;
    }

    /** The slow-client timeouts, for tests: short ones, to see connections closed without waiting long. */
    Builder slowClients(SlowClientLimits value) {
      this.slowClients = Objects.requireNonNull(value, "slowClients");
      return this;
    }

    /** The pages' settings as given, for tests. */
    Builder pages(PageSettings value) {
      this.pages = Objects.requireNonNull(value, "pages");
      return this;
    }

    /**
     * Builds the API; nothing listens until {@link HttpApi#start()}.
     *
     * @throws IllegalStateException when one of the use-case sets was not given
     */
    public HttpApi build() {
      require(accounts, "accounts");
      require(sessions, "sessions");
      require(twoFactor, "twoFactor");
      require(organizations, "organizations");
      require(administration, "administration");
      require(auditTrail, "auditTrail");
      return create(this);
    }

    private static void require(Object part, String name) {
      if (part == null) {
        throw new IllegalStateException("HttpApi needs " + name + ": call " + name + "(...) before build()");
      }
    }
  }

  private static HttpApi create(Builder parts) {
    HttpApiSettings settings = parts.settings;
    ObjectMapper mapper = JsonBodies.strictMapper();
    JsonBodies bodies = new JsonBodies(mapper, settings.maxBodyBytes());
    Callers callers = new Callers(parts.sessions);
    RefreshCookie cookie = parts.refreshCookie == null ? RefreshCookie.OFF : parts.refreshCookie;
    AccountRoutes account = new AccountRoutes(bodies, callers, parts.accounts, parts.sessions, cookie);
    TwoFactorRoutes mfa = new TwoFactorRoutes(bodies, callers, parts.twoFactor);
    ExternalLoginRoutes oauth = new ExternalLoginRoutes(bodies, callers, parts.externalLogin, cookie);
    TokenEndpoint token = new TokenEndpoint(bodies, parts.accounts, parts.sessions);
    OrganizationRoutes orgs = new OrganizationRoutes(bodies, callers, parts.organizations);
    AdministrationRoutes admin = new AdministrationRoutes(bodies, callers, parts.administration);
    AuditRoutes audit = new AuditRoutes(callers, parts.auditTrail);
    MetaRoutes meta = new MetaRoutes(parts.sessions, parts.readiness, parts.metrics, parts.discovery);
    PageRoutes pages = new PageRoutes(parts.pages);
    DocsRoutes docs = new DocsRoutes(OpenApiDocument.json(mapper, settings.maxBodyBytes(), parts.metrics != null,
        parts.resetLinkLifetime, parts.discovery != null, cookie.enabled()));
    RequestScope scope = new RequestScope(settings.maxBodyBytes(), TrustedProxies.parse(settings.trustedProxies()),
        parts.metrics);
    RouteTable routes = new RouteTable();
    ErrorResponses errors = new ErrorResponses(mapper, routes);

    Javalin app = Javalin.create(cfg -> {
      cfg.startup.showJavalinBanner = false;
      cfg.startup.showOldJavalinVersionWarning = false;
      // Javalin looks virtual threads up reflectively; ask only where they exist without preview flags
      cfg.concurrency.useVirtualThreads = Runtime.version().feature() >= 21;
      if (!cfg.concurrency.useVirtualThreads) {
        QueuedThreadPool threads = new QueuedThreadPool(parts.requestThreads, 8, 60_000);
        threads.setName("JettyServerThreadPool");
        cfg.jetty.threadPool = threads;
      }
      cfg.jetty.host = settings.host();
      cfg.jetty.port = settings.port();
      cfg.http.maxRequestSize = settings.maxBodyBytes();
      cfg.http.prefer405over404 = true;
      cfg.jsonMapper(new JavalinJackson(mapper, false));
      cfg.requestLogger.http(scope::end);
      cfg.router.javaLangErrorHandler(errors::fatal);
      cfg.jetty.modifyServer(server -> {
        server.setErrorHandler(new TransportErrorHandler(mapper));
        guardAgainstSlowClients(server, parts.slowClients, settings.maxBodyBytes());
        // Graceful stop: inside the handler that reads bodies first (so a body that never comes, which the slow-client
        // guard cuts off, is not waited for), this wrapper counts the requests in flight, and Javalin puts its
        // handlers inside it, the innermost wrapper; with a stop timeout, stopping first closes the listening socket
        // and then waits for them (docs/reliability.md).
        ((org.eclipse.jetty.server.Handler.Wrapper) server.getHandler()).setHandler(new InFlightRequests());
        server.setStopTimeout(STOP_TIMEOUT.toMillis());
      });
      // Jetty keeps a trie of recently seen header fields per connection: 96 KiB of heap each by default, 48 MiB
      // for 500 open connections, to save a few small allocations per request. Off: memory per connection matters
      // more to a server that must stay up under a connection flood (docs/performance.md).
      cfg.jetty.modifyHttpConfiguration(http -> http.setHeaderCacheSize(0));

      cfg.routes.before(scope::begin);
      cfg.routes.beforeMatched(scope::limitBody);

      route(cfg, routes, HandlerType.POST, "/api/v1/register", account::register);
      route(cfg, routes, HandlerType.POST, "/api/v1/verify-email", account::verifyEmail);
      route(cfg, routes, HandlerType.POST, "/api/v1/verify-email/resend", account::resendVerification);
      route(cfg, routes, HandlerType.POST, "/api/v1/password-reset/request", account::requestPasswordReset);
      route(cfg, routes, HandlerType.POST, "/api/v1/password-reset/confirm", account::confirmPasswordReset);
      route(cfg, routes, HandlerType.POST, "/api/v1/login", account::login);
      route(cfg, routes, HandlerType.POST, "/api/v1/login/mfa", account::completeMfaLogin);
      route(cfg, routes, HandlerType.POST, "/api/v1/refresh", account::refresh);
      route(cfg, routes, HandlerType.POST, "/api/v1/logout", account::logout);
      route(cfg, routes, HandlerType.POST, "/api/v1/logout-all", account::logoutEverywhere);
      route(cfg, routes, HandlerType.POST, "/api/v1/token", token::token);
      route(cfg, routes, HandlerType.GET, "/api/v1/oauth/providers", oauth::providers);
      route(cfg, routes, HandlerType.GET, "/api/v1/oauth/{provider}/authorize", oauth::authorize);
      route(cfg, routes, HandlerType.POST, "/api/v1/oauth/{provider}/callback", oauth::callback);
      route(cfg, routes, HandlerType.GET, "/api/v1/me", account::me);
      route(cfg, routes, HandlerType.PATCH, "/api/v1/me", account::updateProfile);
      route(cfg, routes, HandlerType.DELETE, "/api/v1/me", account::deleteAccount);
      route(cfg, routes, HandlerType.GET, "/api/v1/me/sessions", account::listSessions);
      route(cfg, routes, HandlerType.DELETE, "/api/v1/me/sessions/{id}", account::endSession);
      route(cfg, routes, HandlerType.POST, "/api/v1/me/password", account::changePassword);
      route(cfg, routes, HandlerType.POST, "/api/v1/me/email", account::changeEmail);
      route(cfg, routes, HandlerType.POST, "/api/v1/confirm-email", account::confirmEmailChange);
      route(cfg, routes, HandlerType.POST, "/api/v1/me/mfa/totp", mfa::startTotp);
      route(cfg, routes, HandlerType.POST, "/api/v1/me/mfa/totp/confirm", mfa::confirmTotp);
      route(cfg, routes, HandlerType.DELETE, "/api/v1/me/mfa/totp", mfa::disableTotp);
      route(cfg, routes, HandlerType.POST, "/api/v1/me/mfa/recovery-codes", mfa::replaceRecoveryCodes);
      route(cfg, routes, HandlerType.GET, "/api/v1/me/identities", oauth::identities);
      route(cfg, routes, HandlerType.DELETE, "/api/v1/me/identities/{id}", oauth::unlink);

      route(cfg, routes, HandlerType.POST, "/api/v1/orgs", orgs::create);
      route(cfg, routes, HandlerType.GET, "/api/v1/orgs", orgs::listMine);
      route(cfg, routes, HandlerType.GET, "/api/v1/orgs/{id}", orgs::get);
      route(cfg, routes, HandlerType.PATCH, "/api/v1/orgs/{id}", orgs::update);
      route(cfg, routes, HandlerType.DELETE, "/api/v1/orgs/{id}", orgs::delete);
      route(cfg, routes, HandlerType.POST, "/api/v1/orgs/{id}/invite", orgs::invite);
      route(cfg, routes, HandlerType.GET, "/api/v1/orgs/{id}/invitations", orgs::listInvitations);
      route(cfg, routes, HandlerType.DELETE, "/api/v1/orgs/{id}/invitations/{inv}", orgs::revokeInvitation);
      route(cfg, routes, HandlerType.POST, "/api/v1/invitations/accept", orgs::acceptInvitation);
      route(cfg, routes, HandlerType.GET, "/api/v1/orgs/{id}/members", orgs::listMembers);
      route(cfg, routes, HandlerType.PATCH, "/api/v1/orgs/{id}/members/{user}", orgs::changeRole);
      route(cfg, routes, HandlerType.DELETE, "/api/v1/orgs/{id}/members/{user}", orgs::removeMember);
      route(cfg, routes, HandlerType.POST, "/api/v1/orgs/{id}/transfer-ownership", orgs::transferOwnership);
      route(cfg, routes, HandlerType.GET, "/api/v1/orgs/{id}/roles", orgs::listRoles);
      route(cfg, routes, HandlerType.POST, "/api/v1/orgs/{id}/roles", orgs::createRole);
      route(cfg, routes, HandlerType.POST, "/api/v1/orgs/{id}/token", orgs::token);
      route(cfg, routes, HandlerType.GET, "/api/v1/orgs/{id}/audit", audit::searchOrganization);

      route(cfg, routes, HandlerType.GET, "/api/v1/roles", admin::listRoles);
      route(cfg, routes, HandlerType.POST, "/api/v1/roles", admin::createRole);
      route(cfg, routes, HandlerType.POST, "/api/v1/admin/users/{id}/roles/{role}", admin::grantRole);
      route(cfg, routes, HandlerType.DELETE, "/api/v1/admin/users/{id}/roles/{role}", admin::revokeRole);
      route(cfg, routes, HandlerType.GET, "/api/v1/admin/users", admin::listUsers);
      route(cfg, routes, HandlerType.POST, "/api/v1/admin/users", admin::createUser);
      route(cfg, routes, HandlerType.GET, "/api/v1/admin/users/{id}", admin::getUser);
      route(cfg, routes, HandlerType.DELETE, "/api/v1/admin/users/{id}", admin::deleteUser);
      route(cfg, routes, HandlerType.PATCH, "/api/v1/admin/users/{id}/disable", admin::disableUser);
      route(cfg, routes, HandlerType.PATCH, "/api/v1/admin/users/{id}/enable", admin::enableUser);
      route(cfg, routes, HandlerType.POST, "/api/v1/admin/users/{id}/logout", admin::logoutUser);
      route(cfg, routes, HandlerType.DELETE, "/api/v1/admin/users/{id}/mfa", admin::resetMfa);
      route(cfg, routes, HandlerType.GET, "/api/v1/admin/audit", audit::search);

      route(cfg, routes, HandlerType.GET, "/api/v1/healthcheck", meta::healthcheck);
      route(cfg, routes, HandlerType.GET, AuthorizationServerMetadata.JWKS_PATH, meta::jwks);
      if (parts.discovery != null) {
        route(cfg, routes, HandlerType.GET, AuthorizationServerMetadata.OAUTH_PATH, meta::discovery);
        route(cfg, routes, HandlerType.GET, AuthorizationServerMetadata.OPENID_PATH, meta::discovery);
      }
      route(cfg, routes, HandlerType.GET, "/health/live", meta::live);
      route(cfg, routes, HandlerType.GET, "/health/ready", meta::ready);
      route(cfg, routes, HandlerType.GET, DocsRoutes.DOCUMENT_PATH, docs::document);
      route(cfg, routes, HandlerType.GET, DocsRoutes.PAGE_PATH, docs::page);
      route(cfg, routes, HandlerType.GET, DocsRoutes.PAGE_PATH + "/{asset}", docs::asset);
      route(cfg, routes, HandlerType.GET, PageRoutes.VERIFY_EMAIL_PATH, pages::verifyEmail);
      route(cfg, routes, HandlerType.GET, PageRoutes.RESET_PASSWORD_PATH, pages::resetPassword);
      route(cfg, routes, HandlerType.GET, PageRoutes.INVITATION_PATH, pages::acceptInvitation);
      route(cfg, routes, HandlerType.GET, PageRoutes.CONFIRM_EMAIL_PATH, pages::confirmEmail);
      route(cfg, routes, HandlerType.GET, PageRoutes.SCRIPT_PATH, pages::script);
      route(cfg, routes, HandlerType.GET, PageRoutes.STYLESHEET_PATH, pages::stylesheet);
      if (parts.metrics != null) {
        route(cfg, routes, HandlerType.GET, "/metrics", meta::metrics);
      }

      cfg.routes.exception(HttpProblem.class, errors::transport);
      cfg.routes.exception(IdentityException.class, errors::identity);
      cfg.routes.exception(OAuthError.class, errors::oauth);
      cfg.routes.exception(HttpResponseException.class, errors::javalin);
      cfg.routes.exception(Exception.class, errors::unexpected);
    });
    return new HttpApi(app, routes, parts.slowClients.stopIdleTimeout());
  }

  /**
   * Bounds what a slow client holds (docs/configuration.md, "Slow clients"): a body is read into memory without a
   * thread before the route runs (Jetty's {@link EagerContentHandler}, up to one byte over the body limit, so that the
   * route still sees an oversized body and answers 413), so clients trickling bodies cannot take every request thread;
   * each connection's idle timeout is set, and a {@link SlowRequestGuard} cuts off requests whose head or body keeps
   * trickling past the request timeout.
   */
  private static void guardAgainstSlowClients(Server server, SlowClientLimits limits, int maxBodyBytes) {
    server.setHandler(new EagerContentHandler(
        new EagerContentHandler.RetainedContentLoaderFactory(maxBodyBytes + 1L, 4096, false)));
    server.addEventListener(new LifeCycle.Listener() {
      @Override
      public void lifeCycleStarting(LifeCycle event) {
        for (Connector connector : server.getConnectors()) {
          if (connector instanceof AbstractConnector listening) {
            listening.setIdleTimeout(limits.idleTimeout().toMillis());
            listening.addEventListener(new SlowRequestGuard(limits.requestTimeout(), listening.getScheduler()));
          }
        }
      }
    });
  }

  private static void route(JavalinConfig cfg, RouteTable routes, HandlerType method, String path, Handler handler) {
    cfg.routes.addHttpHandler(method, path, handler);
    routes.add(method.name(), path);
    if (method == HandlerType.GET) {
      // HEAD runs the GET handler in full (authentication included); the server drops the body. Javalin's own
      // HEAD support answers 200 without running it, which would tell anyone that a protected route "succeeds".
      cfg.routes.addHttpHandler(HandlerType.HEAD, path, handler);
      routes.add(HandlerType.HEAD.name(), path);
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

  /**
   * The running server's largest number of request threads, or empty where requests run on virtual threads. Valid
   * after {@link #start()}; for tests.
   */
  java.util.OptionalInt requestThreadLimit() {
    return app.jettyServer().server().getThreadPool() instanceof QueuedThreadPool pool
        ? java.util.OptionalInt.of(pool.getMaxThreads()) : java.util.OptionalInt.empty();
  }

  /** The connections open now, on every connector; for tests. */
  int openConnections() {
    int open = 0;
    for (Connector connector : app.jettyServer().server().getConnectors()) {
      open += connector.getConnectedEndPoints().size();
    }
    return open;
  }

  /** The registered routes, for the tests that hold the OpenAPI document to them. */
  RouteTable routes() {
    return routes;
  }

  /**
   * Stops gracefully: closes the listening socket at once (new connections are refused), lets the requests already
   * accepted finish, for up to {@link #STOP_TIMEOUT}, then stops; a connection silent for a second meanwhile is closed
   * ({@link SlowClientLimits#stopIdleTimeout()}). Returns when the port is released.
   */
  public void stop() {
    for (org.eclipse.jetty.server.Connector connector : app.jettyServer().server().getConnectors()) {
      if (connector instanceof org.eclipse.jetty.server.AbstractConnector jetty) {
        jetty.setShutdownIdleTimeout(stopIdleTimeout.toMillis());
      }
    }
    app.stop();
  }
}
