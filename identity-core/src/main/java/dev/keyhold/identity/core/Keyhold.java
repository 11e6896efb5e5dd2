package dev.keyhold.identity.core;

import dev.keyhold.identity.model.user.UserId;
import dev.keyhold.identity.usecase.GetProfile;
import dev.keyhold.identity.core.crypto.Argon2idPasswordHasher;
import dev.keyhold.identity.core.crypto.BoundedPasswordHasher;
import dev.keyhold.identity.core.crypto.EmailPseudonyms;
import dev.keyhold.identity.core.crypto.HashingLimits;
import dev.keyhold.identity.core.crypto.JoseAccessTokens;
import dev.keyhold.identity.core.crypto.KeyEncryption;
import dev.keyhold.identity.core.crypto.KeyRing;
import dev.keyhold.identity.core.crypto.SecureRandomSecretGenerator;
import dev.keyhold.identity.core.crypto.SigningAlgorithm;
import dev.keyhold.identity.core.crypto.SigningKeys;
import dev.keyhold.identity.core.internal.access.AccessResolver;
import dev.keyhold.identity.core.internal.access.Authorizer;
import dev.keyhold.identity.core.internal.account.AccountPolicy;
import dev.keyhold.identity.core.internal.account.AccountRemoval;
import dev.keyhold.identity.core.internal.account.AccountService;
import dev.keyhold.identity.core.internal.account.PasswordSetupLinks;
import dev.keyhold.identity.core.internal.admin.AdministrationUseCases;
import dev.keyhold.identity.core.internal.audit.AuditTrailService;
import dev.keyhold.identity.core.internal.audit.AuditVerifier;
import dev.keyhold.identity.core.internal.audit.Auditor;
import dev.keyhold.identity.core.internal.event.EventPublisher;
import dev.keyhold.identity.core.internal.extension.Hooks;
import dev.keyhold.identity.core.internal.external.ExternalLoginService;
import dev.keyhold.identity.core.internal.keys.SecretResealer;
import dev.keyhold.identity.core.internal.mail.MailDispatcher;
import dev.keyhold.identity.core.internal.mfa.MfaLogin;
import dev.keyhold.identity.core.internal.mfa.MfaRemoval;
import dev.keyhold.identity.core.internal.mfa.RecoveryCodeFactor;
import dev.keyhold.identity.core.internal.mfa.TotpFactor;
import dev.keyhold.identity.core.internal.mfa.TwoFactorService;
import dev.keyhold.identity.core.internal.org.OrganizationUseCases;
import dev.keyhold.identity.core.internal.protection.Protection;
import dev.keyhold.identity.core.internal.protection.RefusalTargets;
import dev.keyhold.identity.core.internal.token.RecentReads;
import dev.keyhold.identity.core.internal.token.SessionCheckedStores;
import dev.keyhold.identity.core.internal.token.SessionIssuer;
import dev.keyhold.identity.core.internal.token.RefreshRetry;
import dev.keyhold.identity.core.internal.token.SessionService;
import dev.keyhold.identity.core.internal.token.SessionValidity;
import dev.keyhold.identity.core.mail.LoggingMailer;
import dev.keyhold.identity.core.password.PasswordPolicy;
import dev.keyhold.identity.core.protection.ProtectionSettings;
import dev.keyhold.identity.model.mfa.MfaChallenge;
import dev.keyhold.identity.model.user.PasswordHash;
import dev.keyhold.identity.model.user.User;
import dev.keyhold.identity.spi.AuditLog;
import dev.keyhold.identity.spi.IdentityEventListener;
import dev.keyhold.identity.spi.IdentityProvider;
import dev.keyhold.identity.spi.IdentityStores;
import dev.keyhold.identity.spi.KeyholdPlugin;
import dev.keyhold.identity.spi.Mailer;
import dev.keyhold.identity.spi.PasswordHasher;
import dev.keyhold.identity.spi.PasswordRule;
import dev.keyhold.identity.spi.ProtectionStores;
import dev.keyhold.identity.spi.RegistrationCheck;
import dev.keyhold.identity.spi.SecondFactor;
import dev.keyhold.identity.spi.SecretGenerator;
import dev.keyhold.identity.spi.SignInCheck;
import dev.keyhold.identity.spi.TokenClaimsCustomizer;
import dev.keyhold.identity.usecase.Accounts;
import dev.keyhold.identity.usecase.Administration;
import dev.keyhold.identity.usecase.AuditTrail;
import dev.keyhold.identity.usecase.DeliverMail;
import dev.keyhold.identity.usecase.ExternalLogin;
import dev.keyhold.identity.usecase.Organizations;
import dev.keyhold.identity.usecase.ResealSecrets;
import dev.keyhold.identity.usecase.Sessions;
import dev.keyhold.identity.usecase.TwoFactor;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The entry point for embedding: builds the use cases from a set of stores and optional replacements for the
 * secure defaults.
 *
 * <pre>{@code
 * Keyhold keyhold = Keyhold.builder()
 *     .stores(MemoryStores.create())
 *     .protection(MemoryProtectionStores.create())
 *     .settings(KeyholdSettings.defaults("https://id.example.com"))
 *     .build();
 * LoginResult result = keyhold.accounts().login(new Authenticate.Command(email, password, client));
 * }</pre>
 */
public final class Keyhold {

  private final Accounts accounts;
  private final Sessions sessions;
  private final Organizations organizations;
  private final Administration administration;
  private final TwoFactor twoFactor;
  private final ExternalLogin externalLogin;
  private final AuditTrail audit;
  private final IdentityStores stores;
  private final ProtectionStores protectionStores;
  private final boolean failOpen;
  private final KeyRing keyRing;
  private final MailDispatcher mail;
  private final BoundedPasswordHasher hashing;
  private final List<String> extensions;

  private Keyhold(Accounts accounts, Sessions sessions, Organizations organizations, Administration administration,
      TwoFactor twoFactor, ExternalLogin externalLogin, AuditTrail audit, IdentityStores stores,
      ProtectionStores protectionStores, boolean failOpen, KeyRing keyRing, MailDispatcher mail,
      BoundedPasswordHasher hashing, List<String> extensions) {
    this.accounts = accounts;
    this.sessions = sessions;
    this.organizations = organizations;
    this.administration = administration;
    this.twoFactor = twoFactor;
    this.externalLogin = externalLogin;
    this.audit = audit;
    this.stores = stores;
    this.protectionStores = protectionStores;
    this.failOpen = failOpen;
    this.keyRing = keyRing;
    this.mail = mail;
    this.hashing = hashing;
    this.extensions = List.copyOf(extensions);
  }

  /**
   * What was added through the builder's extension methods and plugins, one line each in the order added, such as
   * {@code password rule com.example.NoCompanyName} or {@code plugin com.example.AcmePlugin}: for operators to see.
   */
  public List<String> extensions() {
    return extensions;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Registration, verification, login, profile, password reset and password change. */
  public Accounts accounts() {
    return accounts;
  }

  /** Refresh, logout, request authentication and the public key set. */
  public Sessions sessions() {
    return sessions;
  }

  /** Organizations, memberships, invitations, organization roles and organization-scoped tokens. */
  public Organizations organizations() {
    return organizations;
  }

  /** Global roles, user administration and bootstrapping the first administrator. */
  public Administration administration() {
    return administration;
  }

  /** The signed-in user's own two-factor sign-in: the authenticator app and the recovery codes. */
  public TwoFactor twoFactor() {
    return twoFactor;
  }

  /**
   * Sign-in through the external OpenID Connect providers given to {@link Builder#identityProvider} (none by default:
   * then {@link ExternalLogin#providers()} is empty and starting a sign-in answers not found), and the signed-in
   * user's links to them.
   */
  public ExternalLogin externalLogin() {
    return externalLogin;
  }

  /**
   * The audit log: searching it (the whole of it for platform auditors, an organization's own events for that
   * organization's) and verifying its hash chain.
   */
  public AuditTrail audit() {
    return audit;
  }

  /**
   * Verifies an audit log's hash chain with nothing but the log: no Keyhold is built, no signing key is opened and
   * nothing is written, so an operator's tool can run it with read access alone. {@link AuditTrail#verify()} does the
   * same for a running Keyhold, behind its authorization.
   *
   * @throws dev.keyhold.identity.error.StoreUnavailableException when the log cannot be read
   */
  public static AuditTrail.Verification verifyAuditChain(AuditLog log) {
    return new AuditVerifier(log).verify();
  }

  /**
   * Reseals every secret in {@code stores} under {@code encryption}'s current key, opening what its previous key
   * sealed ({@link KeyEncryption#withPrevious}): the last step of rotating the key-encryption key. Like
   * {@link #verifyAuditChain}, it needs no Keyhold (no signing key is opened or created), so an operator's tool runs
   * it while the nodes serve.
   */
  public static ResealSecrets resealSecrets(IdentityStores stores, KeyEncryption encryption) {
    Objects.requireNonNull(stores, "stores");
    Objects.requireNonNull(encryption, "encryption");
    return new SecretResealer(stores.signingKeys(), stores.totpCredentials(), encryption);
  }

  /**
   * Whether the stores can answer now: the identity stores, and the protection stores unless
   * {@link ProtectionSettings#failOpen()} lets requests through without them.
   */
  public boolean isReady() {
    return stores.isReady() && (failOpen || protectionStores.isReady());
  }

  /**
   * The stored, rotating signing keys, for rotation jobs and operators; empty when the builder was given a fixed
   * {@link SigningKeys} set.
   */
  public Optional<KeyRing> keyRing() {
    return Optional.ofNullable(keyRing);
  }

  /** Delivery of queued mail; see {@link DeliverMail} for when to call it. */
  public DeliverMail mail() {
    return mail;
  }

  /**
   * The bounded password hasher every use case hashes through, for its load ({@link BoundedPasswordHasher#active()},
   * {@link BoundedPasswordHasher#queued()}, {@link BoundedPasswordHasher#refused()}) in metrics.
   */
  public BoundedPasswordHasher passwordHashing() {
    return hashing;
  }

  /**
   * Collects the parts; everything but the two sets of stores and the settings (which name the issuer) has a secure
   * default.
   */
  public static final class Builder {

    private IdentityStores stores;
    private ProtectionStores protectionStores;
    private ProtectionSettings protectionSettings = ProtectionSettings.defaults();
    private KeyholdSettings settings;
    private PasswordHasher passwordHasher;
    private HashingLimits hashingLimits = HashingLimits.defaults();
    private PasswordPolicy passwordPolicy = PasswordPolicy.defaults();
    private SigningKeys signingKeys;
    private KeyEncryption keyEncryption;
    private SigningAlgorithm signingAlgorithm = SigningAlgorithm.RS256;
    private KeyRing.Policy keyRingPolicy;
    private Clock clock = Clock.systemUTC();
    private SecretGenerator secretGenerator;
    private Mailer mailer;
    private final List<IdentityEventListener> listeners = new ArrayList<>();
    private final List<SecondFactor> secondFactors = new ArrayList<>();
    private final List<IdentityProvider> identityProviders = new ArrayList<>();
    private final List<PasswordRule> passwordRules = new ArrayList<>();
    private final List<RegistrationCheck> registrationChecks = new ArrayList<>();
    private final List<SignInCheck> signInChecks = new ArrayList<>();
    private final List<TokenClaimsCustomizer> claimsCustomizers = new ArrayList<>();
    private final List<String> extensions = new ArrayList<>();
    private Duration hookTimeout = Hooks.DEFAULT_TIMEOUT;
    private Duration sessionCheckTtl = SessionValidity.DEFAULT_TTL;

    private Builder() {}

    /** Required: where users, sessions, tokens and audit events live. */
    public Builder stores(IdentityStores value) {
      this.stores = Objects.requireNonNull(value, "stores");
      return this;
    }

    /**
     * Required: where rate-limit and lockout counters live. {@code MemoryProtectionStores.create()} (adapter-memory)
     * for a single node; {@code RedisProtectionStores} (adapter-redis) when several nodes serve the same users, or
     * each node would count on its own and an attacker would get N times the attempts.
     */
    public Builder protection(ProtectionStores value) {
      this.protectionStores = Objects.requireNonNull(value, "protection");
      return this;
    }

    /**
     * Lockout, rate limits and the behaviour during a protection-store outage. Default:
     * {@link ProtectionSettings#defaults()}.
     */
    public Builder protectionSettings(ProtectionSettings value) {
      this.protectionSettings = Objects.requireNonNull(value, "protectionSettings");
      return this;
    }

    /**
     * Required: the public URL Keyhold answers at (the issuer and audience of its tokens, the base of the links it
     * mails) and the lifetimes, for example {@code KeyholdSettings.defaults("https://id.example.com")}. There is no
     * default: a guessed issuer would mint tokens that other services reject, or links to a host nobody runs.
     */
    public Builder settings(KeyholdSettings value) {
      this.settings = Objects.requireNonNull(value, "settings");
      return this;
    }

    /**
     * Default: Argon2id with OWASP parameters. Whatever hasher is given, Keyhold runs it through a
     * {@link BoundedPasswordHasher} with the {@link #hashingLimits}.
     */
    public Builder passwordHasher(PasswordHasher value) {
      this.passwordHasher = Objects.requireNonNull(value, "passwordHasher");
      if (value instanceof BoundedPasswordHasher) {
        throw new IllegalArgumentException("pass the hasher itself: Keyhold bounds it with hashingLimits(...)");
      }
      return this;
    }

    /**
     * How many password hashes run at once and how many callers may wait; the excess is refused with
     * {@link dev.keyhold.identity.error.OverloadedException} before it takes any hashing memory. Default:
     * {@link HashingLimits#defaults()}, one hash per available processor.
     */
    public Builder hashingLimits(HashingLimits value) {
      this.hashingLimits = Objects.requireNonNull(value, "hashingLimits");
      return this;
    }

    /**
     * What new passwords must satisfy. Default: {@link PasswordPolicy#defaults()}, 8 to 256 characters, easy guesses
     * refused; {@link PasswordPolicy#builder()} changes the length bounds (within those) and adds blocked and
     * context words.
     */
    public Builder passwordPolicy(PasswordPolicy value) {
      this.passwordPolicy = Objects.requireNonNull(value, "passwordPolicy");
      return this;
    }

    /**
     * A fixed key set, for tests and simple embedders: it never rotates, and the stores' signing keys are not used.
     * Default: a {@link KeyRing} over {@link IdentityStores#signingKeys()}, shared by every node on the same stores,
     * which creates the first key when there is none.
     */
    public Builder signingKeys(SigningKeys value) {
      this.signingKeys = Objects.requireNonNull(value, "signingKeys");
      return this;
    }

    /**
     * The key-encryption key that seals stored private signing keys; every node sharing the stores needs the same.
     * Default: a random key, which suits memory stores only (keys stored with it cannot be opened after a restart).
     */
    public Builder keyEncryption(KeyEncryption value) {
      this.keyEncryption = Objects.requireNonNull(value, "keyEncryption");
      return this;
    }

    /** The algorithm of keys the key ring creates; stored keys keep theirs until rotated out. Default: RS256. */
    public Builder signingAlgorithm(SigningAlgorithm value) {
      this.signingAlgorithm = Objects.requireNonNull(value, "signingAlgorithm");
      return this;
    }

    /**
     * How the key ring publishes, retires and re-reads keys. Default: {@link KeyRing.Policy#defaults} for the
     * settings' access-token lifetime.
     */
    public Builder keyRingPolicy(KeyRing.Policy value) {
      this.keyRingPolicy = Objects.requireNonNull(value, "keyRingPolicy");
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

    /**
     * How {@link Keyhold#mail()} delivers queued mail; the use cases themselves only queue it. Default: a development
     * mailer that writes mail, links included, to the log.
     */
    public Builder mailer(Mailer value) {
      this.mailer = Objects.requireNonNull(value, "mailer");
      return this;
    }

    /**
     * Adds a second factor besides the built-in TOTP and recovery codes: a user for whom it is
     * {@link SecondFactor#enabledFor enabled} gets the login's second step, and may finish it with this factor's
     * {@link SecondFactor#method method}.
     *
     * @throws IllegalArgumentException when the method is not lower-case letters, digits and underscores, or is taken
     */
    public Builder secondFactor(SecondFactor value) {
      Objects.requireNonNull(value, "secondFactor");
      String method = value.method();
      if (method == null || !method.matches("[a-z][a-z0-9_]{0,31}") || method.equals(MfaChallenge.TOTP)
          || method.equals(MfaChallenge.RECOVERY_CODE)
          || secondFactors.stream().anyMatch(factor -> factor.method().equals(method))) {
        throw new IllegalArgumentException("a second factor needs its own method name of a-z, 0-9 and _: " + method);
      }
      secondFactors.add(value);
      return this;
    }

    /**
     * Adds an external OpenID Connect provider users may sign in with ({@code adapter-oauth} builds them for Google,
     * Microsoft Entra ID and any issuer). Providers are listed in the order they are added; the first redirect URI
     * of each is the default one.
     *
     * @throws IllegalArgumentException when the name is not 1 to 32 lower-case letters, digits and hyphens (starting
     *     with a letter or digit), is taken, or the provider has no redirect URI
     */
    public Builder identityProvider(IdentityProvider value) {
      Objects.requireNonNull(value, "identityProvider");
      String name = value.name();
      if (name == null || !name.matches("[a-z0-9][a-z0-9-]{0,31}")
          || identityProviders.stream().anyMatch(provider -> provider.name().equals(name))) {
        throw new IllegalArgumentException("an identity provider needs its own name of a-z, 0-9 and -: " + name);
      }
      if (value.redirectUris() == null || value.redirectUris().isEmpty()) {
        throw new IllegalArgumentException("the identity provider " + name + " has no redirect URI");
      }
      identityProviders.add(value);
      return this;
    }

    /** Adds a hook told about every {@link dev.keyhold.identity.model.event.IdentityEvent}. */
    public Builder listener(IdentityEventListener value) {
      listeners.add(Objects.requireNonNull(value, "listener"));
      extensions.add("listener " + value.getClass().getName());
      return this;
    }

    /** Adds a rule new passwords must pass after the built-in policy ({@link PasswordRule}). */
    public Builder passwordRule(PasswordRule value) {
      passwordRules.add(Objects.requireNonNull(value, "passwordRule"));
      extensions.add("password rule " + value.getClass().getName());
      return this;
    }

    /** Adds a check every sign-up must pass ({@link RegistrationCheck}). */
    public Builder registrationCheck(RegistrationCheck value) {
      registrationChecks.add(Objects.requireNonNull(value, "registrationCheck"));
      extensions.add("registration check " + value.getClass().getName());
      return this;
    }

    /** Adds a check every login and refresh must pass ({@link SignInCheck}). */
    public Builder signInCheck(SignInCheck value) {
      signInChecks.add(Objects.requireNonNull(value, "signInCheck"));
      extensions.add("sign-in check " + value.getClass().getName());
      return this;
    }

    /** Adds claims to every access token ({@link TokenClaimsCustomizer}). */
    public Builder tokenClaims(TokenClaimsCustomizer value) {
      claimsCustomizers.add(Objects.requireNonNull(value, "tokenClaims"));
      extensions.add("token claims " + value.getClass().getName());
      return this;
    }

    /**
     * Registers everything {@code plugin} brings, as if each part were added here, in the order it adds them.
     *
     * @throws IllegalArgumentException as the methods it calls do (a second factor or provider name taken)
     */
    public Builder plugin(KeyholdPlugin plugin) {
      Objects.requireNonNull(plugin, "plugin");
      extensions.add("plugin " + plugin.name());
      Builder builder = this;
      plugin.register(new KeyholdPlugin.Registry() {
        @Override
        public KeyholdPlugin.Registry passwordRule(PasswordRule rule) {
          builder.passwordRule(rule);
          return this;
        }

        @Override
        public KeyholdPlugin.Registry registrationCheck(RegistrationCheck check) {
          builder.registrationCheck(check);
          return this;
        }

        @Override
        public KeyholdPlugin.Registry signInCheck(SignInCheck check) {
          builder.signInCheck(check);
          return this;
        }

        @Override
        public KeyholdPlugin.Registry tokenClaims(TokenClaimsCustomizer customizer) {
          builder.tokenClaims(customizer);
          return this;
        }

        @Override
        public KeyholdPlugin.Registry listener(IdentityEventListener listener) {
          builder.listener(listener);
          return this;
        }

        @Override
        public KeyholdPlugin.Registry identityProvider(IdentityProvider provider) {
          builder.identityProvider(provider);
          extensions.add("identity provider " + provider.name());
          return this;
        }

        @Override
        public KeyholdPlugin.Registry secondFactor(SecondFactor factor) {
          builder.secondFactor(factor);
          extensions.add("second factor " + factor.method());
          return this;
        }
      });
      return this;
    }

    /**
     * How long this node may rely on having seen a session active when it checks an access token, instead of reading
     * the session again: the most another node may go on accepting a revoked session's access tokens (this node
     * forgets a session it revokes at once). Also how long {@code GET /me}'s profile may be served as read, unless
     * {@link #secondFactor second factors} of the embedder's are added (this node forgets a profile at once when the
     * user or their authenticator app changes here). Default: 1 second; zero reads the store every time; at most
     * 10 s.
     */
    public Builder sessionCheckTtl(Duration value) {
      Objects.requireNonNull(value, "sessionCheckTtl");
      if (value.isNegative() || value.compareTo(Duration.ofSeconds(10)) > 0) {
        throw new IllegalArgumentException("sessionCheckTtl must be 0 to 10 seconds, not " + value);
      }
      this.sessionCheckTtl = value;
      return this;
    }

    /**
     * How long one hook (a password rule, a registration or sign-in check, a claims customizer) may run before the
     * request fails with {@code hook_failed}. Default: 2 seconds; 1 ms to 1 minute.
     */
    public Builder hookTimeout(Duration value) {
      Objects.requireNonNull(value, "hookTimeout");
      if (value.compareTo(Duration.ofMillis(1)) < 0 || value.compareTo(Duration.ofMinutes(1)) > 0) {
        throw new IllegalArgumentException("hookTimeout must be 1 ms to 1 minute, not " + value);
      }
      this.hookTimeout = value;
      return this;
    }

    public Keyhold build() {
      if (stores == null) {
        throw new IllegalStateException("Keyhold needs stores: call stores(...) before build()");
      }
      if (protectionStores == null) {
        throw new IllegalStateException("Keyhold needs protection stores for rate limits and lockouts: call"
            + " protection(MemoryProtectionStores.create()) for a single node, or"
            + " protection(RedisProtectionStores.connect(...)) when several nodes share the users, before build()");
      }
      if (settings == null) {
        throw new IllegalStateException("Keyhold needs its public URL, the issuer of its tokens and the base of its"
            + " links: call settings(KeyholdSettings.defaults(publicUrl)), for example"
            + " settings(KeyholdSettings.defaults(\"https://id.example.com\")), before build()");
      }
      Clock clock = Clock.tick(this.clock, Duration.ofNanos(1_000));
      SessionValidity sessionValidity = new SessionValidity(this.stores.refreshTokens(), sessionCheckTtl, clock);
      // an embedder's second factors change their state where these stores cannot see it: then no profile is kept
      RecentReads<UserId, GetProfile.Profile> profiles = new RecentReads<>(
          secondFactors.isEmpty() ? sessionCheckTtl : Duration.ZERO, clock, SessionValidity.MAX_ENTRIES);
      IdentityStores stores = new SessionCheckedStores(this.stores, sessionValidity, profiles);
      BoundedPasswordHasher hasher = BoundedPasswordHasher.bound(
          passwordHasher != null ? passwordHasher : Argon2idPasswordHasher.owaspDefault(), hashingLimits);
      SecretGenerator secrets = secretGenerator != null ? secretGenerator : new SecureRandomSecretGenerator();
      Auditor audit = new Auditor(stores.auditLog(), clock);
      KeyRing keyRing = signingKeys != null ? null : openKeyRing(clock, audit.keyRingListener());
      Supplier<SigningKeys> keys = keyRing != null ? keyRing : fixed(signingKeys);
      JoseAccessTokens tokens = JoseAccessTokens.create(keys, settings.issuer(), settings.audience(), clock);
      EventPublisher events = new EventPublisher(listeners);
      Hooks hooks = new Hooks(passwordRules, registrationChecks, signInChecks, claimsCustomizers, hookTimeout);
      Protection protection = new Protection(protectionStores, protectionSettings, audit, clock,
          new RefusalTargets(email -> stores.users().findByEmail(email).map(User::id),
              EmailPseudonyms.derivedFrom(keyEncryption())));
      AccessResolver grants =
          new AccessResolver(stores.organizations(), stores.memberships(), stores.roles(), stores.userRoles());
      Authorizer access = new Authorizer(grants, audit::accessDenied);
      SessionIssuer issuer = new SessionIssuer(stores.refreshTokens(), stores.transactions(), tokens, secrets,
          grants, clock, new SessionIssuer.Policy(settings.issuer(), settings.audience(), settings.accessTokenTtl(),
              settings.refreshTokenTtl()), hooks, audit);
      PasswordHash dummyHash = hasher.unmatchable();
      TotpFactor totp = new TotpFactor(stores.totpCredentials(), keyEncryption(), clock);
      RecoveryCodeFactor recoveryCodes = new RecoveryCodeFactor(stores.recoveryCodes(), secrets, clock);
      List<SecondFactor> factors = new ArrayList<>(List.of(totp));
      factors.addAll(secondFactors);
      MfaLogin mfa = new MfaLogin(factors, recoveryCodes, protectionStores.ephemeral(), stores.users(), protection, issuer, secrets,
          audit, events, clock);
      AccountService accounts = new AccountService(new AccountService.Dependencies(stores.users(),
          stores.externalIdentities(), stores.oneTimeTokens(), stores.emailChanges(), stores.refreshTokens(),
          stores.memberships(), hasher, dummyHash, passwordPolicy, issuer, mfa, secrets,
          stores.mailOutbox(), stores.linkRequests(), audit, events, protection, clock, accountPolicy(settings),
          hooks, profiles));
      MailDispatcher mail = new MailDispatcher(stores.mailOutbox(), mailer != null ? mailer : new LoggingMailer(),
          clock, accounts::handleLinkRequests);
      Sessions sessions = new SessionService(stores.users(), stores.refreshTokens(), stores.transactions(),
          sessionValidity, new RefreshRetry(settings.refreshRetryGrace()), issuer, tokens, tokens, audit, events,
          clock);
      Organizations organizations = OrganizationUseCases.create(stores, grants, access, issuer, protection, secrets,
          audit, events, clock, settings.invitationUrl(), settings.productName());
      Administration administration = AdministrationUseCases.create(stores, grants, access, hasher, passwordPolicy,
          new MfaRemoval(stores.totpCredentials(), stores.recoveryCodes(), stores.mailOutbox(), secrets, clock,
              settings.productName()),
          new PasswordSetupLinks(stores.oneTimeTokens(), secrets, clock, settings.resetPasswordTtl(),
              settings.resetPasswordUrl(), settings.productName()),
          new AccountRemoval(stores.users(), stores.memberships(), stores.mailOutbox(), secrets, audit, events, clock,
              settings.productName()),
          hooks, secrets, audit, events, clock);
      AuditTrail auditTrail = new AuditTrailService(stores.auditLog(), access);
      ExternalLogin externalLogin = new ExternalLoginService(new ExternalLoginService.Dependencies(
          identityProviders, stores.users(), stores.externalIdentities(), stores.refreshTokens(),
          stores.totpCredentials(), stores.recoveryCodes(), protectionStores.ephemeral(), mfa, issuer, protection,
          secrets, stores.mailOutbox(), audit, events, clock, settings.productName(), hooks));
      TwoFactor twoFactor = new TwoFactorService(new TwoFactorService.Dependencies(stores.users(),
          stores.totpCredentials(), totp, recoveryCodes, stores.refreshTokens(), hasher, dummyHash, protection,
          stores.mailOutbox(), secrets, audit, events, clock, settings.productName()));
      return new Keyhold(accounts, sessions, organizations, administration, twoFactor, externalLogin, auditTrail,
          stores, protectionStores, protectionSettings.failOpen(), keyRing, mail, hasher, extensions);
    }

    private KeyRing openKeyRing(Clock clock, KeyRing.Listener listener) {
      KeyRing.Policy policy =
          keyRingPolicy != null ? keyRingPolicy : KeyRing.Policy.defaults(settings.accessTokenTtl());
      if (policy.retainAfterRetirement().compareTo(settings.accessTokenTtl()) < 0) {
        throw new IllegalStateException("keyRingPolicy.retainAfterRetirement must be at least the access-token"
            + " lifetime, or tokens signed just before a rotation stop verifying before they expire");
      }
      return KeyRing.open(stores.signingKeys(), keyEncryption(), signingAlgorithm, clock, policy, listener);
    }

    /** The given key-encryption key, or one generated once per build (then nothing sealed outlives the process). */
    private KeyEncryption keyEncryption() {
      if (keyEncryption == null) {
        keyEncryption = KeyEncryption.generate();
      }
      return keyEncryption;
    }

    private static AccountPolicy accountPolicy(KeyholdSettings settings) {
      return new AccountPolicy(settings.productName(), settings.requireVerifiedEmail(), settings.verifyEmailUrl(),
          settings.verifyEmailTtl(), settings.resetPasswordUrl(), settings.resetPasswordTtl(),
          settings.changeEmailUrl());
    }

    private static Supplier<SigningKeys> fixed(SigningKeys keys) {
      return () -> keys;
    }
  }
}
