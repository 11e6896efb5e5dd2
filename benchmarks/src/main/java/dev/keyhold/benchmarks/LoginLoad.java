package dev.keyhold.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded password-login load against a running server on this machine: {@code connections} clients, each sending
 * {@code POST /api/v1/login} for one account back to back for {@code seconds}. While it runs it samples the server
 * process's resident memory from {@code /proc/<pid>/status} every 20 ms, and reads its CPU time from
 * {@code /proc/<pid>/stat} before and after. Prints logins per second, latency percentiles per status, the count of
 * 503 answers, server CPU per successful login and the peak resident memory. Only loopback addresses are accepted.
 *
 * <pre>
 *   java -cp benchmarks/target/benchmarks.jar dev.keyhold.benchmarks.LoginLoad http://127.0.0.1:8093 16 30 PID \
 *       load@example.com
 * </pre>
 *
 * {@code benchmarks/login-load} starts the server, registers the account and runs both loads of docs/performance.md.
 */
public final class LoginLoad {

  private static final String PASSWORD = "correct horse battery staple";
  /** Linux's USER_HZ, the unit of {@code /proc/<pid>/stat} times, on every architecture Linux runs on today. */
  private static final long TICKS_PER_SECOND = 100;

  private LoginLoad() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 5) {
      throw new IllegalArgumentException("usage: LoginLoad <base-url> <connections> <seconds> <server-pid> <email>");
    }
    URI base = URI.create(args[0]);
    int connections = Integer.parseInt(args[1]);
    int seconds = Integer.parseInt(args[2]);
    long pid = Long.parseLong(args[3]);
    String email = args[4];
    if (!base.getHost().equals("127.0.0.1") && !base.getHost().equals("localhost")) {
      throw new IllegalArgumentException("load goes to loopback only");
    }
    if (connections < 1 || connections > 1000 || seconds < 1 || seconds > 300) {
      throw new IllegalArgumentException("1-1000 connections for 1-300 seconds");
    }
    Result result = run(base, connections, Duration.ofSeconds(seconds), pid, email);
    System.out.println(result.report(connections, seconds));
  }

  /** What one run measured. */
  record Result(Map<Integer, long[]> latencies, long errors, long cpuTicks, long rssBeforeKiB, long peakRssKiB,
      long rssAfterKiB) {

    String report(int connections, int seconds) {
      long ok = latencies.getOrDefault(200, new long[0]).length;
      long overloaded = latencies.getOrDefault(503, new long[0]).length;
      StringBuilder text = new StringBuilder();
      text.append(String.format(Locale.ROOT, "%d connections, %d s: %.1f logins/s, %d answered 503, %d I/O errors%n",
          connections, seconds, ok / (double) seconds, overloaded, errors));
      latencies.forEach((status, values) -> text.append(String.format(Locale.ROOT,
          "  status %d: %d answers, p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", status, values.length,
          percentile(values, 50), percentile(values, 99), percentile(values, 100))));
      text.append(String.format(Locale.ROOT, "  server CPU per successful login: %.1f ms%n",
          ok == 0 ? Double.NaN : cpuTicks * 1000.0 / TICKS_PER_SECOND / ok));
      text.append(String.format(Locale.ROOT, "  server resident memory: %d MiB before, %d MiB peak, %d MiB after",
          rssBeforeKiB / 1024, peakRssKiB / 1024, rssAfterKiB / 1024));
      return text.toString();
    }
  }

  static Result run(URI base, int connections, Duration length, long pid, String email) throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10)).build();
    HttpRequest login = HttpRequest.newBuilder(base.resolve("/api/v1/login"))
        .header("Content-Type", "application/json")
        .timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofString(
            "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}"))
        .build();
    long rssBefore = rssKiB(pid);
    long cpuBefore = cpuTicks(pid);
    AtomicLong peak = new AtomicLong(rssBefore);
    AtomicLong errors = new AtomicLong();
    CountDownLatch done = new CountDownLatch(connections);
    long deadline = System.nanoTime() + length.toNanos();
    List<Map<Integer, List<Long>>> perClient = new ArrayList<>();
    List<Thread> clients = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      Map<Integer, List<Long>> mine = new TreeMap<>();
      perClient.add(mine);
      Thread client = new Thread(() -> {
        try {
          while (System.nanoTime() < deadline) {
            long start = System.nanoTime();
            try {
              int status = http.send(login, HttpResponse.BodyHandlers.discarding()).statusCode();
              mine.computeIfAbsent(status, s -> new ArrayList<>()).add(System.nanoTime() - start);
            } catch (IOException e) {
              errors.incrementAndGet();
            }
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } finally {
          done.countDown();
        }
      }, "login-load-" + i);
      client.setDaemon(true);
      clients.add(client);
    }
    clients.forEach(Thread::start);
    while (!done.await(20, java.util.concurrent.TimeUnit.MILLISECONDS)) {
      peak.accumulateAndGet(rssKiB(pid), Math::max);
    }
    long cpu = cpuTicks(pid) - cpuBefore;
    Map<Integer, long[]> latencies = new TreeMap<>();
    for (Map<Integer, List<Long>> client : perClient) {
      client.forEach((status, values) -> latencies.merge(status,
          values.stream().mapToLong(Long::longValue).toArray(), LoginLoad::concat));
    }
    latencies.values().forEach(Arrays::sort);
    return new Result(latencies, errors.get(), cpu, rssBefore, peak.get(), rssKiB(pid));
  }

  private static long[] concat(long[] a, long[] b) {
    long[] all = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  /** Milliseconds at the {@code p}th percentile of sorted nanoseconds (nearest rank). */
  static double percentile(long[] sortedNanos, int p) {
    if (sortedNanos.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100.0 * sortedNanos.length);
    return sortedNanos[Math.max(0, rank - 1)] / 1_000_000.0;
  }

  /** VmRSS of {@code pid}, in KiB. */
  static long rssKiB(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"), StandardCharsets.UTF_8)) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IOException("no VmRSS for process " + pid);
  }

  /** User plus system CPU time of {@code pid}, in clock ticks. */
  static long cpuTicks(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime and stime, fields 14 and 15 of stat
  }
}
