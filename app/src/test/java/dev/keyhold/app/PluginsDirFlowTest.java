package dev.keyhold.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real server with examples/plugin's jar in {@code PLUGINS_DIR}: its password rule, claims customizer and event
 * listener all take effect over HTTP. The jar is not on this test's class path (app's pom keeps it off), so it is
 * loaded the way an operator's is: from the directory, in a class loader of its own.
 */
class PluginsDirFlowTest {

  private static final Path PLUGIN_MODULE = Path.of("..", "examples", "plugin", "target");
  private static final String PASSWORD = "correct horse battery staple";

  @TempDir
  static Path temp;

  private static Path eventsFile;
  private static KeyholdServer server;
  private static ApiClient api;

  @BeforeAll
  static void startWithThePluginJar() throws IOException {
    Path plugins = Files.createDirectory(temp.resolve("plugins"));
    Files.copy(pluginJar(), plugins.resolve("example-plugin.jar"));
    eventsFile = temp.resolve("events.log");
    System.setProperty("example.plugin.events-file", eventsFile.toString());
    server = TestServers.start(Config.fromEnvironment(TestDatabase.serverEnvironment(Map.of(
        "PLUGINS_DIR", plugins.toString(), "REQUIRE_VERIFIED_EMAIL", "false", "MAIL_DELIVERY", "false"))),
        new CapturingMailer(), true);
    api = new ApiClient(server.port());
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    System.clearProperty("example.plugin.events-file");
  }

  /**
   * examples/plugin's jar as the build packaged it; when only its classes exist (a build that stopped before
   * {@code package}), the same jar made from them.
   */
  private static Path pluginJar() throws IOException {
    Path jar = PLUGIN_MODULE.resolve("example-plugin.jar");
    if (Files.isRegularFile(jar)) {
      return jar;
    }
    Path classes = PLUGIN_MODULE.resolve("classes");
    assertThat(classes.resolve("META-INF/services/dev.keyhold.identity.spi.KeyholdPlugin"))
        .as("examples/plugin is built").exists();
    Path made = temp.resolve("example-plugin.jar");
    try (OutputStream file = Files.newOutputStream(made); JarOutputStream out = new JarOutputStream(file);
        Stream<Path> entries = Files.walk(classes)) {
      for (Path entry : entries.filter(Files::isRegularFile).sorted().toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(entry).toString().replace('\\', '/')));
        out.write(Files.readAllBytes(entry));
        out.closeEntry();
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    return made;
  }

  @Test
  void the_plugin_is_loaded_from_its_jar_not_the_class_path() {
    assertThat(server.keyhold().extensions()).contains("plugin example-plugin",
        "password rule com.example.plugin.NoProductNameRule", "token claims com.example.plugin.PlanClaims",
        "listener com.example.plugin.EventFileListener");
    assertThatThrownBy(() -> Class.forName("com.example.plugin.ExamplePlugin"))
        .isInstanceOf(ClassNotFoundException.class);
  }

  @Test
  void its_listener_hears_a_registration() throws IOException {
    String email = "plugin-listener@example.org";

    assertThat(api.post("/api/v1/register", Map.of("email", email, "password", PASSWORD)).status()).isEqualTo(202);

    List<String> lines = Files.readAllLines(eventsFile, StandardCharsets.UTF_8);
    assertThat(lines).anySatisfy(line -> assertThat(line).matches("[0-9a-f-]{36} user\\.registered [0-9a-f-]{36}"));
  }

  @Test
  void its_password_rule_refuses_a_password_at_registration() {
    ApiClient.Response refused = api.post("/api/v1/register",
        Map.of("email", "plugin-rule@example.org", "password", "my keyhold password is long"));

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.text("code")).isEqualTo("validation_failed");
    JsonNode error = refused.body().get("errors").get(0);
    assertThat(error.get("field").asText()).isEqualTo("password");
    assertThat(error.get("code").asText()).isEqualTo("contains_product_name");
  }

  @Test
  void its_claims_are_in_the_access_token() throws Exception {
    String email = "plugin-claims@example.com";
    api.post("/api/v1/register", Map.of("email", email, "password", PASSWORD));

    ApiClient.Response login = api.post("/api/v1/login", Map.of("email", email, "password", PASSWORD));

    assertThat(login.status()).isEqualTo(200);
    JsonNode claims = HookModulesFlowTest.payload(login.text("access_token"));
    assertThat(claims.get("plan").asText()).isEqualTo("enterprise");
    assertThat(claims.get("plan_features").get(1).asText()).isEqualTo("audit");
  }
}
