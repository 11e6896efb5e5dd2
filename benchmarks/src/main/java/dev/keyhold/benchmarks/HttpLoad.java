package dev.keyhold.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A bounded HTTP load against a running server on this machine: each client signs in once, then for a fixed time
 * alternates {@code GET /api/v1/me} and {@code POST /api/v1/refresh}. Prints requests per second and latency
 * percentiles per endpoint. Only loopback addresses are accepted.
 *
 * <pre>
 *   java -cp benchmarks/target/benchmarks.jar dev.keyhold.benchmarks.HttpLoad http://127.0.0.1:8080 8 20
 * </pre>
 *
 * The users must exist and be verified: register them first with {@code REQUIRE_VERIFIED_EMAIL=false} on the server
 * (the script registers {@code load-N@example.com} itself).
 */
public final class HttpLoad {

  private static final Pattern FIELD = Pattern.compile("\"(access_token|refresh_token)\":\"([^\"]+)\"");
  private static final String PASSWORD = "correct horse battery staple";

  private HttpLoad() {}

  public static void main(String[] args) throws Exception {
    URI base = URI.create(args.length > 0 ? args[0] : "http://127.0.0.1:8080");
    int clients = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    if (!base.getHost().equals("127.0.0.1") && !base.getHost().equals("localhost")) {
      throw new IllegalArgumentException("load goes to loopback only");
    }
    if (clients < 1 || clients > 64 || seconds < 1 || seconds > 300) {
      throw new IllegalArgumentException("1-64 clients for 1-300 seconds");
    }
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    List<Future<long[][]>> results = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      String email = "load-" + i + "@example.com";
      Callable<long[][]> client = () -> run(http, base, email, deadline);
      results.add(pool.submit(client));
    }
    List<Long> me = new ArrayList<>();
    List<Long> refresh = new ArrayList<>();
    for (Future<long[][]> result : results) {
      for (long v : result.get()[0]) {
        me.add(v);
      }
      for (long v : result.get()[1]) {
        refresh.add(v);
      }
    }
    pool.shutdown();
    report("GET /api/v1/me", me, seconds);
    report("POST /api/v1/refresh", refresh, seconds);
  }

  private static long[][] run(HttpClient http, URI base, String email, long deadline)
      throws IOException, InterruptedException {
    String credentials = "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}";
    post(http, base.resolve("/api/v1/register"), credentials, null);
    String[] tokens = tokens(post(http, base.resolve("/api/v1/login"), credentials, null));
    long[] me = new long[1 << 20];
    long[] refresh = new long[1 << 20];
    int m = 0;
    int r = 0;
    while (System.nanoTime() < deadline && m < me.length && r < refresh.length) {
      long start = System.nanoTime();
      HttpResponse<String> who = http.send(HttpRequest.newBuilder(base.resolve("/api/v1/me"))
          .header("Authorization", "Bearer " + tokens[0]).GET().build(), HttpResponse.BodyHandlers.ofString());
      me[m++] = System.nanoTime() - start;
      check(who, 200);
      start = System.nanoTime();
      HttpResponse<String> next = post(http, base.resolve("/api/v1/refresh"),
          "{\"refresh_token\":\"" + tokens[1] + "\"}", null);
      refresh[r++] = System.nanoTime() - start;
      tokens = tokens(next);
    }
    return new long[][] {Arrays.copyOf(me, m), Arrays.copyOf(refresh, r)};
  }

  private static HttpResponse<String> post(HttpClient http, URI uri, String json, String bearer)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json));
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String[] tokens(HttpResponse<String> response) {
    check(response, 200);
    String[] tokens = new String[2];
    Matcher matcher = FIELD.matcher(response.body());
    while (matcher.find()) {
      tokens[matcher.group(1).equals("access_token") ? 0 : 1] = matcher.group(2);
    }
    return tokens;
  }

  private static void check(HttpResponse<String> response, int status) {
    if (response.statusCode() != status) {
      throw new IllegalStateException(response.uri() + " answered " + response.statusCode());
    }
  }

  private static void report(String name, List<Long> nanos, int seconds) {
    long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
    if (sorted.length == 0) {
      return;
    }
    System.out.printf(Locale.ROOT, "%-22s %8d requests  %8.1f/s  p50 %6.2f ms  p99 %6.2f ms%n", name, sorted.length,
        sorted.length / (double) seconds, sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.99)] / 1e6);
  }
}
