package dev.keyhold.app;

import dev.keyhold.identity.spi.IdentityEventListener;
import dev.keyhold.identity.spi.KeyholdPlugin;
import dev.keyhold.identity.spi.PasswordRule;
import dev.keyhold.identity.spi.RegistrationCheck;
import dev.keyhold.identity.spi.SignInCheck;
import dev.keyhold.identity.spi.TokenClaimsCustomizer;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Stream;

/**
 * Loads the operator's extensions named by {@code HOOK_MODULES} and {@code PLUGIN_MODULES} (class names on the
 * class path) and found in {@code PLUGINS_DIR} (jars, each in a class loader of its own whose parent is the app's,
 * searched with {@link ServiceLoader} for {@link KeyholdPlugin}s). Each parser throws
 * {@link IllegalArgumentException} with one line naming the class (or jar) and what is wrong with it, which the
 * configuration reader reports like any bad value.
 */
final class ExtensionLoader {

  /** The hook interfaces a {@code HOOK_MODULES} class may implement, any number of them, with their names. */
  static final Map<Class<?>, String> HOOK_TYPES = hookTypes();

  private ExtensionLoader() {}

  private static Map<Class<?>, String> hookTypes() {
    Map<Class<?>, String> types = new LinkedHashMap<>();
    types.put(PasswordRule.class, "password rule");
    types.put(RegistrationCheck.class, "registration check");
    types.put(SignInCheck.class, "sign-in check");
    types.put(TokenClaimsCustomizer.class, "token claims");
    types.put(IdentityEventListener.class, "listener");
    return java.util.Collections.unmodifiableMap(types);
  }

  /** An extension and where it came from, for the {@code config} command. */
  record Loaded<T>(T instance, String description) {}

  /** {@code HOOK_MODULES}: comma-separated class names, each implementing one or more {@link #HOOK_TYPES}. */
  static List<Loaded<Object>> hooks(String value) {
    List<Loaded<Object>> hooks = new ArrayList<>();
    for (String name : SettingParsers.list(value)) {
      Class<?> type = load(name);
      List<String> kinds = HOOK_TYPES.entrySet().stream().filter(hook -> hook.getKey().isAssignableFrom(type))
          .map(Map.Entry::getValue).toList();
      if (kinds.isEmpty()) {
        throw new IllegalArgumentException(name + " implements none of PasswordRule, RegistrationCheck, SignInCheck,"
            + " TokenClaimsCustomizer, IdentityEventListener");
      }
      hooks.add(new Loaded<>(construct(type), name + " (" + String.join(", ", kinds) + ")"));
    }
    return hooks;
  }

  /** {@code PLUGIN_MODULES}: comma-separated names of {@link KeyholdPlugin} classes. */
  static List<Loaded<KeyholdPlugin>> plugins(String value) {
    List<Loaded<KeyholdPlugin>> plugins = new ArrayList<>();
    for (String name : SettingParsers.list(value)) {
      Class<?> type = load(name);
      if (!KeyholdPlugin.class.isAssignableFrom(type)) {
        throw new IllegalArgumentException(name + " does not implement KeyholdPlugin");
      }
      KeyholdPlugin plugin = (KeyholdPlugin) construct(type);
      plugins.add(new Loaded<>(plugin, plugin.name()));
    }
    return plugins;
  }

  /**
   * {@code PLUGINS_DIR}: the {@link KeyholdPlugin}s listed in {@code META-INF/services} of each jar in
   * {@code directory}, jars in name order. A jar without any is refused: it would do nothing.
   */
  static List<Loaded<KeyholdPlugin>> pluginsIn(String value) {
    Path directory = SettingParsers.directory(value);
    if (!Files.isDirectory(directory)) {
      throw new IllegalArgumentException("expected a directory of plugin jars: " + directory + " is none");
    }
    List<Path> jars;
    try (Stream<Path> files = Files.list(directory)) {
      jars = files.filter(file -> file.getFileName().toString().endsWith(".jar")).sorted().toList();
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot list " + directory + ": " + e.getMessage());
    }
    List<Loaded<KeyholdPlugin>> plugins = new ArrayList<>();
    for (Path jar : jars) {
      plugins.addAll(pluginsInJar(jar));
    }
    return plugins;
  }

  private static List<Loaded<KeyholdPlugin>> pluginsInJar(Path jar) {
    String file = jar.getFileName().toString();
    URLClassLoader loader;
    try {
      loader = new URLClassLoader("plugin " + file, new URL[] {jar.toUri().toURL()},
          ExtensionLoader.class.getClassLoader());
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage());
    }
    List<Loaded<KeyholdPlugin>> plugins = new ArrayList<>();
    try {
      // The parent's plugins are visible through this loader too: only this jar's own count.
      ServiceLoader.load(KeyholdPlugin.class, loader).stream()
          .filter(provider -> provider.type().getClassLoader() == loader)
          .forEach(provider -> {
            KeyholdPlugin plugin = provider.get();
            plugins.add(new Loaded<>(plugin, plugin.name() + " from " + file));
          });
    } catch (ServiceConfigurationError e) {
      throw new IllegalArgumentException(file + ": " + oneLine(e));
    }
    if (plugins.isEmpty()) {
      throw new IllegalArgumentException(file + " lists no plugin in META-INF/services/"
          + KeyholdPlugin.class.getName());
    }
    return plugins;
  }

  private static Class<?> load(String name) {
    try {
      return Class.forName(name, true, ExtensionLoader.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalArgumentException("class " + name + " not found on the class path");
    } catch (LinkageError e) {
      throw new IllegalArgumentException("class " + name + " cannot be loaded: " + oneLine(e));
    }
  }

  private static Object construct(Class<?> type) {
    Constructor<?> constructor;
    try {
      constructor = type.getConstructor();
    } catch (NoSuchMethodException e) {
      constructor = null;
    }
    if (constructor == null || !Modifier.isPublic(type.getModifiers()) || Modifier.isAbstract(type.getModifiers())) {
      throw new IllegalArgumentException(type.getName() + " needs to be a public class with a public no-argument"
          + " constructor");
    }
    try {
      return constructor.newInstance();
    } catch (InvocationTargetException e) {
      throw new IllegalArgumentException(type.getName() + " could not be constructed: " + oneLine(e.getCause()));
    } catch (ReflectiveOperationException | LinkageError e) {
      throw new IllegalArgumentException(type.getName() + " could not be constructed: " + oneLine(e));
    }
  }

  /** A throwable's class and message on one line. */
  private static String oneLine(Throwable e) {
    String message = e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse("");
    return e.getClass().getSimpleName() + message;
  }
}
