package dev.keyhold.app;

import dev.keyhold.adapter.jdbi.JdbiStores;
import dev.keyhold.identity.core.Keyhold;
import dev.keyhold.identity.core.crypto.KeyEncryption;
import dev.keyhold.identity.core.crypto.KeyRing;
import dev.keyhold.identity.core.mail.LoggingMailer;
import dev.keyhold.identity.error.StoreUnavailableException;
import dev.keyhold.identity.error.ValidationException;
import dev.keyhold.identity.model.ClientInfo;
import dev.keyhold.identity.model.audit.AuditChain;
import dev.keyhold.identity.usecase.AuditTrail;
import dev.keyhold.identity.usecase.BootstrapAdmin;
import dev.keyhold.identity.usecase.ResealSecrets;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The command line.
 *
 * <ul>
 *   <li>{@code serve [--migrate]} (the default): start the server; {@code --migrate} (or {@code --migrate=true})
 *       applies pending migrations first. The embedded database is always migrated.
 *   <li>{@code migrate}: apply pending migrations and exit.
 *   <li>{@code rotate-keys}: publish a new signing key, which starts signing once every node has seen it, and exit.
 *   <li>{@code create-admin EMAIL}: make EMAIL a platform administrator (creating the user, verified, if needed),
 *       with the password from {@code BOOTSTRAP_ADMIN_PASSWORD} or, when that is unset, from the first line of
 *       standard input; and exit.
 *   <li>{@code verify-audit}: check the audit log's hash chain from its first event to its newest, print how many
 *       events were checked and the first broken link if any, and exit: {@value #OK} when the chain is intact,
 *       {@value #AUDIT_BROKEN} when it is broken.
 *   <li>{@code reseal-keys}: reseal every stored secret (signing keys, TOTP secrets) under {@code KEY_ENCRYPTION_KEY},
 *       opening what {@code KEY_ENCRYPTION_KEY_PREVIOUS} sealed; safe while nodes run, and idempotent. Prints the
 *       counts and exits: {@value #OK} when every secret is now sealed with the current key, {@value #UNREADABLE}
 *       when some opened with neither key (they are named; the rest is resealed all the same).
 *   <li>{@code config}: print the effective configuration, one {@code NAME=value} line per setting with secrets
 *       masked, to standard output; and exit.
 * </ul>
 *
 * <p>Exit statuses: {@value #OK} success; {@value #AUDIT_BROKEN} the audit chain is broken; {@value #UNREADABLE} a
 * stored secret opens with neither key-encryption key; {@value #USAGE} a bad
 * command line; {@value #DATA} bad input (an email); {@value #UNAVAILABLE} the database is unreachable or not
 * migrated; {@value #CONFIG} invalid configuration. (1 is left to the JVM, which uses it for an uncaught error.)
 */
public final class Main {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  static final int OK = 0;
  /** {@code verify-audit} found a broken link; distinct from 1, which a crashing JVM exits with. */
  static final int AUDIT_BROKEN = 3;
  /** {@code reseal-keys} found a stored secret that opens with neither key-encryption key. */
  static final int UNREADABLE = 4;
  static final int USAGE = 64;
  static final int DATA = 65;
  static final int UNAVAILABLE = 69;
  static final int CONFIG = 78;

  private Main() {}

  public static void main(String[] args) throws InterruptedException {
    int status = run(args, System.getenv());
    if (status != OK) {
      System.exit(status);
    }
  }

  /** Runs a command; for {@code serve}, blocks until the JVM shuts down. Returns the exit status. */
  static int run(String[] args, Map<String, String> env) throws InterruptedException {
    return run(args, env, System.in);
  }

  static int run(String[] args, Map<String, String> env, InputStream stdin) throws InterruptedException {
    return run(args, env, stdin, System.out);
  }

  /**
   * {@link #run(String[], Map, InputStream)}, printing reports ({@code config}, {@code verify-audit},
   * {@code reseal-keys}) to {@code out}.
   */
  static int run(String[] args, Map<String, String> env, InputStream stdin, PrintStream out)
      throws InterruptedException {
    String command = args.length == 0 ? "serve" : args[0];
    List<String> options = Arrays.asList(args).subList(Math.min(1, args.length), args.length);
    if (command.equals("config")) {
      return options.isEmpty() ? printConfig(env, out) : usage("config takes no options");
    }
    Config config;
    try {
      config = Config.fromEnvironment(env);
    } catch (ConfigException e) {
      e.problems().forEach(problem -> LOG.error("Invalid configuration: {}", problem));
      return CONFIG;
    }
    try {
      switch (command) {
        case "serve":
          Boolean migrate = migrateOption(options);
          if (migrate == null) {
            return usage("serve takes only --migrate, --migrate=true or --migrate=false");
          }
          serve(config, migrate);
          return OK;
        case "migrate":
          return options.isEmpty() ? migrate(config) : usage("migrate takes no options");
        case "rotate-keys":
          return options.isEmpty() ? rotateKeys(config) : usage("rotate-keys takes no options");
        case "reseal-keys":
          return options.isEmpty() ? resealKeys(config, out) : usage("reseal-keys takes no options");
        case "verify-audit":
          return options.isEmpty() ? verifyAudit(config, out) : usage("verify-audit takes no options");
        case "create-admin":
          return options.size() == 1 ? createAdmin(config, options.get(0), env, stdin)
              : usage("create-admin takes one argument, the email");
        default:
          return usage("unknown command '" + command + "'");
      }
    } catch (StoreUnavailableException e) {
      LOG.error("The database is unavailable: {}", e.getMessage());
      return UNAVAILABLE;
    } catch (JdbiStores.SchemaMigrationException e) {
      LOG.error("The schema was not migrated: {}", e.getMessage());
      return DATA;
    } catch (ValidationException e) {
      e.violations().forEach(v -> LOG.error("{}: {}", v.field(), v.message()));
      return DATA;
    }
  }

  /** The command's output is the configuration itself, so it goes to standard output rather than the log. */
  private static int printConfig(Map<String, String> env, PrintStream stdout) {
    List<String> lines;
    try {
      lines = Config.effective(env);
    } catch (ConfigException e) {
      e.problems().forEach(problem -> LOG.error("Invalid configuration: {}", problem));
      return CONFIG;
    }
    lines.forEach(stdout::println);
    stdout.flush();
    return OK;
  }

  private static Boolean migrateOption(List<String> options) {
    if (options.isEmpty()) {
      return false;
    }
    if (options.size() > 1) {
      return null;
    }
    switch (options.get(0)) {
      case "--migrate":
      case "--migrate=true":
        return true;
      case "--migrate=false":
        return false;
      default:
        return null;
    }
  }

  private static void serve(Config config, boolean migrate) throws InterruptedException {
    KeyholdServer server = KeyholdServer.start(config, KeyholdServer.mailer(config), migrate);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "keyhold-shutdown"));
    stopped.await();
  }

  private static int migrate(Config config) {
    try (Persistence persistence = Persistence.open(config)) {
      persistence.stores().migrate();
      LOG.info("The database schema is up to date");
      return OK;
    }
  }

  private static int rotateKeys(Config config) {
    try (Persistence persistence = Persistence.open(config)) {
      if (persistence.embedded()) {
        persistence.stores().migrate();
      }
      Keyhold keyhold = KeyholdServer.keyhold(config, persistence, new LoggingMailer());
      KeyRing ring = keyhold.keyRing().orElseThrow();
      String kid = ring.rotate();
      LOG.info("Published signing key {}; it starts signing once every node has seen it", kid);
      return OK;
    }
  }

  private static int createAdmin(Config config, String email, Map<String, String> env, InputStream stdin) {
    String password = env.get("BOOTSTRAP_ADMIN_PASSWORD");
    if (password == null || password.isEmpty()) {
      password = firstLine(stdin);
    }
    if (password == null || password.isEmpty()) {
      return usage("create-admin needs a password in BOOTSTRAP_ADMIN_PASSWORD or on standard input");
    }
    try (Persistence persistence = Persistence.open(config)) {
      if (persistence.embedded()) {
        persistence.stores().migrate();
      }
      Keyhold keyhold = KeyholdServer.keyhold(config, persistence, new LoggingMailer());
      keyhold.administration().bootstrapAdmin(new BootstrapAdmin.Command(email, password, ClientInfo.unknown()));
      LOG.info("{} is a platform administrator", email);
      return OK;
    }
  }

  /**
   * Walks the audit chain with nothing but the database: no signing key is opened, and nothing is written but the
   * linking of events still queued (and the migration of the embedded development database). With read access to
   * {@code audit_events} alone it checks the chain as linked so far. Prints one line to {@code out}.
   */
  private static int verifyAudit(Config config, PrintStream out) {
    try (Persistence persistence = Persistence.open(config)) {
      if (persistence.embedded()) {
        persistence.stores().migrate();
      } else if (!persistence.stores().isMigrated()) {
        throw new StoreUnavailableException("the database is unreachable or its schema is not up to date; "
            + "run 'migrate' first", null);
      }
      AuditTrail.Verification verification = Keyhold.verifyAuditChain(persistence.stores().auditLog());
      if (verification.intact()) {
        out.println("Audit chain intact: " + verification.eventsChecked() + " events checked");
        LOG.info("Audit chain intact: {} events checked", verification.eventsChecked());
        return OK;
      }
      AuditChain.Break broken = verification.firstBreak();
      out.println("Audit chain broken at event " + broken.seq() + " (" + broken.reason().code() + "): "
          + verification.eventsChecked() + " events checked");
      LOG.error("Audit chain broken at event {} ({}); the events before it are intact", broken.seq(),
          broken.reason().code());
      return AUDIT_BROKEN;
    }
  }

  /**
   * Reseals every stored secret under the current key-encryption key with nothing but the database and the keys: no
   * signing key is created or rotated, so it runs beside serving nodes. Prints one line to {@code out}.
   */
  private static int resealKeys(Config config, PrintStream out) {
    try (Persistence persistence = Persistence.open(config)) {
      if (persistence.embedded()) {
        persistence.stores().migrate();
      } else if (!persistence.stores().isMigrated()) {
        throw new StoreUnavailableException("the database is unreachable or its schema is not up to date; "
            + "run 'migrate' first", null);
      }
      KeyEncryption keys = persistence.keyEncryption();
      ResealSecrets.Result result = Keyhold.resealSecrets(persistence.stores(), keys).reseal();
      ResealSecrets.Count signing = result.signingKeys();
      ResealSecrets.Count totp = result.totpSecrets();
      String counts = signing.resealed() + " signing key(s) and " + totp.resealed() + " TOTP secret(s) resealed, "
          + (signing.alreadyCurrent() + totp.alreadyCurrent()) + " already sealed with it, "
          + (signing.gone() + totp.gone()) + " deleted meanwhile";
      if (!result.complete()) {
        String line = "Could not reseal " + result.unreadable().size() + " stored secret(s), which open with neither"
            + " KEY_ENCRYPTION_KEY (" + keys.keyId() + ") nor KEY_ENCRYPTION_KEY_PREVIOUS ("
            + keys.previousKeyId().orElse("not set") + "): " + String.join("; ", result.unreadable()) + " ("
            + counts + ")";
        out.println(line);
        LOG.error(line);
        return UNREADABLE;
      }
      String line = result.resealed() == 0
          ? "Nothing to reseal: every stored secret is sealed with key-encryption key " + keys.keyId() + " (" + counts
              + ")"
          : "Resealed " + result.resealed() + " stored secret(s) under key-encryption key " + keys.keyId() + ": "
              + counts;
      out.println(line);
      LOG.info(line);
      return OK;
    }
  }

  private static String firstLine(InputStream stdin) {
    try {
      String line = new BufferedReader(
          new InputStreamReader(stdin, StandardCharsets.UTF_8)).readLine();
      return line == null ? null : line.stripTrailing();
    } catch (IOException e) {
      return null;
    }
  }

  private static int usage(String problem) {
    LOG.error("{}. Usage: keyhold [serve [--migrate] | migrate | rotate-keys | reseal-keys | create-admin EMAIL"
        + " | verify-audit | config]", problem);
    return USAGE;
  }
}
