package dev.keyhold.adapter.http;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** The methods each route path answers, for the {@code Allow} header of a 405; paths may hold {@code {param}}s. */
final class RouteTable {

  private static final Pattern PARAM = Pattern.compile("\\{[^/{}]+}");

  private final Map<String, Set<String>> methodsByPath = new LinkedHashMap<>();
  private final Map<String, Pattern> patterns = new LinkedHashMap<>();

  void add(String method, String path) {
    methodsByPath.computeIfAbsent(path, p -> new TreeSet<>()).add(method);
    patterns.computeIfAbsent(path, RouteTable::compile);
  }

  /**
   * Every registered path template with its methods, in registration order: what the OpenAPI document must describe.
   * Includes the HEAD twin of each GET.
   */
  Map<String, Set<String>> paths() {
    Map<String, Set<String>> copy = new LinkedHashMap<>();
    methodsByPath.forEach((path, methods) -> copy.put(path, Collections.unmodifiableSet(new TreeSet<>(methods))));
    return Collections.unmodifiableMap(copy);
  }

  /** The methods of every route matching {@code path}, in alphabetical order; empty when none matches. */
  Set<String> allowed(String path) {
    String normalized = ErrorResponses.normalize(path);
    Set<String> allowed = new TreeSet<>();
    patterns.forEach((route, pattern) -> {
      if (pattern.matcher(normalized).matches()) {
        allowed.addAll(methodsByPath.get(route));
      }
    });
    return allowed;
  }

  private static Pattern compile(String path) {
    StringBuilder regex = new StringBuilder();
    var matcher = PARAM.matcher(path);
    int last = 0;
    while (matcher.find()) {
      regex.append(Pattern.quote(path.substring(last, matcher.start()))).append("[^/]+");
      last = matcher.end();
    }
    regex.append(Pattern.quote(path.substring(last)));
    return Pattern.compile(regex.toString());
  }
}
