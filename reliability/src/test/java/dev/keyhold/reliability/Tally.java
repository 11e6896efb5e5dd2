package dev.keyhold.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** Every request a workload made, by route: what came back and how long it took. */
final class Tally {

  /** One request: its route (method and path template) and outcome. */
  record Entry(String route, Api.Outcome outcome) {}

  private final ConcurrentLinkedQueue<Entry> entries = new ConcurrentLinkedQueue<>();

  void record(String route, Api.Outcome outcome) {
    entries.add(new Entry(route, outcome));
  }

  List<Entry> entries() {
    return new ArrayList<>(entries);
  }

  List<Entry> where(Predicate<Entry> filter) {
    return entries.stream().filter(filter).collect(Collectors.toList());
  }

  int size() {
    return entries.size();
  }

  /** How many requests came to each label (status and code, or failure), over all routes. */
  Map<String, Long> byLabel(List<Entry> of) {
    return of.stream().collect(Collectors.groupingBy(e -> e.outcome().label(), TreeMap::new, Collectors.counting()));
  }

  Duration slowest(List<Entry> of) {
    return of.stream().map(e -> e.outcome().latency()).max(Comparator.naturalOrder()).orElse(Duration.ZERO);
  }

  /** Per route: requests, p50, p99 and max latency in milliseconds, answered requests only. */
  String latencies() {
    Map<String, List<Long>> byRoute = entries.stream().filter(e -> e.outcome().failure() == null)
        .collect(Collectors.groupingBy(Entry::route, TreeMap::new,
            Collectors.mapping(e -> e.outcome().latency().toNanos(), Collectors.toList())));
    StringBuilder out = new StringBuilder();
    out.append(String.format("  %-28s %7s %8s %8s %8s%n", "route", "count", "p50 ms", "p99 ms", "max ms"));
    byRoute.forEach((route, nanos) -> {
      List<Long> sorted = nanos.stream().sorted().toList();
      out.append(String.format("  %-28s %7d %8.1f %8.1f %8.1f%n", route, sorted.size(), percentile(sorted, 50),
          percentile(sorted, 99), sorted.get(sorted.size() - 1) / 1e6));
    });
    return out.toString();
  }

  private static double percentile(List<Long> sorted, int p) {
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index))) / 1e6;
  }
}
