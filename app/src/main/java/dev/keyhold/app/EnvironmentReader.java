package dev.keyhold.app;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads variables from an environment, collecting a problem for each value that does not parse instead of failing
 * on the first; a failed read yields its default (or nothing) so reading can go on. Remembers what each setting is,
 * masked, for the {@code config} command.
 */
final class EnvironmentReader {

  /** What the {@code config} command shows for one setting: its value, masked, and whether it is the default. */
  record Shown(String value, boolean fromDefault) {}

  private final Map<String, String> env;
  private final List<String> problems = new ArrayList<>();
  private final Map<String, Shown> shown = new HashMap<>();

  EnvironmentReader(Map<String, String> env) {
    this.env = env;
  }

  /** The environment read. */
  Map<String, String> env() {
    return env;
  }

  /** Whether the environment gives {@code name} a value ({@link SettingCatalog#given}). */
  boolean given(String name) {
    return SettingCatalog.given(env, name);
  }

  /** The problems found so far, one line each, in the order found. */
  List<String> problems() {
    return List.copyOf(problems);
  }

  /** Adds a problem found while relating what was read. */
  void problem(String line) {
    problems.add(line);
  }

  /** What each setting read is, masked; settings not read are absent. */
  Map<String, Shown> shown() {
    return Map.copyOf(shown);
  }

  /** Reads a secret as is: empty when unset or empty. Only whether it is set is remembered. */
  Optional<String> readSecret(String name) {
    Optional<String> value = Optional.ofNullable(env.get(name)).filter(v -> !v.isEmpty());
    remember(name, value.orElse(null), "(unset)");
    return value;
  }

  /** Reads a variable that has no default: empty when unset or blank, or when its value does not parse. */
  <T> Optional<T> readOptional(String name, Function<String, T> parse) {
    String raw = env.get(name);
    remember(name, raw == null || raw.isBlank() ? null : raw.strip(), "(unset)");
    if (raw == null || raw.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(parse.apply(raw.strip()));
    } catch (IllegalArgumentException e) {
      problems.add(name + ": " + e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * Reads a variable, {@code fallback} when unset or blank. A value that does not parse is reported with the value
   * quoted ({@link #printable}) and yields the fallback's.
   */
  <T> T read(String name, String fallback, Function<String, T> parse) {
    String raw = env.get(name);
    String value = raw == null || raw.isBlank() ? fallback : raw.strip();
    remember(name, raw == null || raw.isBlank() ? null : value, fallback);
    try {
      return parse.apply(value);
    } catch (IllegalArgumentException e) {
      problems.add(name + "=" + printable(value) + ": " + e.getMessage());
      return parse.apply(fallback);
    }
  }

  /** Records what {@code name} is, {@code value} or, when that is null, {@code fallback} as a default. */
  private void remember(String name, String value, String fallback) {
    if (!SettingCatalog.isRead(name)) {
      throw new IllegalStateException("setting " + name + " is missing from SettingCatalog.SETTINGS");
    }
    String shownValue = value == null ? fallback : value;
    if (value != null && SettingCatalog.isSecret(name)) {
      shownValue = "***";
    } else if (value != null && SettingCatalog.URL_SETTINGS.contains(name)) {
      shownValue = maskedUrl(value);
    }
    shown.put(name, new Shown(shownValue, value == null && !fallback.startsWith("(")));
  }

  /** {@code url} with the password of its user-info and any {@code password} query parameter replaced by ***. */
  static String maskedUrl(String url) {
    String masked = url.replaceAll("(?<=://)([^/@:]*):[^/@]*@", "$1:***@");
    return masked.replaceAll("(?i)([?&]password=)[^&]*", "$1***");
  }

  /** {@code value} quoted, cut at 60 characters, control characters replaced, for a problem line. */
  static String printable(String value) {
    String shown = value.length() > 60 ? value.substring(0, 60) + "..." : value;
    return "\"" + shown.replaceAll("\\p{Cntrl}", "?") + "\"";
  }
}
