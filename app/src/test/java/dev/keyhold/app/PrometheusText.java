package dev.keyhold.app;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The samples of a scrape in the Prometheus text format (0.0.4), parsed line by line, so that tests compare values
 * of exact series rather than search the text.
 */
record PrometheusText(List<Sample> samples) {

  /** One line: a metric name, its labels and its value. */
  record Sample(String name, Map<String, String> labels, double value) {}

  static PrometheusText parse(String text) {
    List<Sample> samples = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      samples.add(sample(line));
    }
    return new PrometheusText(List.copyOf(samples));
  }

  /**
   * The value of the one series named {@code name} whose labels are exactly {@code labels} (name, value, ...).
   *
   * @throws AssertionError when there is no such series
   */
  double value(String name, String... labels) {
    Map<String, String> wanted = new LinkedHashMap<>();
    for (int i = 0; i < labels.length; i += 2) {
      wanted.put(labels[i], labels[i + 1]);
    }
    return samples.stream()
        .filter(s -> s.name().equals(name) && s.labels().equals(wanted))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no series " + name + wanted + " among " + named(name)))
        .value();
  }

  /** Every series named {@code name}. */
  List<Sample> named(String name) {
    return samples.stream().filter(s -> s.name().equals(name)).toList();
  }

  private static Sample sample(String line) {
    int brace = line.indexOf('{');
    int space = line.indexOf(' ');
    if (brace < 0 || brace > space) {
      return new Sample(line.substring(0, space), Map.of(), number(line.substring(space + 1)));
    }
    String name = line.substring(0, brace);
    Map<String, String> labels = new LinkedHashMap<>();
    int i = brace + 1;
    while (line.charAt(i) != '}') {
      int equals = line.indexOf('=', i);
      String label = line.substring(i, equals).strip();
      StringBuilder value = new StringBuilder();
      int j = equals + 2; // past ="
      for (; line.charAt(j) != '"'; j++) {
        char c = line.charAt(j);
        if (c == '\\') {
          char escaped = line.charAt(++j);
          value.append(escaped == 'n' ? '\n' : escaped);
        } else {
          value.append(c);
        }
      }
      labels.put(label, value.toString());
      i = j + 1;
      if (line.charAt(i) == ',') {
        i++;
      }
    }
    String rest = line.substring(i + 1).strip();
    int timestamp = rest.indexOf(' ');
    return new Sample(name, labels, number(timestamp < 0 ? rest : rest.substring(0, timestamp)));
  }

  private static double number(String text) {
    return switch (text.strip()) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> Double.parseDouble(text.strip());
    };
  }
}
