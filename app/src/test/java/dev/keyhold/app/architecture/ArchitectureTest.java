package dev.keyhold.app.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.keyhold.adapter.archfixture.UsesApp;
import dev.keyhold.adapter.archfixture.UsesCore;
import dev.keyhold.adapter.archfixture.UsesNimbusOutsideOAuth;
import dev.keyhold.adapter.fixtureone.ReachesIntoAnotherAdapter;
import dev.keyhold.adapter.fixturetwo.AnotherAdapter;
import dev.keyhold.app.archfixture.UsesCoreInternals;
import dev.keyhold.app.archfixture.cyclea.PointsToB;
import dev.keyhold.app.archfixture.cycleb.PointsToA;
import dev.keyhold.client.archfixture.ClientUsingThePorts;
import dev.keyhold.identity.core.archfixture.CallsInstantNow;
import dev.keyhold.identity.core.archfixture.CallsRandomUuid;
import dev.keyhold.identity.core.archfixture.UsesCommonsCodecOutsideCrypto;
import dev.keyhold.identity.core.archfixture.CreatesSecureRandom;
import dev.keyhold.identity.core.archfixture.UsesJavalin;
import dev.keyhold.identity.core.archfixture.UsesNimbusOutsideCrypto;
import dev.keyhold.identity.core.archfixture.UsesZxcvbnOutsidePassword;
import dev.keyhold.identity.model.archfixture.UsesJackson;
import dev.keyhold.identity.testkit.archfixture.ContractUsingTheCore;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

  private static JavaClasses production;

  @BeforeAll
  static void importProductionClasses() {
    // Every module's main classes, whether the build hands them over as directories or jars; never test classes,
    // so the rule-breaking fixtures next to this test are seen only where a test imports them on purpose.
    production = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.keyhold");
  }

  @Test
  void the_packages_the_rules_name_exist() {
    List<String> packages = List.of(
        "dev.keyhold.identity.model.user", "dev.keyhold.identity.error", "dev.keyhold.identity.usecase",
        "dev.keyhold.identity.spi", "dev.keyhold.identity.core.internal.account", "dev.keyhold.identity.core.internal.token",
        "dev.keyhold.identity.core.crypto", "dev.keyhold.identity.core.password", "dev.keyhold.adapter.memory",
        "dev.keyhold.adapter.http", "dev.keyhold.adapter.jdbi", "dev.keyhold.adapter.redis",
        "dev.keyhold.adapter.smtp", "dev.keyhold.adapter.oauth", "dev.keyhold.identity.testkit", "dev.keyhold.benchmarks", "dev.keyhold.app",
        "dev.keyhold.client");
    for (String name : packages) {
      assertThat(production.stream().anyMatch(c -> c.getPackageName().equals(name)))
          .as("package %s has classes", name).isTrue();
    }
  }

  @Test
  void ports_depend_only_on_the_jdk() {
    check(ArchitectureRules::portsDependOnlyOnTheJdk, UsesJackson.class);
  }

  @Test
  void the_core_uses_no_framework() {
    check(ArchitectureRules::coreUsesNoFramework, UsesJavalin.class);
  }

  @Test
  void crypto_libraries_stay_in_the_core_crypto_package() {
    check(ArchitectureRules::cryptoLibrariesStayInCoreCrypto, UsesCommonsCodecOutsideCrypto.class);
  }

  @Test
  void nimbus_stays_in_the_core_crypto_package_and_the_oauth_adapter() {
    check(ArchitectureRules::nimbusStaysInCoreCryptoAndTheOAuthAdapter, UsesNimbusOutsideCrypto.class);
    check(ArchitectureRules::nimbusStaysInCoreCryptoAndTheOAuthAdapter, UsesNimbusOutsideOAuth.class);
  }

  @Test
  void the_password_dictionary_stays_in_the_core_password_package() {
    check(ArchitectureRules::passwordDictionaryStaysInCorePassword, UsesZxcvbnOutsidePassword.class);
  }

  @Test
  void adapters_do_not_depend_on_the_core() {
    check(ArchitectureRules::adaptersDoNotDependOnTheCore, UsesCore.class);
  }

  @Test
  void only_the_core_uses_its_internals() {
    check(ArchitectureRules::onlyTheCoreUsesItsInternals, UsesCoreInternals.class);
  }

  @Test
  void adapters_do_not_depend_on_each_other() {
    check(ArchitectureRules::adaptersDoNotDependOnEachOther, ReachesIntoAnotherAdapter.class,
        AnotherAdapter.class);
  }

  @Test
  void core_logic_takes_time_and_randomness_from_ports() {
    check(ArchitectureRules::coreTakesTimeAndRandomnessFromPorts, CallsInstantNow.class);
    check(ArchitectureRules::coreTakesTimeAndRandomnessFromPorts, CallsRandomUuid.class);
    check(ArchitectureRules::coreTakesTimeAndRandomnessFromPorts, CreatesSecureRandom.class);
  }

  @Test
  void packages_are_free_of_cycles() {
    check(ArchitectureRules::packagesAreFreeOfCycles, PointsToA.class, PointsToB.class);
  }

  @Test
  void the_testkit_needs_only_the_ports() {
    check(ArchitectureRules::testkitDependsOnlyOnThePortsAndTestLibraries, ContractUsingTheCore.class);
  }

  @Test
  void the_client_depends_on_nothing_of_keyhold() {
    check(ArchitectureRules::clientDependsOnNothingOfKeyhold, ClientUsingThePorts.class);
  }

  @Test
  void nothing_depends_on_the_app() {
    check(ArchitectureRules::portsAndCoreDoNotDependOnApp, UsesApp.class);
  }

  /** The rule holds for the production classes and fails for the given violating fixture classes. */
  private static void check(Supplier<ArchRule> rule, Class<?>... violators) {
    rule.get().check(production);
    JavaClasses fixtures = new ClassFileImporter().importClasses(violators);
    assertThatThrownBy(() -> rule.get().check(fixtures))
        .as("the rule must reject %s", List.of(violators))
        .isInstanceOf(AssertionError.class);
  }
}
