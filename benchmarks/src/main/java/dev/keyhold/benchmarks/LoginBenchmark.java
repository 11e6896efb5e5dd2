package dev.keyhold.benchmarks;

import dev.keyhold.adapter.memory.MemoryProtectionStores;
import dev.keyhold.adapter.memory.MemoryStores;
import dev.keyhold.identity.core.Keyhold;
import dev.keyhold.identity.core.KeyholdSettings;
import dev.keyhold.identity.core.crypto.Argon2idPasswordHasher;
import dev.keyhold.identity.model.ClientInfo;
import dev.keyhold.identity.spi.Mailer;
import dev.keyhold.identity.usecase.Authenticate;
import dev.keyhold.identity.usecase.RegisterAccount;
import dev.keyhold.identity.usecase.VerifyEmail;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The whole password-login use case on the memory stores with the default Argon2id parameters (m=19456 KiB, t=2,
 * p=1): rate-limit and lockout checks, user lookup, hash check, lockout reset, session start, access-token signing,
 * audit. Argon2 dominates by design.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class LoginBenchmark {

  private static final String EMAIL = "ada@example.com";
  private static final String PASSWORD = "correct horse battery staple";
  private static final Pattern TOKEN = Pattern.compile("token=([A-Za-z0-9_-]+)");

  private Keyhold keyhold;
  private Authenticate.Command login;

  @Setup
  public void setUp() {
    AtomicReference<String> lastMail = new AtomicReference<>();
    Mailer mailer = message -> lastMail.set(message.textBody());
    keyhold = Keyhold.builder()
        .stores(MemoryStores.create())
        .protection(MemoryProtectionStores.create())
        .protectionSettings(BenchmarkProtection.unrefused())
        .settings(KeyholdSettings.defaults("http://localhost:8080"))
        .passwordHasher(Argon2idPasswordHasher.owaspDefault())
        .mailer(mailer)
        .build();
    ClientInfo client = new ClientInfo("127.0.0.1", "jmh", null);
    keyhold.accounts().register(new RegisterAccount.Command(EMAIL, PASSWORD, null, client));
    keyhold.mail().deliverDue(); // the use cases only queue mail
    Matcher link = TOKEN.matcher(lastMail.get());
    if (!link.find()) {
      throw new IllegalStateException("no verification link was mailed");
    }
    keyhold.accounts().verifyEmail(new VerifyEmail.Command(link.group(1), client));
    login = new Authenticate.Command(EMAIL, PASSWORD, client);
  }

  @Benchmark
  public Authenticate.LoginResult login() {
    return keyhold.accounts().login(login);
  }
}
