package dev.keyhold.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The commands that run examples/react against a local Keyhold are the same in its README and in docs/clients.md, and
 * agree with its Vite configuration (the port the links and the cookie origin name, the Keyhold it proxies to); its
 * packages are pinned to exact versions.
 */
class ReactExampleDocsTest {

  private static final Pattern SH = Pattern.compile("```sh\n(.*?)```", Pattern.DOTALL);

  @Test
  void the_readme_and_the_client_guide_give_the_same_two_commands() throws Exception {
    List<String> readme = commands(ReactExample.SOURCE.resolve("README.md"));
    List<String> guide = commands(Path.of("..", "docs", "clients.md"));

    assertThat(readme).hasSize(2);
    assertThat(guide).containsSubsequence(readme);
    assertThat(readme.get(0)).contains("REFRESH_COOKIE=true", "LINK_BASE_URL=http://localhost:5173",
        "COOKIE_ORIGINS=http://localhost:5173", "scripts/keyhold");
    assertThat(readme.get(1)).isEqualTo("cd examples/react && npm ci && npm run dev");
  }

  @Test
  void the_dev_server_is_where_the_commands_send_the_browser_and_proxies_to_keyholds_default_port() throws Exception {
    String config = Files.readString(ReactExample.SOURCE.resolve("vite.config.ts"));

    assertThat(config).contains("port: 5173", "strictPort: true", "'http://localhost:8080'",
        "'/api': { target: keyhold }", "'/.well-known': { target: keyhold }");
    assertThat(config).doesNotContain("changeOrigin: true");
  }

  @Test
  void every_package_is_pinned_to_one_version() throws Exception {
    JsonNode manifest = new ObjectMapper().readTree(ReactExample.SOURCE.resolve("package.json").toFile());
    List<String> ranges = new ArrayList<>();
    for (String group : List.of("dependencies", "devDependencies")) {
      manifest.path(group).properties().forEach(entry -> ranges.add(entry.getKey() + "@" + entry.getValue().asText()));
    }

    assertThat(ranges).hasSizeGreaterThan(4)
        .allSatisfy(range -> assertThat(range).matches("@?[a-z0-9./-]+@\\d+\\.\\d+\\.\\d+"));
    assertThat(ReactExample.SOURCE.resolve("package-lock.json")).exists();
  }

  /** The lines of the file's {@code sh} blocks, each command whole. */
  private static List<String> commands(Path file) throws Exception {
    Matcher block = SH.matcher(Files.readString(file));
    List<String> lines = new ArrayList<>();
    while (block.find()) {
      block.group(1).lines().filter(line -> !line.isBlank()).forEach(lines::add);
    }
    return lines;
  }
}
