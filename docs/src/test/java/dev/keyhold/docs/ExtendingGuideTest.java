package dev.keyhold.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyhold.identity.model.event.IdentityEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every {@code java} block of docs/extending.md appears verbatim (up to a common indentation) in examples/plugin,
 * which the app's PluginsDirFlowTest loads into a real server, or in the docs module's webhook samples, which
 * WebhookVerifierTest runs against the Standard Webhooks example; and the guide's links to its neighbours hold.
 */
class ExtendingGuideTest {

  private static final String GUIDE = DocFiles.read(DocFiles.DOCS.resolve("extending.md"));
  private static final List<Path> SOURCES = List.of(
      DocFiles.ROOT.resolve("examples/plugin/src/main/java"),
      DocFiles.DOCS.resolve("src/test/java/com/example/webhooks"));

  @Test
  void every_java_block_of_the_guide_is_compiled_and_run_code() {
    List<List<String>> blocks = DocFiles.fencedBlocks(GUIDE, "java");
    List<List<String>> sources = sources();

    assertThat(blocks).as("the guide's java blocks").hasSizeGreaterThanOrEqualTo(3);
    assertThat(blocks).allSatisfy(block -> assertThat(sources.stream()
            .anyMatch(lines -> GuideSamplesTest.contains(lines, block)))
        .as("this block of extending.md is not in %s:%n%s", SOURCES, String.join("\n", block))
        .isTrue());
  }

  @Test
  void the_guide_is_linked_from_the_readme_and_names_every_loading_setting() {
    assertThat(DocFiles.read(DocFiles.ROOT.resolve("README.md"))).contains("(docs/extending.md)");
    assertThat(GUIDE).contains("`HOOK_MODULES`", "`PLUGIN_MODULES`", "`PLUGINS_DIR`", "`HOOK_TIMEOUT`",
        "`WEBHOOK_URL`", "`WEBHOOK_SECRET`", "`WEBHOOK_EVENTS`", "WEBHOOK_ALLOW_PRIVATE");
  }

  @Test
  void the_guide_lists_every_event_type() {
    assertThat(IdentityEvent.types()).allSatisfy(type -> assertThat(GUIDE).contains("`" + type + "`"));
  }

  private static List<List<String>> sources() {
    List<List<String>> sources = new ArrayList<>();
    for (Path directory : SOURCES) {
      try (Stream<Path> files = Files.walk(directory)) {
        files.filter(file -> file.toString().endsWith(".java"))
            .forEach(file -> sources.add(DocFiles.read(file).lines().collect(Collectors.toList())));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return sources;
  }
}
