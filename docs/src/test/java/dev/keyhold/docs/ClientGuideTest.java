package dev.keyhold.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every {@code java} block of docs/clients.md appears verbatim (up to a common indentation) in the client samples,
 * which {@code ClientSamplesTest} runs against a real Keyhold; and the Maven coordinates it shows are the build's.
 * The page's last section, "Spring Boot resource server", is the app's {@code SpringResourceServerTest}'s to check.
 */
class ClientGuideTest {

  private static final String GUIDE = sdkPart(DocFiles.read(DocFiles.DOCS.resolve("clients.md")));
  private static final Path SAMPLES = DocFiles.DOCS.resolve("src/test/java/com/example/client");

  @Test
  void every_java_block_of_the_client_guide_is_compiled_and_run_code() {
    List<List<String>> blocks = DocFiles.fencedBlocks(GUIDE, "java");
    List<List<String>> sources = sources();

    assertThat(blocks).as("the guide's java blocks").hasSizeGreaterThanOrEqualTo(8);
    assertThat(blocks).allSatisfy(block -> assertThat(sources.stream()
            .anyMatch(lines -> GuideSamplesTest.contains(lines, block)))
        .as("this block of clients.md is not in %s:%n%s", SAMPLES, String.join("\n", block))
        .isTrue());
  }

  @Test
  void the_dependency_shown_is_the_client_module() {
    String pom = DocFiles.read(DocFiles.ROOT.resolve("pom.xml"));
    String xml = DocFiles.fencedBlocks(GUIDE, "xml").stream().flatMap(List::stream)
        .collect(Collectors.joining("\n"));
    assertThat(pom).contains("<module>identity-client</module>");
    assertThat(xml).contains("<artifactId>identity-client</artifactId>");
    assertThat(pom).contains("<version>" + xml.replaceAll("(?s).*<version>([^<]+)</version>.*", "$1") + "</version>");
  }

  /** The page up to the Spring section, which shows a Spring configuration rather than this module's code. */
  private static String sdkPart(String page) {
    int spring = page.indexOf("\n## Spring Boot resource server");
    return spring < 0 ? page : page.substring(0, spring);
  }

  private static List<List<String>> sources() {
    try (Stream<Path> files = Files.walk(SAMPLES)) {
      return files.filter(file -> file.toString().endsWith(".java"))
          .map(file -> DocFiles.read(file).lines().collect(Collectors.toList()))
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
