package dev.keyhold.app.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.lang.ArchRule;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.UUID;

/**
 * The dependency rules of docs/architecture.md, as ArchUnit rules. {@link ArchitectureTest} applies them to the
 * production classes and shows, with fixture classes that break each rule, that every rule can fail.
 */
final class ArchitectureRules {

  static final String[] PORTS = {
      "dev.keyhold.identity.model..", "dev.keyhold.identity.error..", "dev.keyhold.identity.usecase..",
      "dev.keyhold.identity.spi.."};
  static final String CORE = "dev.keyhold.identity.core..";
  static final String CORE_CRYPTO = "dev.keyhold.identity.core.crypto..";
  static final String CORE_INTERNAL = "dev.keyhold.identity.core.internal..";
  static final String CORE_PASSWORD = "dev.keyhold.identity.core.password..";
  static final String ADAPTERS = "dev.keyhold.adapter..";
  static final String ADAPTER_OAUTH = "dev.keyhold.adapter.oauth..";
  static final String TESTKIT = "dev.keyhold.identity.testkit..";
  static final String CLIENT = "dev.keyhold.client..";

  /** Web, persistence, cache, DI and logging frameworks: none may appear in the ports or the core. */
  static final String[] FRAMEWORKS = {
      "io.javalin..", "org.eclipse.jetty..", "jakarta.servlet..", "javax.servlet..", "com.fasterxml.jackson..",
      "org.jdbi..", "java.sql..", "javax.sql..", "org.postgresql..", "com.zaxxer..", "org.flywaydb..",
      "redis.clients..", "io.lettuce..", "org.springframework..", "com.google.inject..", "jakarta.inject..",
      "javax.inject..", "dagger..", "io.micronaut..", "org.slf4j..", "ch.qos.logback..", "io.micrometer.."};

  private ArchitectureRules() {}

  private static String[] concat(String[] packages, String... more) {
    String[] all = java.util.Arrays.copyOf(packages, packages.length + more.length);
    System.arraycopy(more, 0, all, packages.length, more.length);
    return all;
  }

  static ArchRule portsDependOnlyOnTheJdk() {
    return classes().that().resideInAnyPackage(PORTS)
        .should().onlyDependOnClassesThat().resideInAnyPackage(concat(PORTS, "java..", "jakarta.validation.."))
        .as("identity-ports depends on nothing but the JDK and jakarta.validation");
  }

  static ArchRule coreUsesNoFramework() {
    return noClasses().that().resideInAPackage(CORE)
        .should().dependOnClassesThat().resideInAnyPackage(FRAMEWORKS)
        .as("identity-core uses no web, database, Redis, DI or logging framework");
  }

  static ArchRule cryptoLibrariesStayInCoreCrypto() {
    return noClasses().that().resideOutsideOfPackage(CORE_CRYPTO)
        .and().resideInAnyPackage(concat(PORTS, CORE, ADAPTERS))
        .should().dependOnClassesThat().resideInAnyPackage("de.mkammerer..", "com.google.crypto..",
            "com.eatthepath.otp..", "org.apache.commons.codec..")
        .as("argon2-jvm, tink, java-otp and commons-codec are used only in identity-core's crypto package");
  }

  /**
   * Nimbus signs and verifies Keyhold's own tokens in {@code core.crypto}; its OAuth 2.0 SDK (built on nimbus-jose-jwt)
   * is adapter-oauth's relying party. Nowhere else.
   */
  static ArchRule nimbusStaysInCoreCryptoAndTheOAuthAdapter() {
    return noClasses().that().resideOutsideOfPackages(CORE_CRYPTO, ADAPTER_OAUTH)
        .and().resideInAnyPackage(concat(PORTS, CORE, ADAPTERS))
        .should().dependOnClassesThat().resideInAPackage("com.nimbusds..")
        .as("nimbus-jose-jwt and the Nimbus OAuth 2.0 SDK are used only in identity-core's crypto package and in"
            + " adapter-oauth");
  }

  static ArchRule passwordDictionaryStaysInCorePassword() {
    return noClasses().that().resideOutsideOfPackage(CORE_PASSWORD)
        .and().resideInAnyPackage(concat(PORTS, CORE, ADAPTERS))
        .should().dependOnClassesThat().resideInAPackage("com.nulabinc..")
        .as("zxcvbn4j is used only in identity-core's password package");
  }

  static ArchRule adaptersDoNotDependOnTheCore() {
    return noClasses().that().resideInAPackage(ADAPTERS)
        .should().dependOnClassesThat().resideInAPackage(CORE)
        .as("adapters depend on identity-ports only, never on identity-core");
  }

  /**
   * The core's public surface is {@code Keyhold}, its builder and settings, and the factories an embedder configures
   * it with ({@code core.crypto}, {@code core.password}, {@code core.protection}, {@code core.mail}); the services that
   * implement the use cases live under {@code core.internal} and may change in any release.
   */
  static ArchRule onlyTheCoreUsesItsInternals() {
    return noClasses().that().resideOutsideOfPackage(CORE)
        .should().dependOnClassesThat().resideInAPackage(CORE_INTERNAL)
        .as("nothing outside identity-core uses dev.keyhold.identity.core.internal");
  }

  static ArchRule adaptersDoNotDependOnEachOther() {
    return slices().matching("dev.keyhold.adapter.(*)..").should().notDependOnEachOther()
        .as("no adapter depends on another adapter");
  }

  static ArchRule coreTakesTimeAndRandomnessFromPorts() {
    return noClasses().that().resideInAPackage(CORE).and().resideOutsideOfPackage(CORE_CRYPTO)
        .should().callMethod(Instant.class, "now")
        .orShould().callMethod(LocalDateTime.class, "now")
        .orShould().callMethod(LocalDate.class, "now")
        .orShould().callMethod(OffsetDateTime.class, "now")
        .orShould().callMethod(ZonedDateTime.class, "now")
        .orShould().callMethod(System.class, "currentTimeMillis")
        .orShould().callMethod(UUID.class, "randomUUID")
        .orShould().callConstructor(SecureRandom.class)
        .as("core logic takes time from a Clock and randomness from the SecretGenerator port");
  }

  /**
   * No package cycles anywhere: the ports' model packages included ({@code model.org} builds on {@code model.access},
   * whose roles are scoped by the tenant id {@code OrgId}; never the other way round).
   */
  static ArchRule packagesAreFreeOfCycles() {
    return slices().matching("dev.keyhold.(**)").should().beFreeOfCycles()
        .as("no two packages depend on each other, directly or through others");
  }

  static ArchRule testkitDependsOnlyOnThePortsAndTestLibraries() {
    return classes().that().resideInAPackage(TESTKIT)
        .should().onlyDependOnClassesThat().resideInAnyPackage(concat(PORTS, TESTKIT, "java..", "org.junit..",
            "org.assertj..", "org.opentest4j.."))
        .as("identity-testkit depends on the ports, JUnit and AssertJ only, so that any adapter's author can use it");
  }

  /**
   * identity-client is what a remote application ships: it talks to Keyhold over HTTP and verifies its tokens with
   * the published keys, so it needs none of Keyhold's classes (and must not drag the core into a client's build).
   */
  static ArchRule clientDependsOnNothingOfKeyhold() {
    return classes().that().resideInAPackage(CLIENT)
        .should().onlyDependOnClassesThat().resideInAnyPackage(CLIENT, "java..", "com.fasterxml.jackson..",
            "com.nimbusds..")
        .as("identity-client depends on the JDK, Jackson and nimbus-jose-jwt only, nothing of Keyhold's");
  }

  static ArchRule portsAndCoreDoNotDependOnApp() {
    return noClasses().that().resideInAnyPackage(concat(PORTS, CORE, ADAPTERS))
        .should().dependOnClassesThat().resideInAPackage("dev.keyhold.app..")
        .as("nothing but the app depends on the app");
  }
}
