package dev.keyhold.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A scenario's numbers, printed and appended to {@code target/reliability/report.txt}. */
final class Report {

  private final StringBuilder text = new StringBuilder();

  Report(String scenario) {
    text.append("== ").append(scenario).append('\n');
  }

  Report line(String format, Object... args) {
    text.append("  ").append(String.format(format, args)).append('\n');
    return this;
  }

  Report counts(String title, Tally tally, List<Tally.Entry> entries) {
    Map<String, Long> labels = tally.byLabel(entries);
    return line("%s: %d requests, by outcome %s, slowest %d ms", title, entries.size(), labels,
        tally.slowest(entries).toMillis());
  }

  Report seconds(String what, Duration duration) {
    return line("%s: %.1f s", what, duration.toMillis() / 1000.0);
  }

  Report raw(String block) {
    text.append(block);
    return this;
  }

  /** Prints the report and appends it to the suite's report file. */
  void publish() {
    String out = text.toString();
    System.out.println(out);
    try {
      Files.createDirectories(Node.OUTPUT);
      Files.writeString(Node.OUTPUT.resolve("report.txt"), out + "\n", StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
