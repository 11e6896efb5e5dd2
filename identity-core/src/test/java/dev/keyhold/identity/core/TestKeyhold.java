package dev.keyhold.identity.core;

import dev.keyhold.adapter.memory.MemoryProtectionStores;
import dev.keyhold.adapter.memory.MemoryStores;
import dev.keyhold.identity.core.crypto.Argon2Parameters;
import dev.keyhold.identity.core.crypto.Argon2idPasswordHasher;
import dev.keyhold.identity.core.crypto.SecureRandomSecretGenerator;
import dev.keyhold.identity.core.crypto.SigningAlgorithm;
import dev.keyhold.identity.core.crypto.SigningKeys;
import dev.keyhold.identity.core.protection.ProtectionSettings;
import dev.keyhold.identity.error.IdentityException;
import dev.keyhold.identity.error.StoreUnavailableException;
import dev.keyhold.identity.model.ClientInfo;
import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.access.BuiltInRoles;
import dev.keyhold.identity.model.event.IdentityEvent;
import dev.keyhold.identity.model.user.Email;
import dev.keyhold.identity.model.user.PasswordHash;
import dev.keyhold.identity.model.user.UserId;
import dev.keyhold.identity.spi.IdentityProvider;
import dev.keyhold.identity.spi.Mailer;
import dev.keyhold.identity.spi.PasswordHasher;
import dev.keyhold.identity.spi.ProtectionStores;
import dev.keyhold.identity.spi.SecretGenerator;
import dev.keyhold.identity.testkit.MutableClock;
import dev.keyhold.identity.usecase.Authenticate;
import dev.keyhold.identity.usecase.RegisterAccount;
import dev.keyhold.identity.usecase.VerifyEmail;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Keyhold on memory stores (protection stores included, on the same clock) with a fixed clock, cheap Argon2
 * parameters, counted hashes and secrets, and mail and events kept for asserts. Mail goes through the outbox as in
 * production; {@link #mail()} and {@link #lastLinkTokenTo} deliver what is queued before reading.
 */
final class TestKeyhold {

  static final String PASSWORD = "correct horse battery staple";
  static final ClientInfo CLIENT = new ClientInfo("203.0.113.7", "test-agent", "req-1");
  static final Argon2Parameters FAST = new Argon2Parameters(1024, 1, 1);
  private static final SigningKeys KEYS = SigningKeys.generate(SigningAlgorithm.RS256);
  private static final Pattern TOKEN = Pattern.compile("token=([A-Za-z0-9_-]+)");

  final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T09:00:00Z"));
  final MemoryStores stores = MemoryStores.create();
  final MemoryProtectionStores protection = MemoryProtectionStores.create(clock);
  /** The mail delivered so far, in order; read it through {@link #mail()}, which delivers what is queued first. */
  final List<Mailer.Message> sent = new CopyOnWriteArrayList<>();
  /** The delivery mailer: appends to {@link #sent}, or fails as a test tells it to. */
  final FlakyMailer mailer = new FlakyMailer(sent::add);
  final List<IdentityEvent> events = new CopyOnWriteArrayList<>();
  final CountingHasher hasher;
  final CountingSecrets secrets = new CountingSecrets(new SecureRandomSecretGenerator());
  final Keyhold keyhold;

  TestKeyhold() {
    this(KeyholdSettings.defaults("https://id.example.com"), FAST);
  }

  TestKeyhold(KeyholdSettings settings, Argon2Parameters argon2) {
    this(settings, argon2, ProtectionSettings.defaults(), UnaryOperator.identity());
  }

  /** With other protection settings, the protection stores seen through {@code decorate} (to stage outages). */
  TestKeyhold(ProtectionSettings protectionSettings, UnaryOperator<ProtectionStores> decorate) {
    this(KeyholdSettings.defaults("https://id.example.com"), FAST, protectionSettings, decorate, List.of(),
        builder -> { });
  }

  /** With these external identity providers, in this order. */
  TestKeyhold(KeyholdSettings settings, List<IdentityProvider> providers) {
    this(settings, FAST, ProtectionSettings.defaults(), UnaryOperator.identity(), providers, builder -> { });
  }

  /** With what {@code extend} adds to the builder (hooks, plugins). */
  TestKeyhold(java.util.function.Consumer<Keyhold.Builder> extend) {
    this(KeyholdSettings.defaults("https://id.example.com"), FAST, ProtectionSettings.defaults(),
        UnaryOperator.identity(), List.of(), extend);
  }

  private TestKeyhold(KeyholdSettings settings, Argon2Parameters argon2, ProtectionSettings protectionSettings,
      UnaryOperator<ProtectionStores> decorate) {
    this(settings, argon2, protectionSettings, decorate, List.of(), builder -> { });
  }

  private TestKeyhold(KeyholdSettings settings, Argon2Parameters argon2, ProtectionSettings protectionSettings,
      UnaryOperator<ProtectionStores> decorate, List<IdentityProvider> providers,
      java.util.function.Consumer<Keyhold.Builder> extend) {
    this.hasher = new CountingHasher(Argon2idPasswordHasher.withParameters(argon2));
    Keyhold.Builder builder = Keyhold.builder();
    providers.forEach(builder::identityProvider);
    extend.accept(builder);
    this.keyhold = builder
        .stores(stores)
        .protection(decorate.apply(protection))
        .protectionSettings(protectionSettings)
        .settings(settings)
        .passwordHasher(hasher)
        .secretGenerator(secrets)
        .signingKeys(KEYS)
        .clock(clock)
        .mailer(mailer)
        .listener(events::add)
        .build();
  }

  /**
   * Every mail delivered so far, after delivering what the outbox holds: the use cases only queue mail, so this is
   * what the recipients would have by now.
   */
  List<Mailer.Message> mail() {
    deliverQueuedMail();
    return sent;
  }

  /** Runs the dispatcher until a run sends nothing more; how many it sent in all. */
  int deliverQueuedMail() {
    int total = 0;
    for (int sentNow = keyhold.mail().deliverDue(); sentNow > 0; sentNow = keyhold.mail().deliverDue()) {
      total += sentNow;
    }
    return total;
  }

  /** A second instance on the same stores and clock, with other Argon2 parameters (a redeploy). */
  TestKeyhold redeployedWith(Argon2Parameters argon2) {
    return new TestKeyhold(this, argon2);
  }

  private TestKeyhold(TestKeyhold previous, Argon2Parameters argon2) {
    this.hasher = new CountingHasher(Argon2idPasswordHasher.withParameters(argon2));
    this.keyhold = Keyhold.builder()
        .stores(previous.stores)
        .protection(previous.protection)
        .settings(KeyholdSettings.defaults("https://id.example.com"))
        .passwordHasher(hasher)
        .secretGenerator(secrets)
        .signingKeys(KEYS)
        .clock(previous.clock)
        .mailer(previous.mailer)
        .listener(previous.events::add)
        .build();
  }

  /** A caller like {@link #CLIENT} but at another address. */
  static ClientInfo clientAt(String ipAddress) {
    return new ClientInfo(ipAddress, CLIENT.userAgent(), CLIENT.requestId());
  }

  RegisterAccount.Result register(String email) {
    return keyhold.accounts().register(new RegisterAccount.Command(email, PASSWORD, null, CLIENT));
  }

  String lastLinkTokenTo(String email) {
    Mailer.Message last = mail().stream().filter(m -> m.to().equalsIgnoreCase(email))
        .reduce((first, second) -> second).orElseThrow(() -> new AssertionError("no mail to " + email));
    Matcher matcher = TOKEN.matcher(last.textBody());
    if (!matcher.find()) {
      throw new AssertionError("no link in the last mail to " + email);
    }
    return matcher.group(1);
  }

  void registerAndVerify(String email) {
    register(email);
    keyhold.accounts().verifyEmail(new VerifyEmail.Command(lastLinkTokenTo(email), CLIENT));
  }

  Authenticate.Authenticated login(String email) {
    return (Authenticate.Authenticated) keyhold.accounts().login(new Authenticate.Command(email, PASSWORD, CLIENT));
  }

  UserId userId(String email) {
    return stores.users().findByEmail(Email.parse(email)).orElseThrow().id();
  }

  /** Registers, verifies and signs in a new user; the caller as use cases see them. */
  Actor signUp(String email) {
    registerAndVerify(email);
    return signIn(email);
  }

  /** Signs an existing, verified user in again: a new session. */
  Actor signIn(String email) {
    Authenticate.Authenticated login = login(email);
    return new Actor(login.userId(), login.tokens().sessionId(), CLIENT);
  }

  /** Makes a user a platform administrator directly in the stores. */
  void grantAdmin(String email) {
    stores.userRoles().grant(userId(email), BuiltInRoles.ADMIN.id(), clock.instant());
  }

  /** The code of the rejection {@code action} raises. */
  static String code(Runnable action) {
    try {
      action.run();
    } catch (IdentityException e) {
      return e.code();
    }
    throw new AssertionError("expected a rejection");
  }

  /** The decoded payload (claims) of a JWT, as JSON text. */
  static String payloadOf(String jwt) {
    return new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
  }

  /**
   * A real mailer wrapper that, when told to, refuses the next sends with {@link StoreUnavailableException}, as an
   * SMTP adapter does when the mail server cannot be reached.
   */
  static final class FlakyMailer implements Mailer {
    final Mailer delegate;
    final AtomicInteger failuresLeft = new AtomicInteger();
    final AtomicInteger calls = new AtomicInteger();

    FlakyMailer(Mailer delegate) {
      this.delegate = delegate;
    }

    /** The next {@code count} sends throw. */
    void failNext(int count) {
      failuresLeft.set(count);
    }

    @Override
    public void send(Message message) {
      calls.incrementAndGet();
      if (failuresLeft.getAndUpdate(n -> Math.max(n - 1, 0)) > 0) {
        throw new StoreUnavailableException("mail server unreachable: connection refused", null);
      }
      delegate.send(message);
    }
  }

  /** The real generator, counting the secrets drawn. */
  static final class CountingSecrets implements SecretGenerator {
    final SecretGenerator delegate;
    final AtomicInteger secrets = new AtomicInteger();

    CountingSecrets(SecretGenerator delegate) {
      this.delegate = delegate;
    }

    @Override
    public String newSecret() {
      secrets.incrementAndGet();
      return delegate.newSecret();
    }

    @Override
    public UUID newId() {
      return delegate.newId();
    }
  }

  /** The real hasher, counting how often each operation runs. */
  static final class CountingHasher implements PasswordHasher {
    final PasswordHasher delegate;
    final AtomicInteger hashes = new AtomicInteger();
    final AtomicInteger verifications = new AtomicInteger();

    CountingHasher(PasswordHasher delegate) {
      this.delegate = delegate;
    }

    @Override
    public PasswordHash hash(String password) {
      hashes.incrementAndGet();
      return delegate.hash(password);
    }

    @Override
    public boolean verify(PasswordHash hash, String password) {
      verifications.incrementAndGet();
      return delegate.verify(hash, password);
    }

    @Override
    public boolean needsRehash(PasswordHash hash) {
      return delegate.needsRehash(hash);
    }
  }
}
