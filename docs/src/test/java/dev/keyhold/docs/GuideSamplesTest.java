package dev.keyhold.docs;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every {@code java} block of docs/embedding.md appears verbatim (up to a common indentation) in the docs module's
 * test sources or in examples/embedded, which the build compiles and runs; so the guide cannot show code that does
 * not compile or work.
 */
class GuideSamplesTest {

  private static final String GUIDE = DocFiles.read(DocFiles.DOCS.resolve("embedding.md"));
  private static final Path SAMPLES = DocFiles.DOCS.resolve("src/test/java/com/example/identity");
  /** The plain Java main of examples/embedded, which its own test runs; the guide shows it whole. */
  private static final Path EXAMPLE =
      DocFiles.ROOT.resolve("examples/embedded/src/main/java/com/example/embedded/EmbeddedKeyhold.java");

  @Test
  void every_java_block_of_the_guide_is_compiled_and_run_code() {
    List<List<String>> blocks = DocFiles.fencedBlocks(GUIDE, "java");
    Map<Path, List<String>> sources = sources();

    assertThat(blocks).as("the guide's java blocks").hasSizeGreaterThanOrEqualTo(10);
    assertThat(blocks).allSatisfy(block -> assertThat(sources.values().stream().anyMatch(lines -> contains(lines, block)))
        .as("this block of embedding.md is not in %s:%n%s", SAMPLES, String.join("\n", block))
        .isTrue());
  }

  @Test
  void the_samples_use_only_what_an_embedder_may() {
    JavaClasses samples = new ClassFileImporter().importPackages("com.example.identity");

    assertThat(samples.size()).as("sample classes found").isGreaterThanOrEqualTo(5);
    noClasses().should().dependOnClassesThat().resideInAPackage("dev.keyhold.identity.core.internal..")
        .because("the core's internals may change in any release")
        .check(samples);
  }

  @Test
  void the_block_search_tells_a_changed_line_apart() {
    List<String> source = List.of("class A {", "  void run() {", "    call(1);", "  }", "}");

    assertThat(contains(source, List.of("void run() {", "  call(1);", "}"))).isTrue();
    assertThat(contains(source, List.of("void run() {", "  call(2);", "}"))).isFalse();
    assertThat(contains(source, List.of("void run() {", "call(1);", "}"))).isFalse();
  }

  @Test
  void the_maven_coordinates_in_the_guide_are_the_builds() {
    String pom = DocFiles.read(DocFiles.ROOT.resolve("pom.xml"));
    Matcher own = Pattern.compile("<groupId>([^<]+)</groupId>\\s*<artifactId>keyhold-parent</artifactId>\\s*"
        + "<version>([^<]+)</version>").matcher(pom);
    assertThat(own.find()).isTrue();
    List<String> xml = DocFiles.fencedBlocks(GUIDE, "xml").stream().flatMap(List::stream).collect(Collectors.toList());
    String dependencies = String.join("\n", xml);
    Matcher dependency = Pattern.compile(
        "<groupId>([^<]+)</groupId>\\s*<artifactId>([^<]+)</artifactId>\\s*<version>([^<]+)</version>")
        .matcher(dependencies);
    List<String> artifacts = new ArrayList<>();
    while (dependency.find()) {
      assertThat(dependency.group(1)).isEqualTo(own.group(1));
      assertThat(dependency.group(3)).isEqualTo(own.group(2));
      artifacts.add(dependency.group(2));
    }

    assertThat(artifacts).contains("identity-core", "adapter-memory", "identity-testkit");
    assertThat(artifacts).allSatisfy(artifact -> assertThat(pom).contains("<module>" + artifact + "</module>"));
  }

  /**
   * Whether {@code block}, shifted right by one indentation for all its lines, is a run of {@code lines}. Blank lines
   * match blank lines.
   */
  static boolean contains(List<String> lines, List<String> block) {
    List<String> dedented = dedent(block);
    String first = dedented.get(0);
    for (int start = 0; start + dedented.size() <= lines.size(); start++) {
      String candidate = lines.get(start);
      if (!candidate.endsWith(first) || !candidate.substring(0, candidate.length() - first.length()).isBlank()) {
        continue;
      }
      String indent = candidate.substring(0, candidate.length() - first.length());
      boolean all = true;
      for (int k = 0; k < dedented.size() && all; k++) {
        String expected = dedented.get(k);
        String actual = lines.get(start + k);
        all = expected.isBlank() ? actual.isBlank() : actual.equals(indent + expected);
      }
      if (all) {
        return true;
      }
    }
    return false;
  }

  private static List<String> dedent(List<String> block) {
    int indent = block.stream()
        .filter(line -> !line.isBlank())
        .mapToInt(line -> line.length() - line.stripLeading().length())
        .min()
        .orElse(0);
    List<String> lines = block.stream()
        .map(line -> line.isBlank() ? "" : line.substring(indent))
        .collect(Collectors.toList());
    while (!lines.isEmpty() && lines.get(0).isEmpty()) {
      lines.remove(0);
    }
    return lines;
  }

  @Test
  void the_embedded_example_is_shown_whole() {
    List<String> example = DocFiles.read(EXAMPLE).lines().dropWhile(line -> !line.startsWith("import "))
        .collect(Collectors.toList());

    assertThat(DocFiles.fencedBlocks(GUIDE, "java")).as("a java block of embedding.md that is all of %s", EXAMPLE)
        .contains(example);
  }

  private static Map<Path, List<String>> sources() {
    Map<Path, List<String>> sources = new java.util.HashMap<>(sources(SAMPLES));
    sources.put(EXAMPLE, DocFiles.read(EXAMPLE).lines().collect(Collectors.toList()));
    return sources;
  }

  private static Map<Path, List<String>> sources(Path directory) {
    try (Stream<Path> files = Files.walk(directory)) {
      return files.filter(file -> file.toString().endsWith(".java"))
          .collect(Collectors.toMap(file -> file, file -> DocFiles.read(file).lines().collect(Collectors.toList())));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
