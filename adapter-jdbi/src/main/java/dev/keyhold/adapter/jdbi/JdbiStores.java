package dev.keyhold.adapter.jdbi;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.keyhold.identity.spi.AuditLog;
import dev.keyhold.identity.spi.EmailChangeRepository;
import dev.keyhold.identity.spi.ExternalIdentityRepository;
import dev.keyhold.identity.spi.IdentityStores;
import dev.keyhold.identity.spi.InvitationRepository;
import dev.keyhold.identity.spi.LinkRequestQueue;
import dev.keyhold.identity.spi.MailOutbox;
import dev.keyhold.identity.spi.MembershipRepository;
import dev.keyhold.identity.spi.OneTimeTokenRepository;
import dev.keyhold.identity.spi.OrganizationRepository;
import dev.keyhold.identity.spi.RecoveryCodeRepository;
import dev.keyhold.identity.spi.RefreshTokenRepository;
import dev.keyhold.identity.spi.RoleRepository;
import dev.keyhold.identity.spi.SigningKeyRepository;
import dev.keyhold.identity.spi.TotpCredentialRepository;
import dev.keyhold.identity.spi.Transactions;
import dev.keyhold.identity.spi.UserRepository;
import dev.keyhold.identity.spi.UserRoleRepository;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The identity stores in PostgreSQL, through Jdbi, with the schema migrations shipped in this jar.
 *
 * <p>Every repository method translates driver, pool and Jdbi failures into
 * {@link dev.keyhold.identity.error.StoreUnavailableException}; none reports an outage as "absent" or "false".
 * Nothing Jdbi, JDBC or Hikari crosses the ports. Thread-safe.
 */
public final class JdbiStores implements IdentityStores, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(JdbiStores.class);

  private static final String POOL_NAME = "keyhold";
  private static final Duration READINESS_TIMEOUT = Duration.ofSeconds(1);
  private static final int SOCKET_TIMEOUT_SECONDS = 10;

  private final Database database;
  private final Transactions transactions;
  private final Migrations migrations;
  private final HikariDataSource ownedPool;
  private final ExecutorService readinessProbe;
  private final JdbiUserRepository users;
  private final JdbiRefreshTokenRepository refreshTokens;
  private final JdbiOneTimeTokenRepository oneTimeTokens;
  private final JdbiEmailChangeRepository emailChanges;
  private final JdbiAuditLog auditLog;
  private final JdbiSigningKeyRepository signingKeys;
  private final JdbiOrganizationRepository organizations;
  private final JdbiMembershipRepository memberships;
  private final JdbiRoleRepository roles;
  private final JdbiUserRoleRepository userRoles;
  private final JdbiInvitationRepository invitations;
  private final JdbiMailOutbox mailOutbox;
  private final JdbiLinkRequestQueue linkRequests;
  private final JdbiTotpCredentialRepository totpCredentials;
  private final JdbiRecoveryCodeRepository recoveryCodes;
  private final JdbiExternalIdentityRepository externalIdentities;

  private JdbiStores(DataSource dataSource, DataSource migrationDataSource, HikariDataSource ownedPool) {
    this.database = new Database(dataSource);
    this.transactions = new Transactions() {
      @Override
      public <T> T inTransaction(Supplier<T> work) {
        return database.unitOfWork(work);
      }

      @Override
      public boolean atomic() {
        return true;
      }
    };
    this.migrations = new Migrations(migrationDataSource, database);
    this.ownedPool = ownedPool;
    this.readinessProbe = Executors.newSingleThreadExecutor(task -> {
      Thread thread = new Thread(task, "keyhold-db-readiness");
      thread.setDaemon(true);
      return thread;
    });
    this.users = new JdbiUserRepository(database);
    this.refreshTokens = new JdbiRefreshTokenRepository(database);
    this.oneTimeTokens = new JdbiOneTimeTokenRepository(database);
    this.emailChanges = new JdbiEmailChangeRepository(database);
    this.auditLog = new JdbiAuditLog(database);
    this.signingKeys = new JdbiSigningKeyRepository(database);
    this.organizations = new JdbiOrganizationRepository(database);
    this.memberships = new JdbiMembershipRepository(database);
    this.roles = new JdbiRoleRepository(database);
    this.userRoles = new JdbiUserRoleRepository(database);
    this.invitations = new JdbiInvitationRepository(database);
    this.mailOutbox = new JdbiMailOutbox(database);
    this.linkRequests = new JdbiLinkRequestQueue(database);
    this.totpCredentials = new JdbiTotpCredentialRepository(database);
    this.recoveryCodes = new JdbiRecoveryCodeRepository(database);
    this.externalIdentities = new JdbiExternalIdentityRepository(database);
  }

  /**
   * Stores on a connection pool of their own (HikariCP, pool name {@code keyhold}), closed by {@link #close()}.
   * Does not connect yet and does not fail when the database is down: the pool keeps trying in the background, and
   * until it succeeds every call fails with {@code StoreUnavailableException} after {@code connectionTimeout} and
   * {@link #isReady()} answers false. A statement that gets no answer for 10 s fails the same way, so a dead server
   * cannot hang a request. Migrations run on separate connections without that limit.
   */
  public static JdbiStores connect(DatabaseSettings settings) {
    return connect(settings, pool -> { });
  }

  /**
   * {@link #connect(DatabaseSettings)}, letting {@code customizer} adjust the pool's configuration before the pool
   * starts: to hand it a metrics registry ({@code setMetricsTrackerFactory}), say. Settings the customizer changes
   * override those derived from {@code settings}; the stores' guarantees (timeouts, start while the database is down)
   * hold only while it leaves those alone.
   */
  public static JdbiStores connect(DatabaseSettings settings, Consumer<HikariConfig> customizer) {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(customizer, "customizer");
    HikariConfig config = poolConfig(settings);
    customizer.accept(config);
    HikariDataSource pool = new HikariDataSource(config);
    return new JdbiStores(pool, migrationDataSource(settings), pool);
  }

  /**
   * Stores on a data source the caller owns and configures (pool, timeouts); {@link #close()} leaves it open.
   * Migrations run on it too.
   */
  public static JdbiStores create(DataSource dataSource) {
    Objects.requireNonNull(dataSource, "dataSource");
    return new JdbiStores(dataSource, dataSource, null);
  }

  /**
   * Applies the pending schema migrations shipped in this jar (Flyway, {@code classpath:db/migration/keyhold}) and
   * logs the versions it applied. Safe to run from several nodes at once: Flyway serializes them with a lock.
   *
   * @throws dev.keyhold.identity.error.StoreUnavailableException when the database cannot be reached
   * @throws SchemaMigrationException when a migration recorded in the database was altered or failed, or
   *     PostgreSQL refuses a migration's statement (a missing privilege, say)
   */
  public void migrate() {
    migrations.migrate();
  }

  /**
   * True when the database answers within about a second and every shipped migration has been applied. Never
   * throws: a failure or a timeout is a false.
   */
  /**
   * One PostgreSQL transaction per unit, on one pooled connection, joining every statement of these stores that the
   * calling thread runs in it.
   */
  @Override
  public Transactions transactions() {
    return transactions;
  }

  @Override
  public boolean isReady() {
    return probed(() -> reachable() && migrated());
  }

  /**
   * True when the database answers within {@code timeout} and every shipped migration has been applied: the start-up
   * check, where a cold JVM's first connection and first look at the migrations may take longer than a readiness
   * probe allows. Never throws: a failure or a timeout is a false.
   */
  public boolean isReady(Duration timeout) {
    return probed(() -> reachable() && migrated(), timeout);
  }

  /** True when the database answers a query within about a second. Never throws. */
  public boolean isReachable() {
    return probed(this::reachable);
  }

  /**
   * True when every migration this jar ships has been applied, read within about a second. Never throws: an
   * unreachable database is a false.
   */
  public boolean isMigrated() {
    return probed(this::migrated);
  }

  private boolean probed(Callable<Boolean> check) {
    return probed(check, READINESS_TIMEOUT);
  }

  private boolean probed(Callable<Boolean> check, Duration timeout) {
    Future<Boolean> probe;
    try {
      probe = readinessProbe.submit(check);
    } catch (RejectedExecutionException closed) {
      return false;
    }
    try {
      return probe.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      probe.cancel(true);
      return false;
    } catch (TimeoutException e) {
      probe.cancel(true);
      LOG.debug("The database did not answer the readiness probe within {}", timeout);
      return false;
    } catch (ExecutionException e) {
      LOG.debug("The database is not ready", e.getCause());
      return false;
    }
  }

  private boolean reachable() {
    int timeoutSeconds = (int) READINESS_TIMEOUT.toSeconds();
    return database.call("answer the readiness probe", handle -> handle.createQuery("SELECT 1")
        .setQueryTimeout(timeoutSeconds)
        .mapTo(Integer.class)
        .one()) == 1;
  }

  private boolean migrated() {
    int timeoutSeconds = (int) READINESS_TIMEOUT.toSeconds();
    Set<String> shipped = Migrations.shippedVersions();
    Set<String> applied = database.call("read the applied migrations", handle -> handle
        .createQuery("SELECT version FROM " + Migrations.HISTORY_TABLE + " WHERE success AND version IS NOT NULL")
        .setQueryTimeout(timeoutSeconds)
        .mapTo(String.class)
        .set());
    if (!applied.containsAll(shipped)) {
      LOG.debug("The database schema lacks migrations; applied: {}, shipped: {}", applied, shipped);
      return false;
    }
    return true;
  }

  /**
   * Stops the readiness probe and the audit linker (linking what is still queued), and closes the pool
   * {@link #connect} opened; a caller's data source stays open.
   */
  @Override
  public void close() {
    readinessProbe.shutdownNow();
    auditLog.close();
    if (ownedPool != null) {
      ownedPool.close();
    }
  }

  @Override
  public UserRepository users() {
    return users;
  }

  @Override
  public RefreshTokenRepository refreshTokens() {
    return refreshTokens;
  }

  @Override
  public OneTimeTokenRepository oneTimeTokens() {
    return oneTimeTokens;
  }

  @Override
  public EmailChangeRepository emailChanges() {
    return emailChanges;
  }

  @Override
  public AuditLog auditLog() {
    return auditLog;
  }

  @Override
  public SigningKeyRepository signingKeys() {
    return signingKeys;
  }

  @Override
  public OrganizationRepository organizations() {
    return organizations;
  }

  @Override
  public MembershipRepository memberships() {
    return memberships;
  }

  @Override
  public RoleRepository roles() {
    return roles;
  }

  @Override
  public UserRoleRepository userRoles() {
    return userRoles;
  }

  @Override
  public InvitationRepository invitations() {
    return invitations;
  }

  @Override
  public MailOutbox mailOutbox() {
    return mailOutbox;
  }

  @Override
  public LinkRequestQueue linkRequests() {
    return linkRequests;
  }

  @Override
  public ExternalIdentityRepository externalIdentities() {
    return externalIdentities;
  }

  @Override
  public TotpCredentialRepository totpCredentials() {
    return totpCredentials;
  }

  @Override
  public RecoveryCodeRepository recoveryCodes() {
    return recoveryCodes;
  }

  /** The pool's configuration; package-private for tests. */
  static HikariConfig poolConfig(DatabaseSettings settings) {
    long connectionTimeoutMillis = settings.connectionTimeout().toMillis();
    HikariConfig config = new HikariConfig();
    config.setPoolName(POOL_NAME);
    config.setDriverClassName("org.postgresql.Driver");
    config.setJdbcUrl(settings.jdbcUrl());
    config.setUsername(settings.username());
    config.setPassword(settings.password());
    config.setMaximumPoolSize(settings.maxPoolSize());
    config.setConnectionTimeout(connectionTimeoutMillis);
    // Hikari wants the validation timeout below the connection timeout and at least 250 ms.
    config.setValidationTimeout(Math.max(250, Math.min(1_000, connectionTimeoutMillis / 2)));
    config.setKeepaliveTime(Duration.ofMinutes(1).toMillis());
    config.setMaxLifetime(Duration.ofMinutes(30).toMillis());
    // Start even when the database is down; readiness reports it and the pool keeps trying.
    config.setInitializationFailTimeout(-1);
    // Driver properties, overridden by parameters in the URL. Values must be strings: the driver reads them with
    // Properties.getProperty, which ignores an Integer or a Boolean.
    config.addDataSourceProperty("connectTimeout", String.valueOf(connectTimeoutSeconds(settings)));
    config.addDataSourceProperty("socketTimeout", String.valueOf(SOCKET_TIMEOUT_SECONDS));
    config.addDataSourceProperty("tcpKeepAlive", "true");
    config.addDataSourceProperty("ApplicationName", POOL_NAME);
    // Keeps row values (emails, ids) out of exception messages.
    config.addDataSourceProperty("logServerErrorDetail", "false");
    return config;
  }

  private static DataSource migrationDataSource(DatabaseSettings settings) {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setUrl(settings.jdbcUrl());
    dataSource.setUser(settings.username());
    dataSource.setPassword(settings.password());
    dataSource.setConnectTimeout(connectTimeoutSeconds(settings));
    dataSource.setLoginTimeout(connectTimeoutSeconds(settings));
    dataSource.setTcpKeepAlive(true);
    dataSource.setApplicationName(POOL_NAME + "-migrate");
    dataSource.setLogServerErrorDetail(false);
    return dataSource;
  }

  /** The driver's TCP connect timeout, in whole seconds (its unit), at least 1. */
  private static int connectTimeoutSeconds(DatabaseSettings settings) {
    return (int) Math.max(1, (settings.connectionTimeout().toMillis() + 999) / 1000);
  }

  /**
   * The schema cannot be migrated for a reason that waiting will not cure: a migration recorded in the database was
   * altered or failed, or PostgreSQL refused a migration's statement (a missing privilege, a conflicting object). The
   * message says which on one line, with Flyway's or PostgreSQL's own words and the SQL state, and holds no secret. An
   * unreachable database is a {@link dev.keyhold.identity.error.StoreUnavailableException} instead.
   */
  public static final class SchemaMigrationException extends RuntimeException {

    SchemaMigrationException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
