package dev.keyhold.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Locale;

/**
 * Whether an endpoint that must not reveal accounts answers an address with an account more slowly than one without:
 * registers {@code acct-NNNNNN@example.com} accounts, then alternates requests for one of them and for an address
 * without an account (of the same length), one at a time, the order within a pair alternating, and prints the
 * latency distribution of each side and the difference of the medians. Only loopback addresses are accepted.
 *
 * <pre>
 *   java -cp benchmarks/target/benchmarks.jar dev.keyhold.benchmarks.EnumerationTiming URL MODE PAIRS [control]
 * </pre>
 *
 * MODE is {@code reset} ({@code POST /password-reset/request}), {@code resend} ({@code POST /verify-email/resend}) or
 * {@code register} ({@code POST /register}; each address without an account is new, so it gets registered).
 * {@code control} puts addresses without an account on both sides, which shows the set-up's own noise. The server's
 * limits for the endpoint must allow the load, for example {@code RATE_LIMIT_RESET_IP=100000/1m} and
 * {@code RATE_LIMIT_RESET_ACCOUNT=100000/1m}.
 */
public final class EnumerationTiming {

  private static final int ACCOUNTS = 20;
  private static final String PASSWORD = "correct horse battery staple";

  private EnumerationTiming() {}

  public static void main(String[] args) throws Exception {
    URI base = URI.create(args.length > 0 ? args[0] : "http://127.0.0.1:8080");
    String mode = args.length > 1 ? args[1] : "reset";
    int pairs = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
    boolean control = args.length > 3 && args[3].equals("control");
    if (!base.getHost().equals("127.0.0.1") && !base.getHost().equals("localhost")) {
      throw new IllegalArgumentException("load goes to loopback only");
    }
    if (pairs < 10 || pairs > 100_000) {
      throw new IllegalArgumentException("10-100000 pairs");
    }
    String path = switch (mode) {
      case "reset" -> "/api/v1/password-reset/request";
      case "resend" -> "/api/v1/verify-email/resend";
      case "register" -> "/api/v1/register";
      default -> throw new IllegalArgumentException("mode is reset, resend or register");
    };
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    for (int i = 0; i < ACCOUNTS; i++) {
      post(http, base.resolve("/api/v1/register"), body("register", address(i)));
    }
    URI uri = base.resolve(path);
    int warmup = Math.min(mode.equals("register") ? 100 : 500, pairs);
    long[] known = new long[pairs];
    long[] unknown = new long[pairs];
    int fresh = 100_000;
    for (int round = -warmup; round < pairs; round++) {
      String withAccount = control ? address(fresh++) : address(Math.floorMod(round, ACCOUNTS));
      String without = address(fresh++);
      long a;
      long b;
      if ((round & 1) == 0) {
        a = time(http, uri, body(mode, withAccount));
        b = time(http, uri, body(mode, without));
      } else {
        b = time(http, uri, body(mode, without));
        a = time(http, uri, body(mode, withAccount));
      }
      if (round >= 0) {
        known[round] = a;
        unknown[round] = b;
      }
    }
    Arrays.sort(known);
    Arrays.sort(unknown);
    report(control ? "control A" : "account", known);
    report(control ? "control B" : "no account", unknown);
    System.out.printf(Locale.ROOT, "median difference (first - second): %+.3f ms%n",
        (known[pairs / 2] - unknown[pairs / 2]) / 1e6);
  }

  private static String address(int n) {
    return String.format(Locale.ROOT, "acct-%06d@example.com", n);
  }

  private static String body(String mode, String email) {
    return mode.equals("register")
        ? "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}"
        : "{\"email\":\"" + email + "\"}";
  }

  private static long time(HttpClient http, URI uri, String json) throws IOException, InterruptedException {
    long start = System.nanoTime();
    HttpResponse<String> response = post(http, uri, json);
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
    System.out.printf(Locale.ROOT, "%-11s %6d requests  p10 %7.3f ms  p50 %7.3f ms  p90 %7.3f ms%n", name,
        sorted.length, sorted[sorted.length / 10] / 1e6, sorted[sorted.length / 2] / 1e6,
        sorted[sorted.length * 9 / 10] / 1e6);
  }
}
