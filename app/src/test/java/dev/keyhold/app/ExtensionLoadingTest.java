package dev.keyhold.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.keyhold.app.hooks.FailingConstructorHook;
import dev.keyhold.app.hooks.NotAHook;
import dev.keyhold.app.hooks.PluginOfHooks;
import dev.keyhold.app.hooks.RecordingHooks;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code HOOK_MODULES}, {@code PLUGIN_MODULES} and {@code HOOK_TIMEOUT}: what start-up loads, and what stops it. */
class ExtensionLoadingTest {

  @Test
  void an_unknown_class_in_hook_modules_stops_start_up_with_one_line_naming_it() throws Exception {
    List<String> errors = errorsOfServe(Map.of("HOOK_MODULES", "com.example.NoSuchHook"));

    assertThat(errors).containsExactly(
        "Invalid configuration: HOOK_MODULES: class com.example.NoSuchHook not found on the class path");
  }

  @Test
  void a_class_of_no_hook_type_stops_start_up_with_one_line_naming_it() throws Exception {
    List<String> errors = errorsOfServe(Map.of("HOOK_MODULES",
        RecordingHooks.class.getName() + ", " + NotAHook.class.getName()));

    assertThat(errors).singleElement().asString()
        .startsWith("Invalid configuration: HOOK_MODULES: " + NotAHook.class.getName() + " implements none of");
  }

  @Test
  void a_class_that_cannot_be_constructed_stops_start_up_with_its_failure() throws Exception {
    List<String> errors = errorsOfServe(Map.of("HOOK_MODULES", FailingConstructorHook.class.getName()));

    assertThat(errors).containsExactly("Invalid configuration: HOOK_MODULES: "
        + FailingConstructorHook.class.getName()
        + " could not be constructed: IllegalStateException: ACME_API_KEY is not set");
  }

  @Test
  void a_plugin_module_that_is_no_plugin_stops_start_up() throws Exception {
    List<String> errors = errorsOfServe(Map.of("PLUGIN_MODULES", RecordingHooks.class.getName()));

    assertThat(errors).containsExactly("Invalid configuration: PLUGIN_MODULES: " + RecordingHooks.class.getName()
        + " does not implement KeyholdPlugin");
  }

  @Test
  void a_plugins_dir_that_is_no_directory_stops_start_up() throws Exception {
    List<String> errors = errorsOfServe(Map.of("PLUGINS_DIR", "no/such/plugins"));

    assertThat(errors).singleElement().asString().startsWith("Invalid configuration: PLUGINS_DIR: expected a directory");
  }

  @Test
  void the_loaded_hooks_and_plugins_are_configured_with_the_timeout() {
    Config config = Config.fromEnvironment(Map.of("HOOK_MODULES", RecordingHooks.class.getName(),
        "PLUGIN_MODULES", PluginOfHooks.class.getName(), "HOOK_TIMEOUT", "500ms"));

    assertThat(config.extensions().hooks()).singleElement().isInstanceOf(RecordingHooks.class);
    assertThat(config.extensions().plugins()).singleElement().isInstanceOf(PluginOfHooks.class);
    assertThat(config.extensions().hookTimeout()).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void the_config_command_lists_what_was_loaded() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int status = Main.run(new String[] {"config"}, Map.of("HOOK_MODULES", RecordingHooks.class.getName(),
            "PLUGIN_MODULES", PluginOfHooks.class.getName()), new ByteArrayInputStream(new byte[0]),
        new PrintStream(bytes, true, StandardCharsets.UTF_8));

    assertThat(status).isEqualTo(Main.OK);
    assertThat(bytes.toString(StandardCharsets.UTF_8).lines())
        .contains("HOOK_MODULES=" + RecordingHooks.class.getName() + "  (loaded: " + RecordingHooks.class.getName()
                + " (password rule, token claims, listener))",
            "PLUGIN_MODULES=" + PluginOfHooks.class.getName() + "  (loaded: " + PluginOfHooks.class.getName() + ")",
            "PLUGINS_DIR=(unset)", "HOOK_TIMEOUT=2s  (default)");
  }

  @Test
  void a_hook_timeout_out_of_bounds_is_refused() {
    assertThat(errorsOfConfig(Map.of("HOOK_TIMEOUT", "5m"))).singleElement().asString()
        .startsWith("HOOK_TIMEOUT=\"5m\": expected");
  }

  private static List<String> errorsOfConfig(Map<String, String> env) {
    try {
      Config.fromEnvironment(env);
      return List.of();
    } catch (ConfigException e) {
      return e.problems();
    }
  }

  /** The error lines {@code serve} logs before it exits with {@link Main#CONFIG}. */
  private static List<String> errorsOfServe(Map<String, String> env) throws InterruptedException {
    try (LogCapture logs = LogCapture.start(Map.of("dev.keyhold", Level.INFO))) {
      assertThat(Main.run(new String[] {"serve"}, env)).isEqualTo(Main.CONFIG);
      return logs.events().stream().filter(event -> event.getLevel() == Level.ERROR)
          .map(ILoggingEvent::getFormattedMessage).toList();
    }
  }
}
