package dev.keyhold.benchmarks;

import dev.keyhold.adapter.jdbi.DatabaseSettings;
import dev.keyhold.adapter.jdbi.JdbiStores;
import dev.keyhold.adapter.memory.MemoryProtectionStores;
import dev.keyhold.identity.core.Keyhold;
import dev.keyhold.identity.core.KeyholdSettings;
import dev.keyhold.identity.core.crypto.Argon2idPasswordHasher;
import dev.keyhold.identity.core.crypto.KeyEncryption;
import dev.keyhold.identity.model.ClientInfo;
import dev.keyhold.identity.model.token.IssuedTokens;
import dev.keyhold.identity.spi.Mailer;
import dev.keyhold.identity.usecase.Authenticate;
import dev.keyhold.identity.usecase.RegisterAccount;
import dev.keyhold.identity.usecase.RotateRefreshToken;
import dev.keyhold.identity.usecase.VerifyEmail;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Refresh-token rotation and password login against a real PostgreSQL 17 (embedded, on loopback) through the
 * Jdbi stores and a HikariCP pool. Run with {@code -t 1} and {@code -t 4} to see one client and contention. Rate
 * limits and lockout use the memory protection stores, with limits too high to refuse anything.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class PostgresBenchmark {

  static final String PASSWORD = "correct horse battery staple";
  private static final Pattern TOKEN = Pattern.compile("token=([A-Za-z0-9_-]+)");

  /** One database, one Keyhold, shared by all benchmark threads. */
  @State(Scope.Benchmark)
  public static class Node {
    @Param({"10"})
    public int poolSize;

    EmbeddedPostgres postgres;
    JdbiStores stores;
    Keyhold keyhold;
    final AtomicInteger users = new AtomicInteger();
    final AtomicReference<String> lastMail = new AtomicReference<>();

    @Setup(Level.Trial)
    public void start() throws IOException {
      postgres = EmbeddedPostgres.builder().start();
      stores = JdbiStores.connect(DatabaseSettings
          .fromUrl("jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres?user=postgres")
          .withMaxPoolSize(poolSize));
      stores.migrate();
      Mailer mailer = message -> lastMail.set(message.textBody());
      keyhold = Keyhold.builder()
          .stores(stores)
          .protection(MemoryProtectionStores.create())
          .protectionSettings(BenchmarkProtection.unrefused())
          .settings(KeyholdSettings.defaults("http://localhost:8080"))
          .passwordHasher(Argon2idPasswordHasher.owaspDefault())
          .keyEncryption(KeyEncryption.generate())
          .mailer(mailer)
          .build();
    }

    /** A new verified user, so that each benchmark thread has its own account and session. */
    synchronized String newVerifiedUser(ClientInfo client) {
      String email = "user" + users.incrementAndGet() + "@example.com";
      keyhold.accounts().register(new RegisterAccount.Command(email, PASSWORD, null, client));
      keyhold.mail().deliverDue(); // the use cases only queue mail
      Matcher link = TOKEN.matcher(lastMail.get());
      if (!link.find()) {
        throw new IllegalStateException("no verification link was mailed");
      }
      keyhold.accounts().verifyEmail(new VerifyEmail.Command(link.group(1), client));
      return email;
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
      stores.close();
      postgres.close();
    }
  }

  /** Each thread's own user and the refresh token it rotates next. */
  @State(Scope.Thread)
  public static class Client {
    final ClientInfo client = new ClientInfo("127.0.0.1", "jmh", null);
    Authenticate.Command login;
    String refreshToken;

    @Setup(Level.Trial)
    public void signIn(Node node) {
      login = new Authenticate.Command(node.newVerifiedUser(client), PASSWORD, client);
      refreshToken = ((Authenticate.Authenticated) node.keyhold.accounts().login(login)).tokens().refreshToken();
    }
  }

  /** One rotation: look up token, session and user, mark used and insert the next token in one transaction, audit, sign. */
  @Benchmark
  public IssuedTokens refreshRotation(Node node, Client client) {
    IssuedTokens next = node.keyhold.sessions().refresh(new RotateRefreshToken.Command(client.refreshToken,
        client.client));
    client.refreshToken = next.refreshToken();
    return next;
  }

  /** One password login with the default Argon2id parameters (m=19456 KiB, t=2, p=1). */
  @Benchmark
  public Authenticate.LoginResult login(Node node, Client client) {
    return node.keyhold.accounts().login(client.login);
  }
}
