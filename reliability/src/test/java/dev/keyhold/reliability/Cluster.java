package dev.keyhold.reliability;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The parts the scenarios share: one PostgreSQL, one Redis and one mail server for the whole suite; each scenario
 * starts its own two nodes on a database of its own ({@link #twoNodes}).
 */
final class Cluster implements AutoCloseable {

  final Postgres postgres;
  final Redis redis;
  final MailServer mail;
  final Api api = new Api();

  private Cluster(Postgres postgres, Redis redis, MailServer mail) {
    this.postgres = postgres;
    this.redis = redis;
    this.mail = mail;
  }

  static Cluster start(Path pgData) {
    Postgres postgres = Postgres.start(pgData);
    return new Cluster(postgres, Redis.start(), MailServer.start());
  }

  /** Two nodes (a and b) on a fresh database, up and ready, configured as production would be, plus {@code extra}. */
  Nodes twoNodes(String scenario, Map<String, String> extra) {
    return twoNodes(scenario, extra, Map.of());
  }

  /** As {@link #twoNodes(String, Map)}, node b's environment changed further by {@code onlyB}. */
  Nodes twoNodes(String scenario, Map<String, String> extra, Map<String, String> onlyB) {
    Map<String, String> env = new HashMap<>();
    String databaseUrl = postgres.newDatabaseUrl();
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    env.put("DATABASE_URL", databaseUrl);
    env.put("DATABASE_POOL_SIZE", "6");
    env.put("KEY_ENCRYPTION_KEY", Base64.getEncoder().encodeToString(key));
    env.put("PUBLIC_URL", "http://keyhold.test");
    env.put("REDIS_URL", redis.url());
    env.put("REDIS_FAILURE_MODE", "closed");
    env.put("SMTP_HOST", "127.0.0.1");
    env.put("SMTP_PORT", Integer.toString(mail.port()));
    env.put("SMTP_SECURITY", "none");
    env.put("SMTP_FROM", "Keyhold <no-reply@keyhold.test>");
    env.put("SMTP_TIMEOUT", "2s");
    env.put("REQUIRE_VERIFIED_EMAIL", "false");
    env.put("LOG_FORMAT", "text");
    // cheap hashing: the suite measures the service around the hash, not Argon2 (docs/performance.md does that)
    env.put("ARGON2_MEMORY_KIB", "8192");
    env.put("ARGON2_ITERATIONS", "1");
    // every client is 127.0.0.1 here, which real traffic never is: lift the per-address and per-account limits
    for (String limit : List.of("LOGIN_IP", "LOGIN_ACCOUNT", "REGISTER_IP", "REGISTER_ACCOUNT", "RESET_IP",
        "RESET_ACCOUNT", "RESEND_IP", "RESEND_ACCOUNT")) {
      env.put("RATE_LIMIT_" + limit, "1000000/1m");
    }
    env.putAll(extra);
    Node a = Node.launch(scenario + "-a", env);
    Map<String, String> envB = new HashMap<>(env);
    envB.putAll(onlyB);
    Node b = Node.launch(scenario + "-b", envB);
    Nodes nodes = new Nodes(this, databaseUrl, List.of(a, b));
    a.awaitUp(api);
    b.awaitUp(api);
    Await.until("both nodes ready", Duration.ofSeconds(60), () -> ready(a) && ready(b));
    return nodes;
  }

  boolean ready(Node node) {
    return api.get(node, "/health/ready", null).status() == 200;
  }

  @Override
  public void close() {
    mail.close();
    redis.close();
    postgres.close();
  }

  /** A scenario's two nodes, their database, and the checks of what they acknowledged. */
  static final class Nodes implements AutoCloseable {
    final Cluster cluster;
    final String databaseUrl;
    final List<Node> all;
    /** The nodes the clients use, in order of preference; scenarios take a node out while it is down. */
    final List<Node> serving;

    Nodes(Cluster cluster, String databaseUrl, List<Node> all) {
      this.cluster = cluster;
      this.databaseUrl = databaseUrl;
      this.all = all;
      this.serving = new CopyOnWriteArrayList<>(all);
    }

    Node a() {
      return all.get(0);
    }

    Node b() {
      return all.get(1);
    }

    List<Node> serving() {
      return List.copyOf(serving);
    }

    Connection sql() throws SQLException {
      return cluster.postgres.connectTo(databaseUrl);
    }

    long count(String query) {
      try (Connection connection = sql(); Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery(query)) {
        rows.next();
        return rows.getLong(1);
      } catch (SQLException e) {
        throw new IllegalStateException(query, e);
      }
    }

    List<String> strings(String query) {
      try (Connection connection = sql(); Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery(query)) {
        List<String> values = new ArrayList<>();
        while (rows.next()) {
          values.add(rows.getString(1));
        }
        return values;
      } catch (SQLException e) {
        throw new IllegalStateException(query, e);
      }
    }

    /** The server connections to this scenario's database (pg_stat_activity). */
    long databaseConnections() {
      String name = databaseUrl.substring(databaseUrl.lastIndexOf('/') + 1);
      return count("SELECT count(*) FROM pg_stat_activity WHERE datname = '" + name
          + "' AND application_name LIKE 'keyhold%'");
    }

    /**
     * The invariants every scenario ends with, once its faults are healed; returns what is broken (empty when
     * nothing is). Waits up to {@code mailWithin} for the outbox and the link-request queue to empty.
     */
    List<String> acknowledgedWorkIsKept(Workload.Ledger ledger, Duration mailWithin) {
      List<String> broken = new ArrayList<>(ledger.violations);
      Set<String> stored = new HashSet<>(strings("SELECT email_normalized FROM users"));
      for (String email : ledger.registered) {
        if (!stored.contains(email.toLowerCase(Locale.ROOT))) {
          broken.add("registration acknowledged with 202 but not stored: " + email);
        }
      }
      List<String> halfRotated = strings("SELECT s.id::text FROM refresh_sessions s WHERE s.revoked_at IS NULL AND "
          + "(SELECT count(*) FROM refresh_tokens t WHERE t.session_id = s.id AND t.used_at IS NULL) <> 1");
      if (!halfRotated.isEmpty()) {
        broken.add("sessions without exactly one unused refresh token: " + halfRotated);
      }
      Node node = serving.get(0);
      for (Workload.Account account : ledger.accounts) {
        if (account.refresh != null && account.mustWork()) {
          Api.Outcome outcome = cluster.api.post(node, "/api/v1/refresh", null,
              Map.of("refresh_token", account.refresh));
          if (outcome.status() != 200) {
            broken.add("live refresh token of " + account.email + " refused: " + outcome.label());
          } else {
            account.tokens(outcome.text("access_token"), outcome.text("refresh_token"));
          }
        }
      }
      try {
        Await.until("the outbox and link-request queue drained", mailWithin,
            () -> count("SELECT count(*) FROM mail_outbox WHERE sent_at IS NULL") == 0
                && count("SELECT count(*) FROM link_requests") == 0);
      } catch (AssertionError e) {
        broken.add(e.getMessage() + ": " + strings("SELECT recipient || ' attempts=' || attempts || ' error=' || "
            + "coalesce(last_error, '') FROM mail_outbox WHERE sent_at IS NULL LIMIT 5"));
      }
      Map<String, Integer> received = cluster.mail.received();
      for (String recipient : strings("SELECT DISTINCT recipient FROM mail_outbox WHERE sent_at IS NOT NULL")) {
        if (!received.containsKey(recipient.toLowerCase(Locale.ROOT))) {
          broken.add("mail recorded as sent never arrived: " + recipient);
        }
      }
      for (String email : ledger.registered) {
        if (!received.containsKey(email.toLowerCase(Locale.ROOT))) {
          broken.add("no mail arrived for the acknowledged registration " + email);
        }
      }
      return broken;
    }

    @Override
    public void close() {
      all.forEach(Node::close);
    }
  }
}
