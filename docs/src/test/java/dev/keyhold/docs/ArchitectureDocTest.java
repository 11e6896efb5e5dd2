package dev.keyhold.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyhold.identity.spi.IdentityStores;
import dev.keyhold.identity.spi.ProtectionStores;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/architecture.md's lists of modules, packages, adapter factories, ports and contract suites are those of the
 * code.
 */
class ArchitectureDocTest {

  private static final String DOC = DocFiles.read(DocFiles.DOCS.resolve("architecture.md"));
  private static final Path PORTS = DocFiles.ROOT.resolve("identity-ports/src/main/java/dev/keyhold/identity");
  private static final Path CORE = DocFiles.ROOT.resolve("identity-core/src/main/java/dev/keyhold/identity/core");
  private static final Pattern CODE = Pattern.compile("`([A-Z][A-Za-z0-9]*)`");

  @Test
  void the_module_list_is_the_builds() {
    String layout = DocFiles.fencedBlocks(DOC, "").get(0).stream().collect(Collectors.joining("\n"));
    List<String> documented = layout.lines()
        .filter(line -> !line.isBlank() && !Character.isWhitespace(line.charAt(0)))
        .map(line -> line.split("\\s+")[0])
        .collect(Collectors.toList());
    Matcher module = Pattern.compile("<module>([^<]+)</module>").matcher(DocFiles.read(DocFiles.ROOT.resolve("pom.xml")));
    List<String> built = new ArrayList<>();
    while (module.find()) {
      built.add(module.group(1));
    }

    assertThat(built).hasSizeGreaterThan(5);
    assertThat(documented).containsExactlyElementsOf(built);
  }

  @Test
  void the_adapter_factories_are_the_public_classes_of_the_adapters() throws IOException {
    Matcher row = Pattern.compile("a public factory each \\(([^)]*)\\)").matcher(DOC);
    assertThat(row.find()).as("the adapters row names their factories").isTrue();
    Pattern publicClass = Pattern.compile("^public (final )?class (\\w+)", Pattern.MULTILINE);
    List<String> factories = new ArrayList<>();
    try (Stream<Path> modules = Files.list(DocFiles.ROOT)) {
      for (Path module : modules.filter(m -> m.getFileName().toString().startsWith("adapter-")).sorted()
          .collect(Collectors.toList())) {
        try (Stream<Path> sources = Files.walk(module.resolve("src/main/java"))) {
          for (Path source : sources.filter(f -> f.toString().endsWith(".java")).collect(Collectors.toList())) {
            Matcher declared = publicClass.matcher(DocFiles.read(source));
            while (declared.find()) {
              factories.add(declared.group(2));
            }
          }
        }
      }
    }

    assertThat(factories).hasSizeGreaterThan(5);
    assertThat(codeNames(row.group(1))).containsExactlyInAnyOrderElementsOf(factories);
  }

  @Test
  void the_model_packages_are_the_ports() {
    Matcher row = Pattern.compile("`dev\\.keyhold\\.identity\\.model\\.\\{([a-z,]+)\\}`").matcher(DOC);
    assertThat(row.find()).as("the identity-ports row names model.{...}").isTrue();

    assertThat(List.of(row.group(1).split(","))).containsExactlyElementsOf(DocFiles.packages(PORTS.resolve("model")));
  }

  @Test
  void the_core_packages_are_the_cores() {
    Matcher row = Pattern.compile("public `core\\.\\{([a-z,]+)\\}`").matcher(DOC);
    assertThat(row.find()).as("the identity-core row names its public core.{...}").isTrue();
    Matcher internal = Pattern.compile("`core\\.internal\\.\\{([a-z,]+)\\}`").matcher(DOC);
    assertThat(internal.find()).as("the identity-core row names core.internal.{...}").isTrue();

    assertThat(List.of(row.group(1).split(","))).containsExactlyElementsOf(DocFiles.packages(CORE));
    assertThat(List.of(internal.group(1).split(",")))
        .containsExactlyElementsOf(DocFiles.packages(CORE.resolve("internal")));
  }

  @Test
  void the_driving_ports_are_every_use_case_interface_in_its_group() throws ClassNotFoundException {
    Map<String, List<String>> groups = bullets(section("### Driving ports"));

    assertThat(List.copyOf(distinctSorted(groups)))
        .containsExactlyElementsOf(DocFiles.names(PORTS.resolve("usecase"), ".java"));
    for (Map.Entry<String, List<String>> group : groups.entrySet()) {
      List<String> members = group.getValue().subList(1, group.getValue().size());
      if (!members.isEmpty()) {
        Class<?> aggregate = Class.forName("dev.keyhold.identity.usecase." + group.getKey());
        assertThat(Arrays.stream(aggregate.getInterfaces()).map(Class::getSimpleName))
            .as(group.getKey()).containsExactlyInAnyOrderElementsOf(members);
      }
    }
  }

  @Test
  void the_driven_ports_are_every_spi_interface_and_the_bundles_hold_what_they_say() {
    Map<String, List<String>> bullets = bullets(section("### Driven ports"));

    assertThat(List.copyOf(distinctSorted(bullets)))
        .containsExactlyElementsOf(DocFiles.names(PORTS.resolve("spi"), ".java"));
    assertThat(bullets.get("IdentityStores").subList(1, bullets.get("IdentityStores").size()))
        .containsExactlyInAnyOrderElementsOf(portsOf(IdentityStores.class));
    assertThat(bullets.get("ProtectionStores").subList(1, bullets.get("ProtectionStores").size()))
        .containsExactlyInAnyOrderElementsOf(portsOf(ProtectionStores.class));
  }

  @Test
  void the_contract_suites_are_the_testkits() {
    List<String> documented = codeNames(section("### Contract suites")).stream()
        .filter(name -> name.endsWith("Contract"))
        .sorted()
        .collect(Collectors.toList());

    List<String> suites =
        DocFiles.names(DocFiles.ROOT.resolve("identity-testkit/src/main/java/dev/keyhold/identity/testkit"), ".java")
            .stream()
            .filter(name -> name.endsWith("Contract"))
            .collect(Collectors.toList());

    assertThat(suites).hasSizeGreaterThan(10);
    assertThat(documented).containsExactlyElementsOf(suites);
  }

  /** The text from {@code heading} to the next heading. */
  private static String section(String heading) {
    int start = DOC.indexOf("\n" + heading + "\n");
    assertThat(start).as(heading).isNotNegative();
    int end = DOC.indexOf("\n#", start + heading.length() + 2);
    return DOC.substring(start, end < 0 ? DOC.length() : end);
  }

  /** Each bullet's code names, keyed by its first one (the group, or the bundle, it names first). */
  private static Map<String, List<String>> bullets(String section) {
    Map<String, List<String>> bullets = new LinkedHashMap<>();
    section.lines().filter(line -> line.startsWith("- ")).forEach(line -> {
      List<String> names = codeNames(line);
      bullets.put(names.get(0), names);
    });
    assertThat(bullets).isNotEmpty();
    return bullets;
  }

  private static List<String> codeNames(String text) {
    Matcher name = CODE.matcher(text);
    List<String> names = new ArrayList<>();
    while (name.find()) {
      names.add(name.group(1));
    }
    return names;
  }

  private static TreeSet<String> distinctSorted(Map<String, List<String>> bullets) {
    return bullets.values().stream().flatMap(List::stream).collect(Collectors.toCollection(TreeSet::new));
  }

  /** The port types a bundle's accessors return. */
  private static List<String> portsOf(Class<?> bundle) {
    return Arrays.stream(bundle.getMethods())
        .map(Method::getReturnType)
        .filter(type -> !type.isPrimitive())
        .map(Class::getSimpleName)
        .collect(Collectors.toList());
  }
}
