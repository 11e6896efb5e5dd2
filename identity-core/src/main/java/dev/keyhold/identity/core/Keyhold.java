package dev.keyhold.identity.core;

import dev.keyhold.identity.core.account.AccountService;
import dev.keyhold.identity.core.audit.Auditor;
import dev.keyhold.identity.core.crypto.Argon2idPasswordHasher;
import dev.keyhold.identity.core.crypto.JoseAccessTokens;
import dev.keyhold.identity.core.crypto.SecureRandomSecretGenerator;
import dev.keyhold.identity.core.crypto.SigningAlgorithm;
import dev.keyhold.identity.core.crypto.SigningKeys;
import dev.keyhold.identity.core.event.EventPublisher;
import dev.keyhold.identity.core.mail.LoggingMailer;
import dev.keyhold.identity.core.password.PasswordPolicy;
import dev.keyhold.identity.core.token.SessionIssuer;
import dev.keyhold.identity.core.token.SessionService;
import dev.keyhold.identity.spi.IdentityEventListener;
import dev.keyhold.identity.spi.IdentityStores;
import dev.keyhold.identity.spi.Mailer;
import dev.keyhold.identity.spi.PasswordHasher;
import dev.keyhold.identity.spi.SecretGenerator;
import dev.keyhold.identity.usecase.Accounts;
import dev.keyhold.identity.usecase.Sessions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The entry point for embedding: builds the use cases from a set of stores and optional replacements for the
 * secure defaults.
 *
 * <pre>{@code
 * Keyhold keyhold = Keyhold.builder()
 *     .stores(MemoryStores.create())
 *     .settings(KeyholdSettings.defaults("https://id.example.com"))
 *     .build();
 * LoginResult result = keyhold.accounts().login(new Authenticate.Command(email, password, client));
 * }</pre>
 */
public final class Keyhold {

  private final Accounts accounts;
  private final Sessions sessions;
  private final IdentityStores stores;

  private Keyhold(Accounts accounts, Sessions sessions, IdentityStores stores) {
    this.accounts = accounts;
    this.sessions = sessions;
    this.stores = stores;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Registration, verification, login and profile. */
  public Accounts accounts() {
    return accounts;
  }

  /** Refresh, logout, request authentication and the public key set. */
  public Sessions sessions() {
    return sessions;
  }

  /** Whether the stores can answer now. */
  public boolean isReady() {
    return stores.isReady();
  }

  /** Collects the parts; everything but the stores has a secure default. */
  public static final class Builder {

    private IdentityStores stores;
    private KeyholdSettings settings = KeyholdSettings.defaults("http://localhost:8080");
    private PasswordHasher passwordHasher;
    private PasswordPolicy passwordPolicy = PasswordPolicy.defaults();
    private SigningKeys signingKeys;
    private Clock clock = Clock.systemUTC();
    private SecretGenerator secretGenerator;
    private Mailer mailer;
    private final List<IdentityEventListener> listeners = new ArrayList<>();

    private Builder() {}

    /** Required: where users, sessions, tokens and audit events live. */
    public Builder stores(IdentityStores value) {
      this.stores = Objects.requireNonNull(value, "stores");
      return this;
    }

    public Builder settings(KeyholdSettings value) {
      this.settings = Objects.requireNonNull(value, "settings");
      return this;
    }

    /** Default: Argon2id with OWASP parameters. */
    public Builder passwordHasher(PasswordHasher value) {
      this.passwordHasher = Objects.requireNonNull(value, "passwordHasher");
      return this;
    }

    /** Default: 8 to 256 characters, common passwords rejected. */
    public Builder passwordPolicy(PasswordPolicy value) {
      this.passwordPolicy = Objects.requireNonNull(value, "passwordPolicy");
      return this;
    }

    /** Default: a fresh RS256 key, which lives only as long as this instance. */
    public Builder signingKeys(SigningKeys value) {
      this.signingKeys = Objects.requireNonNull(value, "signingKeys");
      return this;
    }

    /**
     * Default: the system clock in UTC. Whatever clock is given, Keyhold reads it at microsecond precision, the
     * precision of PostgreSQL timestamps, so every store keeps exactly what the core saw.
     */
    public Builder clock(Clock value) {
      this.clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /** Default: {@link java.security.SecureRandom}. */
    public Builder secretGenerator(SecretGenerator value) {
      this.secretGenerator = Objects.requireNonNull(value, "secretGenerator");
      return this;
    }

    /** Default: a development mailer that writes mail, links included, to the log. */
    public Builder mailer(Mailer value) {
      this.mailer = Objects.requireNonNull(value, "mailer");
      return this;
    }

    /** Adds a hook told about every {@link dev.keyhold.identity.model.event.IdentityEvent}. */
    public Builder listener(IdentityEventListener value) {
      listeners.add(Objects.requireNonNull(value, "listener"));
      return this;
    }

    public Keyhold build() {
      if (stores == null) {
        throw new IllegalStateException("Keyhold needs stores: call stores(...) before build()");
      }
      Clock clock = Clock.tick(this.clock, Duration.ofNanos(1_000));
      PasswordHasher hasher = passwordHasher != null ? passwordHasher : Argon2idPasswordHasher.owaspDefault();
      SecretGenerator secrets = secretGenerator != null ? secretGenerator : new SecureRandomSecretGenerator();
      SigningKeys keys = signingKeys != null ? signingKeys : SigningKeys.generate(SigningAlgorithm.RS256);
      JoseAccessTokens tokens = JoseAccessTokens.create(keys, settings.issuer(), settings.audience(), clock);
      Auditor audit = new Auditor(stores.auditLog(), clock);
      EventPublisher events = new EventPublisher(listeners);
      SessionIssuer issuer = new SessionIssuer(stores.refreshTokens(), tokens, secrets, clock,
          new SessionIssuer.Policy(settings.issuer(), settings.audience(), settings.accessTokenTtl(),
              settings.refreshTokenTtl()));
      Accounts accounts = new AccountService(new AccountService.Dependencies(stores.users(), stores.oneTimeTokens(),
          hasher, passwordPolicy, issuer, secrets, mailer != null ? mailer : new LoggingMailer(), audit, events,
          clock, settings));
      Sessions sessions = new SessionService(stores.users(), stores.refreshTokens(), issuer, tokens, tokens, audit,
          events, clock);
      return new Keyhold(accounts, sessions, stores);
    }
  }
}
