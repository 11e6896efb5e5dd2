package dev.keyhold.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** docs/oauth.md's list of refusal reasons is the set of reasons adapter-oauth gives. */
class OAuthDocTest {

  private static final String DOC = DocFiles.read(DocFiles.DOCS.resolve("oauth.md"));
  private static final Path ADAPTER = DocFiles.ROOT.resolve("adapter-oauth/src/main/java/dev/keyhold/adapter/oauth");

  @Test
  void the_refusal_reasons_are_the_adapters() throws IOException {
    int start = DOC.indexOf("\n### Refusal reasons\n");
    assertThat(start).isNotNegative();
    int end = DOC.indexOf("\n#", start + 2);
    List<String> documented = DOC.substring(start, end).lines()
        .filter(line -> line.startsWith("- `"))
        .map(line -> line.substring(3, line.indexOf('`', 3)))
        .collect(Collectors.toList());

    TreeSet<String> given = new TreeSet<>();
    Pattern failed = Pattern.compile("ExternalLoginException\\.failed\\(\"([a-z_]+)\"\\)");
    Pattern labelled = Pattern.compile("return \"([a-z_]+)\";");
    try (Stream<Path> sources = Files.list(ADAPTER)) {
      for (Path source : sources.collect(Collectors.toList())) {
        String text = DocFiles.read(source);
        collect(failed.matcher(text), given);
        if (source.getFileName().toString().equals("Refusals.java")) {
          collect(labelled.matcher(text), given);
        }
      }
    }

    assertThat(given).hasSizeGreaterThan(10);
    assertThat(documented).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(given);
  }

  private static void collect(Matcher matcher, TreeSet<String> into) {
    while (matcher.find()) {
      into.add(matcher.group(1));
    }
  }
}
