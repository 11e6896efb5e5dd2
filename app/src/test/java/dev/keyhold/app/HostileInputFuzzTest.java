package dev.keyhold.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyhold.app.HostileCase.Breakage;
import dev.keyhold.app.HostileCase.Caller;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Property-based fuzzing of every operation of the OpenAPI document the running server serves (read from
 * {@code /api/v1/openapi.json} at start, so a new route is fuzzed without editing this), against the real server on
 * the embedded PostgreSQL, as anyone, a signed-in user and an administrator. Each case is a request generated from the
 * operation's parameters and request schema and then broken in one way ({@link Breakage}). For every case:
 *
 * <ul>
 *   <li>no 5xx, and an answer at all;
 *   <li>every 4xx is {@code application/problem+json} with a {@code code} (and field codes) docs/api.md documents,
 *       or, from {@code POST /token}, RFC 6749 JSON with a documented {@code error};
 *   <li>no body holds a stack trace or an internal class name;
 *   <li>a refused request leaves the database as it was, but for {@link #WRITTEN_BY_REFUSALS}.
 * </ul>
 *
 * <p>Tries: {@code jqwik.tries.default} in {@code junit-platform.properties}; a long run sets it as a system property
 * (docs/hostile-input.md). Per-route counts go to {@code target/hostile-input-cases.md}. Every operation of the
 * document must have been exercised, and every bearer route answered past authentication at least once.
 */
class HostileInputFuzzTest {

  /**
   * The tables a refused request may write: the audit log, which records refused sign-ins, refused administrative and
   * organization actions and failed two-factor steps by design (docs/api.md, "Audit log"), and its queue, where each
   * event waits until the background linker moves it into the chain. Lockout and rate-limit state is kept by the
   * protection stores (memory or Redis), not in PostgreSQL.
   */
  static final Set<String> WRITTEN_BY_REFUSALS = Set.of("audit_events", "audit_queue");

  private static final Pattern LEAK = Pattern.compile("dev\\.keyhold|java\\.|Exception|\\bat [\\w$.]+\\(");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final boolean COLLECT = Boolean.getBoolean("keyhold.fuzz.collect");

  private static FuzzWorld world;
  private static OpenApiRoutes routes;
  private static DocumentedCodes codes;
  private static Connection connection;
  private static DatabaseFingerprint database;
  private static final Map<String, int[]> counts = new TreeMap<>();
  private static final Map<Integer, AtomicInteger> statuses = new TreeMap<>();
  private static final List<String> violations = new ArrayList<>();
  private static long started;
  private static final int REPAIR_EVERY = 200;
  private static int casesSinceRepair;
  /** The fingerprint after the last case: the next case's "before", unless a repair wrote in between. */
  private static Map<String, String> lastFingerprint;

  @BeforeContainer
  static void start() throws Exception {
    started = System.nanoTime();
    codes = DocumentedCodes.read();
    world = FuzzWorld.start();
    ApiClient.Response document = new ApiClient(world.port()).get("/api/v1/openapi.json", null);
    routes = OpenApiRoutes.of(document.body());
    if (routes.operations().size() < 50) {
      throw new IllegalStateException("the OpenAPI document lists only " + routes.operations());
    }
    routes.operations().forEach(op -> counts.put(op.key(), new int[3]));
    connection = world.database();
    database = new DatabaseFingerprint(connection, WRITTEN_BY_REFUSALS);
  }

  @AfterContainer
  static void report() throws Exception {
    try {
      if (routes == null) {
        return; // the start failed, and says why
      }
      writeCounts();
      List<String> unexercised = new ArrayList<>();
      List<String> neverPastAuthentication = new ArrayList<>();
      for (OpenApiRoutes.Operation op : routes.operations()) {
        int[] count = counts.get(op.key());
        if (count[0] == 0) {
          unexercised.add(op.key());
        } else if (op.bearer() && count[2] == 0) {
          neverPastAuthentication.add(op.key());
        }
      }
      if (!violations.isEmpty()) {
        throw new AssertionError(violations.size() + " violations:\n" + String.join("\n", violations));
      }
      if (!unexercised.isEmpty() || !neverPastAuthentication.isEmpty()) {
        throw new AssertionError("routes of the OpenAPI document not exercised: " + unexercised
            + "; bearer routes never answered past authentication: " + neverPastAuthentication);
      }
    } finally {
      if (connection != null) {
        connection.close();
      }
      if (world != null) {
        world.close();
      }
    }
  }

  @Provide
  Arbitrary<OpenApiRoutes.Operation> operations() {
    return Arbitraries.of(routes.operations());
  }

  @Provide
  Arbitrary<Caller> callers() {
    return Arbitraries.frequency(Tuple.of(2, Caller.ANONYMOUS), Tuple.of(5, Caller.USER), Tuple.of(3, Caller.ADMIN));
  }

  @Property
  void every_route_refuses_hostile_input_with_a_documented_problem_and_changes_nothing(
      @ForAll("operations") OpenApiRoutes.Operation operation, @ForAll("callers") Caller caller,
      @ForAll Breakage breakage, @ForAll long seed) {
    HostileCase c = HostileCase.of(operation, caller, breakage, seed, routes);
    Map<String, String> before = lastFingerprint != null ? lastFingerprint : database.take();
    RawHttp.Response response = RawHttp.exchange(world.port(), world.render(c));
    Map<String, String> after = database.take();
    lastFingerprint = after;

    List<String> wrong = check(c, response, DatabaseFingerprint.changed(before, after));
    count(c, response);
    boolean accepted = response.status() >= 200 && response.status() < 300 && !c.method.equals("GET");
    if (accepted || ++casesSinceRepair >= REPAIR_EVERY) {
      // an accepted request may have ended a session; and in a long run, access tokens expire
      world.repair();
      casesSinceRepair = 0;
      lastFingerprint = null;
    }
    if (!wrong.isEmpty()) {
      String violation = c + "\n  -> " + response + "\n  " + wrong;
      if (!COLLECT) {
        throw new AssertionError(violation);
      }
      synchronized (violations) {
        violations.add(violation);
      }
    }
  }

  private static List<String> check(HostileCase c, RawHttp.Response response, Set<String> changed) {
    List<String> wrong = new ArrayList<>();
    int status = response.status();
    if (status == 0) {
      wrong.add("no answer");
      return wrong;
    }
    if (status >= 500) {
      wrong.add("a server error");
    }
    boolean head = c.method.equalsIgnoreCase("HEAD");
    String type = response.header("Content-Type") == null ? "" : response.header("Content-Type");
    if (status >= 400 && !head) {
      JsonNode body = parse(response.text());
      if (c.isTokenEndpoint() && type.startsWith("application/json")) {
        if (body == null || !codes.tokenErrors().contains(body.path("error").asText())) {
          wrong.add("an undocumented /token error");
        }
      } else if (!type.startsWith("application/problem+json")) {
        wrong.add("not problem+json");
      } else if (body == null || !codes.problems().contains(body.path("code").asText())) {
        wrong.add("an undocumented problem code");
      } else {
        for (JsonNode error : body.path("errors")) {
          if (!codes.fields().contains(error.path("code").asText())) {
            wrong.add("an undocumented field code " + error.path("code").asText());
          }
        }
      }
    }
    boolean shipped = status < 300 && (c.path.startsWith("/api/v1/docs") || c.path.equals("/api/v1/openapi.json")
        || c.path.startsWith("/pages/"));
    if (!shipped && LEAK.matcher(response.text()).find()) {
      wrong.add("an internal name or stack trace in the body");
    }
    if (status >= 400) {
      Set<String> unexpected = new java.util.TreeSet<>(changed);
      unexpected.removeAll(WRITTEN_BY_REFUSALS);
      if (!unexpected.isEmpty()) {
        wrong.add("a refused request changed " + unexpected);
      }
    }
    return wrong;
  }

  private static JsonNode parse(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      return null;
    }
  }

  private static void count(HostileCase c, RawHttp.Response response) {
    synchronized (counts) {
      int[] count = counts.get(c.operation.key());
      count[0]++;
      if (response.status() >= 400) {
        count[1]++;
      }
      if (c.operation.bearer() && c.sendsValidToken() && response.status() != 401) {
        count[2]++;
      }
      statuses.computeIfAbsent(response.status(), s -> new AtomicInteger()).incrementAndGet();
    }
  }

  private static void writeCounts() throws IOException {
    StringBuilder table = new StringBuilder();
    int total = 0;
    for (int[] count : counts.values()) {
      total += count[0];
    }
    table.append("Cases: ").append(total).append(" in ").append((System.nanoTime() - started) / 1_000_000_000)
        .append(" s; answers by status: ").append(statuses).append("\n\n");
    table.append("| operation | cases | refused (4xx) | answered past authentication |\n|---|---:|---:|---:|\n");
    for (OpenApiRoutes.Operation op : routes.operations()) {
      int[] count = counts.get(op.key());
      table.append("| `").append(op.key()).append("` | ").append(count[0]).append(" | ").append(count[1])
          .append(" | ").append(op.bearer() ? Integer.toString(count[2]) : "open").append(" |\n");
    }
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target", "hostile-input-cases.md"), table);
    System.out.println(table);
  }
}
