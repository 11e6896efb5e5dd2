package dev.keyhold.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Locale;

/**
 * Whether {@code POST /api/v1/password-reset/request} takes longer for an address with an account than for one
 * without: registers {@code timing-N@example.com} accounts, then alternates requests for one of them and for an
 * unknown address of the same length, one at a time, and prints the latency distribution of each and the difference
 * of the medians. Only loopback addresses are accepted.
 *
 * <pre>
 *   java -cp benchmarks/target/benchmarks.jar dev.keyhold.benchmarks.ResetTiming http://127.0.0.1:8080 2000
 * </pre>
 *
 * The server's reset limits must allow the load: start it with {@code RATE_LIMIT_RESET_IP=100000/1m} and
 * {@code RATE_LIMIT_RESET_ACCOUNT=100000/1m}.
 */
public final class ResetTiming {

  private static final int ACCOUNTS = 20;

  private ResetTiming() {}

  public static void main(String[] args) throws Exception {
    URI base = URI.create(args.length > 0 ? args[0] : "http://127.0.0.1:8080");
    int pairs = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
    // "control": both sides without an account, which shows what differences the set-up alone produces.
    String knownPrefix = args.length > 2 && args[2].equals("control") ? "unregistered-" : "timing-";
    if (!base.getHost().equals("127.0.0.1") && !base.getHost().equals("localhost")) {
      throw new IllegalArgumentException("load goes to loopback only");
    }
    if (pairs < 10 || pairs > 100_000) {
      throw new IllegalArgumentException("10-100000 pairs");
    }
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    for (int i = 0; i < ACCOUNTS; i++) {
      post(http, base.resolve("/api/v1/register"),
          "{\"email\":\"timing-" + i + "@example.com\",\"password\":\"correct horse battery staple\"}");
    }
    URI reset = base.resolve("/api/v1/password-reset/request");
    int warmup = Math.min(500, pairs);
    long[] known = new long[pairs];
    long[] unknown = new long[pairs];
    for (int round = -warmup; round < pairs; round++) {
      int account = Math.floorMod(round, ACCOUNTS);
      // Which goes first alternates, so that neither side always follows the other.
      boolean knownFirst = (round & 1) == 0;
      long a;
      long b;
      if (knownFirst) {
        a = time(http, reset, knownPrefix + account + "@example.com");
        b = time(http, reset, "nobodyyy-" + account + "@example.com");
      } else {
        b = time(http, reset, "nobodyyy-" + account + "@example.com");
        a = time(http, reset, knownPrefix + account + "@example.com");
      }
      if (round >= 0) {
        known[round] = a;
        unknown[round] = b;
      }
    }
    Arrays.sort(known);
    Arrays.sort(unknown);
    report("account", known);
    report("no account", unknown);
    System.out.printf(Locale.ROOT, "median difference (account - no account): %+.3f ms%n",
        (known[pairs / 2] - unknown[pairs / 2]) / 1e6);
  }

  private static long time(HttpClient http, URI uri, String email) throws IOException, InterruptedException {
    long start = System.nanoTime();
    HttpResponse<String> response = post(http, uri, "{\"email\":\"" + email + "\"}");
    long elapsed = System.nanoTime() - start;
    if (response.statusCode() != 202) {
      throw new IllegalStateException(uri + " answered " + response.statusCode() + ": " + response.body());
    }
    return elapsed;
  }

  private static HttpResponse<String> post(HttpClient http, URI uri, String json)
      throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void report(String name, long[] sorted) {
    System.out.printf(Locale.ROOT, "%-11s %6d requests  p10 %6.3f ms  p50 %6.3f ms  p90 %6.3f ms%n", name,
        sorted.length, sorted[sorted.length / 10] / 1e6, sorted[sorted.length / 2] / 1e6,
        sorted[sorted.length * 9 / 10] / 1e6);
  }
}
