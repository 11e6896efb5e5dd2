package dev.keyhold.app;

import dev.keyhold.adapter.http.HttpApi;
import dev.keyhold.adapter.http.HttpApiSettings;
import dev.keyhold.adapter.http.ReadinessCheck;
import dev.keyhold.adapter.oauth.OidcProviders;
import dev.keyhold.adapter.smtp.SmtpMailer;
import dev.keyhold.app.webhook.Webhooks;
import dev.keyhold.identity.core.Keyhold;
import dev.keyhold.identity.core.KeyholdSettings;
import dev.keyhold.identity.core.crypto.Argon2idPasswordHasher;
import dev.keyhold.identity.core.crypto.KeyRing;
import dev.keyhold.identity.core.mail.LoggingMailer;
import dev.keyhold.identity.core.password.PasswordPolicy;
import dev.keyhold.identity.core.protection.LockoutSettings;
import dev.keyhold.identity.core.protection.ProtectionSettings;
import dev.keyhold.identity.error.StoreUnavailableException;
import dev.keyhold.identity.model.ClientInfo;
import dev.keyhold.identity.spi.IdentityEventListener;
import dev.keyhold.identity.spi.IdentityProvider;
import dev.keyhold.identity.spi.IdentityStores;
import dev.keyhold.identity.spi.Mailer;
import dev.keyhold.identity.spi.PasswordHasher;
import dev.keyhold.identity.spi.PasswordRule;
import dev.keyhold.identity.spi.ProtectionStores;
import dev.keyhold.identity.spi.RegistrationCheck;
import dev.keyhold.identity.spi.SignInCheck;
import dev.keyhold.identity.spi.TokenClaimsCustomizer;
import dev.keyhold.identity.usecase.BootstrapAdmin;
import dev.keyhold.identity.usecase.DeliverMail;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One running server: the core wired to PostgreSQL and the HTTP API. Holds no business rules. */
public final class KeyholdServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(KeyholdServer.class);
  private static final Duration ROTATION_CHECK = Duration.ofMinutes(10);
  private static final int MAX_MAIL_BATCHES = 20;
  /** How long start-up waits for the database and its schema: a cold JVM on a busy host needs more than a probe. */
  private static final Duration START_CHECK_TIMEOUT = Duration.ofSeconds(15);
  /** How long stopping waits for a mail round that is under way. */
  private static final Duration MAIL_ROUND_TIMEOUT = Duration.ofSeconds(10);

  private final Persistence persistence;
  private final Keyhold keyhold;
  private final HttpApi http;
  private final Optional<ScheduledExecutorService> rotation;
  private final Optional<ScheduledExecutorService> mail;
  private final Optional<Metrics> metrics;
  private final Optional<Webhooks> webhooks;

  private KeyholdServer(Persistence persistence, Keyhold keyhold, HttpApi http,
      Optional<ScheduledExecutorService> rotation, Optional<ScheduledExecutorService> mail,
      Optional<Metrics> metrics, Optional<Webhooks> webhooks) {
    this.webhooks = webhooks;
    this.persistence = persistence;
    this.keyhold = keyhold;
    this.http = http;
    this.rotation = rotation;
    this.mail = mail;
    this.metrics = metrics;
  }

  /** Starts a server for {@code config}; migrates only the embedded database. */
  public static KeyholdServer start(Config config) {
    return start(config, mailer(config), false);
  }

  /** SMTP when configured, else the development mailer that writes mail, links included, to the log. */
  static Mailer mailer(Config config) {
    if (config.smtp().isPresent()) {
      LOG.info("Mail: SMTP {}", config.smtp().get());
      return SmtpMailer.create(config.smtp().get());
    }
    LOG.info("Mail: written to this log (development mailer; set SMTP_HOST and SMTP_FROM to send it)");
    return new LoggingMailer();
  }

  /**
   * The HTTP API over {@code keyhold}, with readiness checks for PostgreSQL, its schema and, when configured, Redis
   * (required unless {@code REDIS_FAILURE_MODE=open} lets requests through without it), and {@code /metrics} when
   * metrics are on.
   */
  private static HttpApi.Builder httpApi(Config config, Persistence persistence, Keyhold keyhold,
      Optional<Metrics> metrics) {
    HttpApi.Builder api = HttpApi.builder(new HttpApiSettings(config.host(), config.port(),
            HttpApiSettings.defaults(0).maxBodyBytes(), config.trustedProxies()))
        .accounts(keyhold.accounts())
        .sessions(keyhold.sessions())
        .twoFactor(keyhold.twoFactor())
        .externalLogin(keyhold.externalLogin())
        .organizations(keyhold.organizations())
        .administration(keyhold.administration())
        .auditTrail(keyhold.audit())
        .requestThreads(config.httpThreads())
        .resetLinkLifetime(config.resetPasswordTtl())
        .productName(config.productName())
        .readiness(ReadinessCheck.required("postgres", persistence.stores()::isReachable))
        .readiness(ReadinessCheck.required("migrations", persistence.stores()::isMigrated));
    if (config.redis().isPresent()) {
      ProtectionStores redis = persistence.protection();
      api.readiness(new ReadinessCheck("redis", !config.redisFailOpen(), redis::isReady));
    }
    metrics.ifPresent(m -> api.metrics(m.http()));
    api.issuer(settings(config).issuer());
    if (config.refreshCookie()) {
      api.refreshCookie(secureCookie(config.publicUrl()), config.cookieOrigins(), config.refreshTokenTtl());
    }
    config.pagesStylesheet().ifPresent(url -> api.pagesStylesheet(URI.create(url)));
    return api;
  }

  /**
   * Whether the refresh cookie carries {@code Secure}: always, but for a development server whose public URL is plain
   * http on the loopback ({@code localhost}, {@code 127.0.0.1}, {@code [::1]}), where browsers would otherwise not
   * all keep it.
   */
  static boolean secureCookie(String publicUrl) {
    URI uri = URI.create(publicUrl);
    String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(java.util.Locale.ROOT);
    boolean loopback = host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]");
    return !("http".equalsIgnoreCase(uri.getScheme()) && loopback);
  }

  /**
   * Starts a server for {@code config} that sends mail through {@code mailer}.
   *
   * @param migrate apply pending schema migrations first (the embedded database is always migrated)
   */
  public static KeyholdServer start(Config config, Mailer mailer, boolean migrate) {
    return start(config, mailer, migrate, passwordHasher(config), config.mailDelivery());
  }

  /**
   * Argon2id with the configured parameters, giving its native memory back once hashing rests
   * ({@link NativeMemoryRelease}); Keyhold bounds it with {@link Config#hashing()}.
   */
  static PasswordHasher passwordHasher(Config config) {
    return NativeMemoryRelease.forThisProcess(Argon2idPasswordHasher.withParameters(config.argon2()));
  }

  /**
   * As {@link #start(Config, Mailer, boolean)}, hashing passwords with {@code hasher} (which Keyhold bounds as
   * configured) and delivering mail and webhooks on a schedule only when {@code deliverMail}: tests that deliver
   * before they read turn it off, so that no scheduled round races them.
   */
  static KeyholdServer start(Config config, Mailer mailer, boolean migrate, PasswordHasher hasher,
      boolean deliverMail) {
    Optional<Metrics> metrics = config.metricsEnabled() ? Optional.of(Metrics.create()) : Optional.empty();
    Persistence persistence;
    try {
      persistence = metrics.isPresent() ? Persistence.open(config, metrics.get().pool()) : Persistence.open(config);
    } catch (RuntimeException e) {
      metrics.ifPresent(Metrics::close);
      throw e;
    }
    Optional<Webhooks> webhooks = Optional.empty();
    try {
      if (migrate || persistence.embedded()) {
        persistence.stores().migrate();
      } else if (!persistence.stores().isReady(START_CHECK_TIMEOUT)) {
        throw new StoreUnavailableException("the database is unreachable or its schema is not up to date; "
            + "run 'migrate' first, or start with 'serve --migrate'", null);
      }
      IdentityStores stores = metrics.map(m -> m.observe(persistence.stores())).orElse(persistence.stores());
      webhooks = webhooks(config, persistence);
      Keyhold keyhold = keyhold(config, stores, persistence, mailer, hasher, webhooks);
      metrics.ifPresent(m -> {
        m.watchBacklogs(keyhold.mail()::backlog, persistence.stores().linkRequests()::backlog);
        m.watchHashing(keyhold.passwordHashing());
      });
      config.bootstrapAdmin().ifPresent(admin -> {
        keyhold.administration()
            .bootstrapAdmin(new BootstrapAdmin.Command(admin.email(), admin.password(), ClientInfo.unknown()));
        LOG.info("Bootstrap administrator {} is in place", admin.email());
      });
      HttpApi http = httpApi(config, persistence, keyhold, metrics).build().start();
      preloadOffTheRequestPath();
      Optional<ScheduledExecutorService> rotation = config.keyRotationInterval()
          .flatMap(interval -> keyhold.keyRing().map(ring -> scheduleRotation(ring, interval)));
      Optional<ScheduledExecutorService> mail =
          deliverMail ? Optional.of(scheduleMailDelivery(keyhold)) : Optional.empty();
      if (deliverMail) {
        webhooks.ifPresent(Webhooks::start);
      }
      if (!keyhold.extensions().isEmpty()) {
        LOG.info("Extensions: {}", keyhold.extensions());
      }
      LOG.info("Keyhold listening on {}:{} (public URL {}; metrics {}; external sign-in {})", config.host(),
          http.port(), config.publicUrl(), metrics.isPresent() ? "at /metrics" : "off",
          config.identityProviders().names().isEmpty() ? "off" : config.identityProviders().names());
      return new KeyholdServer(persistence, keyhold, http, rotation, mail, metrics, webhooks);
    } catch (RuntimeException e) {
      webhooks.ifPresent(Webhooks::close);
      persistence.close();
      metrics.ifPresent(Metrics::close);
      throw e;
    }
  }

  /** Builds the core over the configured stores, for the server and for one-shot commands. */
  static Keyhold keyhold(Config config, Persistence persistence, Mailer mailer) {
    return keyhold(config, persistence.stores(), persistence, mailer, passwordHasher(config),
        webhooks(config, persistence));
  }

  /**
   * The webhooks of {@code WEBHOOK_URL}, their outbox in the server's PostgreSQL; not delivering until started (one-shot
   * commands only fill the outbox, which the servers empty).
   */
  private static Optional<Webhooks> webhooks(Config config, Persistence persistence) {
    return config.webhook().map(settings -> {
      LOG.info("Webhooks: {} to {}://{}", settings.events().isEmpty() ? "every event" : settings.events(),
          settings.url().getScheme(), settings.url().getAuthority());
      return Webhooks.inPostgres(settings, persistence.sidePool(), Clock.systemUTC());
    });
  }

  /** Builds the core over {@code stores}, which are {@code persistence}'s, perhaps decorated (metrics). */
  private static Keyhold keyhold(Config config, IdentityStores stores, Persistence persistence, Mailer mailer,
      PasswordHasher hasher, Optional<Webhooks> webhooks) {
    Keyhold.Builder builder = Keyhold.builder();
    identityProviders(config.identityProviders()).forEach(builder::identityProvider);
    extensions(builder, config.extensions());
    webhooks.ifPresent(hooks -> builder.plugin(hooks.plugin()));
    return builder
        .stores(stores)
        .settings(settings(config))
        .mailer(mailer)
        .passwordHasher(hasher)
        .hashingLimits(config.hashing())
        .keyEncryption(persistence.keyEncryption())
        .signingAlgorithm(config.jwtAlgorithm())
        .protection(persistence.protection())
        .protectionSettings(protectionSettings(config))
        .build();
  }

  /**
   * Adds the loaded extensions: each {@code HOOK_MODULES} instance for every hook interface it implements, then the
   * plugins, and the hook timeout.
   */
  static void extensions(Keyhold.Builder builder, Config.Extensions extensions) {
    builder.hookTimeout(extensions.hookTimeout());
    for (Object hook : extensions.hooks()) {
      if (hook instanceof PasswordRule rule) {
        builder.passwordRule(rule);
      }
      if (hook instanceof RegistrationCheck check) {
        builder.registrationCheck(check);
      }
      if (hook instanceof SignInCheck check) {
        builder.signInCheck(check);
      }
      if (hook instanceof TokenClaimsCustomizer customizer) {
        builder.tokenClaims(customizer);
      }
      if (hook instanceof IdentityEventListener listener) {
        builder.listener(listener);
      }
    }
    extensions.plugins().forEach(builder::plugin);
  }

  /**
   * The configured external providers, made by adapter-oauth: Google, Microsoft, then the generic ones in
   * {@code OIDC_PROVIDERS} order. Making them does not connect; each fetches its discovery document when first used.
   */
  static List<IdentityProvider> identityProviders(Config.IdentityProviders configured) {
    List<IdentityProvider> providers = new ArrayList<>();
    configured.google().map(OidcProviders::google).ifPresent(providers::add);
    configured.microsoft().map(OidcProviders::microsoft).ifPresent(providers::add);
    configured.generic().stream().map(OidcProviders::generic).forEach(providers::add);
    return providers;
  }

  static ProtectionSettings protectionSettings(Config config) {
    Config.Lockout lockout = config.lockout();
    ProtectionSettings settings = ProtectionSettings.defaults()
        .withFailOpen(config.redisFailOpen())
        .withLockout(new LockoutSettings(lockout.maxFailures(), lockout.initialWait(), lockout.maxWait(),
            lockout.reset()));
    for (Map.Entry<String, Config.Rate> limit : config.rateLimits().entrySet()) {
      settings = settings.withLimit(limit.getKey(), limit.getValue().permits(), limit.getValue().period());
    }
    return settings;
  }

  static KeyholdSettings settings(Config config) {
    return KeyholdSettings.builder(config.publicUrl())
        .audience(config.audience())
        .accessTokenTtl(config.accessTokenTtl())
        .refreshTokenTtl(config.refreshTokenTtl())
        .refreshRetryGrace(config.refreshRetryGrace())
        .verifyEmailTtl(config.verifyEmailTtl())
        .resetPasswordTtl(config.resetPasswordTtl())
        .requireVerifiedEmail(config.requireVerifiedEmail())
        .productName(config.productName())
        .verifyEmailUrl(config.links().verifyEmail())
        .resetPasswordUrl(config.links().resetPassword())
        .invitationUrl(config.links().invitation())
        .changeEmailUrl(config.links().changeEmail())
        .build();
  }

  /**
   * Loads, on a thread of its own once the server serves, what only some requests need and the start need not wait
   * for: the password-strength estimator (a few hundred milliseconds), which the first registration, reset or
   * password change would otherwise load. Such a request that comes sooner loads it itself, or waits for this thread.
   */
  private static void preloadOffTheRequestPath() {
    Thread preload = new Thread(PasswordPolicy::preload, "keyhold-preload");
    preload.setDaemon(true);
    preload.start();
  }

  /**
   * Every node delivers queued mail; the outbox hands each message to one node at a time. A round goes on while
   * batches come back full (a burst), up to {@link #MAX_MAIL_BATCHES} of them.
   */
  private static ScheduledExecutorService scheduleMailDelivery(Keyhold keyhold) {
    ScheduledExecutorService scheduler = daemonScheduler("keyhold-mail");
    scheduler.scheduleWithFixedDelay(() -> {
      try {
        for (int batch = 0; batch < MAX_MAIL_BATCHES; batch++) {
          if (keyhold.mail().deliverDue() < DeliverMail.BATCH_SIZE) {
            break;
          }
        }
      } catch (RuntimeException e) {
        LOG.warn("Mail delivery round failed; will retry: {}", e.getMessage());
      }
    }, 1, 1, TimeUnit.SECONDS);
    return scheduler;
  }

  private static ScheduledExecutorService daemonScheduler(String name) {
    return Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    });
  }

  private static ScheduledExecutorService scheduleRotation(KeyRing ring, Duration interval) {
    ScheduledExecutorService scheduler = daemonScheduler("keyhold-key-rotation");
    scheduler.scheduleWithFixedDelay(() -> {
      try {
        if (ring.rotateIfOlderThan(interval)) {
          LOG.info("Signing key rotated (interval {})", interval);
        }
      } catch (RuntimeException e) {
        LOG.warn("Signing key rotation failed; will retry", e);
      }
    }, 0, ROTATION_CHECK.toSeconds(), TimeUnit.SECONDS);
    LOG.info("Signing keys rotate every {}", interval);
    return scheduler;
  }

  public int port() {
    return http.port();
  }

  public Keyhold keyhold() {
    return keyhold;
  }

  /** The webhooks, when {@code WEBHOOK_URL} is set. */
  Optional<Webhooks> webhooks() {
    return webhooks;
  }

  /**
   * Stops in the order that loses nothing: the HTTP API first (it refuses new connections at once and lets the
   * requests in flight finish, up to {@link HttpApi#STOP_TIMEOUT}), then mail delivery after its current round (a
   * message it was sending is marked sent, or left for another node once its claim expires), then the webhooks, the
   * database pools and metrics.
   */
  @Override
  public void close() {
    long start = System.nanoTime();
    LOG.info("Stopping: refusing new connections, finishing the requests in flight");
    rotation.ifPresent(ScheduledExecutorService::shutdownNow);
    http.stop();
    mail.ifPresent(scheduler -> {
      scheduler.shutdown();
      try {
        if (!scheduler.awaitTermination(MAIL_ROUND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
          LOG.warn("Mail delivery still running after {}; its claims expire for another node", MAIL_ROUND_TIMEOUT);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      LOG.info("Mail delivery stopped after its current round");
    });
    webhooks.ifPresent(Webhooks::close);
    persistence.close();
    metrics.ifPresent(Metrics::close);
    LOG.info("Keyhold stopped in {} ms", (System.nanoTime() - start) / 1_000_000);
  }
}
