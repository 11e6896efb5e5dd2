package dev.keyhold.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A headless Chromium driven over the Chrome DevTools Protocol (a WebSocket, with the JDK's own client), for tests
 * that need a real browser: it waits for events and page conditions instead of sleeping, and records what the page
 * reports (console errors, exceptions, blocked content, requests).
 *
 * <p>The binary is {@code $CHROMIUM}, else the first of chromium, chromium-browser, google-chrome and
 * google-chrome-stable on the PATH. Without one, {@link #launch()} fails the test and says how to get one
 * ({@code scripts/ensure-chromium}, which the build runs first).
 *
 * <p>Shared with the app's browser tests through this module's test jar, which holds this class alone.
 */
public final class HeadlessChromium implements AutoCloseable {

  private static final List<String> NAMES =
      List.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable");
  private static final Pattern DEVTOOLS = Pattern.compile("DevTools listening on (ws://\\S+)");
  private static final Duration START = Duration.ofSeconds(30);
  private static final Duration COMMAND = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final Path profile;
  /** What Chromium printed, for failure messages. */
  private final List<String> output;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final List<JsonNode> events = new CopyOnWriteArrayList<>();
  private final List<Waiter> waiters = new CopyOnWriteArrayList<>();

  private record Waiter(Predicate<JsonNode> condition, CompletableFuture<JsonNode> event) {}

  private HeadlessChromium(Process process, Path profile, List<String> output, String endpoint) {
    this.process = process;
    this.profile = profile;
    this.output = output;
    try {
      this.socket = HttpClient.newHttpClient().newWebSocketBuilder()
          .connectTimeout(START)
          .buildAsync(URI.create(endpoint), new Listener())
          .get(START.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot connect to Chromium's DevTools at " + endpoint, e);
    }
  }

  /**
   * Starts a headless Chromium with a throw-away profile.
   *
   * @throws AssertionError when there is no Chromium, or it does not start
   */
  public static HeadlessChromium launch() throws IOException {
    String binary = binary();
    Path profile = Files.createTempDirectory("keyhold-chromium");
    Process process = new ProcessBuilder(binary, "--headless", "--disable-gpu", "--no-sandbox",
        "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check", "--disable-extensions",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "--user-data-dir=" + profile,
        "about:blank")
        .redirectErrorStream(true)
        .start();
    List<String> lines = new CopyOnWriteArrayList<>();
    CompletableFuture<String> endpoint = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader out = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          lines.add(line);
          Matcher matcher = DEVTOOLS.matcher(line);
          if (matcher.find()) {
            endpoint.complete(matcher.group(1));
          }
        }
        endpoint.completeExceptionally(new IllegalStateException("Chromium exited"));
      } catch (IOException e) {
        endpoint.completeExceptionally(e);
      }
    }, "chromium-output");
    reader.setDaemon(true);
    reader.start();
    try {
      return new HeadlessChromium(process, profile, lines, endpoint.get(START.toSeconds(), TimeUnit.SECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      process.destroyForcibly();
      deleteQuietly(profile);
      throw new AssertionError(binary + " did not start its DevTools endpoint within " + START.toSeconds()
          + " s; its output:\n" + String.join("\n", lines), e);
    }
  }

  /** The Chromium to run, or an {@link AssertionError} saying how to get one. */
  public static String binary() {
    String configured = System.getenv("CHROMIUM");
    if (configured != null && !configured.isBlank()) {
      return executable(configured).orElseThrow(() -> new AssertionError(
          "CHROMIUM=" + configured + " is not an executable; unset it or point it at a Chromium or Chrome"));
    }
    for (String name : NAMES) {
      Optional<String> found = executable(name);
      if (found.isPresent()) {
        return found.get();
      }
    }
    throw new AssertionError("No Chromium for the browser test: none of " + NAMES + " is on the PATH and CHROMIUM "
        + "is not set. Run scripts/ensure-chromium (as root on Debian it installs Debian's chromium; elsewhere it "
        + "says how to install one), or set CHROMIUM to a Chromium or Chrome binary.");
  }

  /** A path as it is, a bare name looked up on the PATH, as a shell would. */
  private static Optional<String> executable(String name) {
    if (name.contains(File.separator)) {
      return new File(name).canExecute() ? Optional.of(name) : Optional.empty();
    }
    for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      File candidate = new File(directory, name);
      if (!directory.isEmpty() && candidate.canExecute()) {
        return Optional.of(candidate.getPath());
      }
    }
    return Optional.empty();
  }

  /** A new tab, attached with its own DevTools session. */
  public Tab open() {
    String target = send("Target.createTarget", params().put("url", "about:blank"), null).get("targetId").asText();
    String session = send("Target.attachToTarget", params().put("targetId", target).put("flatten", true), null)
        .get("sessionId").asText();
    return new Tab(target, session);
  }

  /** One tab: commands and events of its session. */
  public final class Tab {

    private final String target;
    private final String session;

    private Tab(String target, String session) {
      this.target = target;
      this.session = session;
    }

    public JsonNode send(String method, ObjectNode params) {
      return HeadlessChromium.this.send(method, params, session);
    }

    /**
     * Starts waiting for this tab's next event named {@code method} that satisfies {@code condition}; call it before
     * the command that causes the event.
     */
    public CompletableFuture<JsonNode> next(String method, Predicate<JsonNode> condition) {
      CompletableFuture<JsonNode> event = new CompletableFuture<>();
      waiters.add(new Waiter(e -> e.path("method").asText().equals(method)
          && session.equals(e.path("sessionId").asText()) && condition.test(e.path("params")), event));
      return event;
    }

    /** Every event of this tab so far named {@code method}, by its params. */
    public List<JsonNode> events(String method) {
      List<JsonNode> found = new ArrayList<>();
      for (JsonNode event : HeadlessChromium.this.events) {
        if (event.path("method").asText().equals(method) && session.equals(event.path("sessionId").asText())) {
          found.add(event.path("params"));
        }
      }
      return found;
    }

    /**
     * The value of a JavaScript expression, awaiting it when it is a promise.
     *
     * @throws AssertionError when the expression throws
     */
    public JsonNode evaluate(String expression) {
      JsonNode result = send("Runtime.evaluate", params().put("expression", expression).put("awaitPromise", true)
          .put("returnByValue", true));
      if (result.has("exceptionDetails")) {
        throw new AssertionError("the page threw: " + result.get("exceptionDetails"));
      }
      return result.path("result").path("value");
    }

    /**
     * Opens {@code url} in this tab and waits until its load event has fired (the {@code Page} domain must be
     * enabled).
     *
     * @throws AssertionError when the navigation fails or the page does not load within {@code timeout}
     */
    public void navigate(String url, Duration timeout) {
      CompletableFuture<JsonNode> loaded = next("Page.loadEventFired", event -> true);
      JsonNode navigation = send("Page.navigate", params().put("url", url));
      if (!navigation.path("errorText").asText().isEmpty()) {
        throw new AssertionError("cannot open " + url + ": " + navigation.get("errorText").asText());
      }
      try {
        loaded.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      } catch (ExecutionException | TimeoutException e) {
        throw new AssertionError(url + " did not load within " + timeout, e);
      }
    }

    /**
     * Waits until the JavaScript {@code condition} holds, checking it on every change to the document (a
     * {@code MutationObserver}, no polling), for at most {@code timeout}.
     *
     * @return whether it held in time
     */
    public boolean waitFor(String condition, Duration timeout) {
      return evaluate("new Promise(resolve => {"
          + "  const met = () => { try { return Boolean(" + condition + "); } catch (e) { return false; } };"
          + "  if (met()) { resolve(true); return; }"
          + "  const observer = new MutationObserver(() => { if (met()) { finish(true); } });"
          + "  const deadline = setTimeout(() => finish(met()), " + timeout.toMillis() + ");"
          + "  const finish = value => { observer.disconnect(); clearTimeout(deadline); resolve(value); };"
          + "  observer.observe(document, {childList: true, subtree: true, attributes: true, characterData: true});"
          + "})").asBoolean();
    }

    /**
     * Clicks the element {@code selector} names as a user would: scrolled into view, then a real mouse press and
     * release at its centre.
     *
     * @throws AssertionError when no element matches or it has no size (hidden)
     */
    public void click(String selector) {
      JsonNode box = evaluate("(() => { const e = document.querySelector(" + quoted(selector) + ");"
          + " if (!e) return null; e.scrollIntoView({block: 'center'}); const r = e.getBoundingClientRect();"
          + " return {x: r.left + r.width / 2, y: r.top + r.height / 2, w: r.width, h: r.height}; })()");
      if (box.isNull() || box.isMissingNode() || box.path("w").asDouble() == 0 || box.path("h").asDouble() == 0) {
        throw new AssertionError("nothing visible to click at " + selector);
      }
      for (String type : List.of("mousePressed", "mouseReleased")) {
        send("Input.dispatchMouseEvent", params().put("type", type).put("x", box.path("x").asDouble())
            .put("y", box.path("y").asDouble()).put("button", "left").put("clickCount", 1));
      }
    }

    /** Focuses the field {@code selector} names, empties it, and types {@code text} into it as a keyboard would. */
    public void type(String selector, String text) {
      JsonNode found = evaluate("(() => { const e = document.querySelector(" + quoted(selector) + ");"
          + " if (!e) return false; e.focus(); e.select(); return document.activeElement === e; })()");
      if (!found.asBoolean()) {
        throw new AssertionError("no focusable field at " + selector);
      }
      send("Input.dispatchKeyEvent", params().put("type", "keyDown").put("key", "Backspace")
          .put("code", "Backspace").put("windowsVirtualKeyCode", 8));
      send("Input.dispatchKeyEvent", params().put("type", "keyUp").put("key", "Backspace")
          .put("code", "Backspace").put("windowsVirtualKeyCode", 8));
      send("Input.insertText", params().put("text", text));
    }

    /** Presses and releases Enter on whatever has the focus. */
    public void pressEnter() {
      send("Input.dispatchKeyEvent", params().put("type", "keyDown").put("key", "Enter").put("code", "Enter")
          .put("windowsVirtualKeyCode", 13).put("text", "\r"));
      send("Input.dispatchKeyEvent", params().put("type", "keyUp").put("key", "Enter").put("code", "Enter")
          .put("windowsVirtualKeyCode", 13));
    }

    /** The text of the element {@code selector} names, or null when none does. */
    public String text(String selector) {
      JsonNode text = evaluate("(() => { const e = document.querySelector(" + quoted(selector) + ");"
          + " return e ? e.textContent : null; })()");
      return text.isNull() || text.isMissingNode() ? null : text.asText();
    }

    /** Closes this tab. */
    public void close() {
      HeadlessChromium.this.send("Target.closeTarget", params().put("targetId", target), null);
    }
  }

  /** {@code text} as a JavaScript string literal. */
  static String quoted(String text) {
    return JSON.getNodeFactory().textNode(text).toString();
  }

  public static ObjectNode params() {
    return JSON.createObjectNode();
  }

  private JsonNode send(String method, ObjectNode params, String session) {
    int id = ids.incrementAndGet();
    ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
    message.set("params", params);
    if (session != null) {
      message.put("sessionId", session);
    }
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    pending.put(id, answer);
    try {
      socket.sendText(message.toString(), true).get(COMMAND.toSeconds(), TimeUnit.SECONDS);
      JsonNode response = answer.get(COMMAND.toSeconds(), TimeUnit.SECONDS);
      if (response.has("error")) {
        throw new AssertionError(method + " failed: " + response.get("error"));
      }
      return response.path("result");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new AssertionError(method + " got no answer within " + COMMAND.toSeconds() + " s; Chromium said:\n"
          + String.join("\n", output), e);
    } finally {
      pending.remove(id);
    }
  }

  private void receive(String text) {
    JsonNode message;
    try {
      message = JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (message.has("id")) {
      CompletableFuture<JsonNode> answer = pending.get(message.get("id").asInt());
      if (answer != null) {
        answer.complete(message);
      }
      return;
    }
    events.add(message);
    for (Waiter waiter : waiters) {
      if (waiter.condition().test(message)) {
        waiter.event().complete(message.path("params"));
        waiters.remove(waiter);
      }
    }
  }

  /** Reassembles the protocol's messages, which may arrive in several frames. */
  private final class Listener implements WebSocket.Listener {

    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        receive(text);
      }
      webSocket.request(1);
      return null;
    }
  }

  @Override
  public void close() {
    try {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      socket.abort();
    }
    // Chromium's helper processes (network service, renderers) write to the profile until they exit too
    List<ProcessHandle> helpers = process.descendants().toList();
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      for (ProcessHandle helper : helpers) {
        helper.destroyForcibly();
        helper.onExit().get(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // a helper that will not exit keeps its files; deleting below is best effort
    }
    deleteQuietly(profile);
  }

  private static void deleteQuietly(Path directory) {
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // a temporary profile left behind (or a file that vanished while walking) is harmless
    }
  }
}
