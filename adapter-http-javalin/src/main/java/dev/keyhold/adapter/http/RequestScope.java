package dev.keyhold.adapter.http;

import dev.keyhold.identity.model.ClientInfo;
import dev.keyhold.identity.model.user.UserId;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * What every request gets: a correlation id (in the response, in the MDC as {@code request_id}, and in
 * {@link ClientInfo}), the caller's user id in the MDC as {@code user_id} once a token or a login has shown it, the
 * client address ({@link TrustedProxies}), the {@code nosniff} header, the early body-size check, one access-log line
 * and, when configured, one {@link HttpMetrics} observation.
 *
 * <p>The MDC is per thread and threads serve many requests: {@link #begin} and {@link #end} both clear what a request
 * put there, so no line of one request carries another's ids.
 */
final class RequestScope {

  static final String REQUEST_ID_HEADER = "X-Request-Id";
  static final String MDC_KEY = "request_id";
  static final String USER_MDC_KEY = "user_id";
  /** The route in access lines of requests that matched none. */
  static final String NO_ROUTE = "-";
  /** The most of an unmatched request's path an access line shows. */
  static final int MAX_LOGGED_PATH = 256;
  private static final String ATTRIBUTE = "keyhold.request_id";
  private static final String CLIENT_ADDRESS = "keyhold.client_address";
  private static final String STARTED = "keyhold.started_nanos";
  private static final Pattern WELL_FORMED_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
  private static final int MAX_USER_AGENT = 512;
  private static final Logger ACCESS = LoggerFactory.getLogger("keyhold.access");

  /** How much of an oversized body is read and thrown away so that the client still gets its 413. */
  static final long MAX_DISCARDED_BYTES = 1024 * 1024;

  private final int maxBodyBytes;
  private final TrustedProxies proxies;
  private final HttpMetrics metrics;

  /** @param metrics where each answered request is reported, or {@code null} for nowhere */
  RequestScope(int maxBodyBytes, TrustedProxies proxies, HttpMetrics metrics) {
    this.maxBodyBytes = maxBodyBytes;
    this.proxies = proxies;
    this.metrics = metrics;
  }

  /** The before-handler for every path. */
  void begin(Context ctx) {
    ctx.attribute(STARTED, System.nanoTime());
    String requestId = requestId(ctx.header(REQUEST_ID_HEADER));
    ctx.attribute(ATTRIBUTE, requestId);
    ctx.attribute(CLIENT_ADDRESS, clientAddress(ctx, proxies));
    MDC.remove(USER_MDC_KEY);
    MDC.put(MDC_KEY, requestId);
    ctx.header(REQUEST_ID_HEADER, requestId);
    ctx.header("X-Content-Type-Options", "nosniff");
  }

  /**
   * The before-handler for matched routes: refuses a declared oversized body before anyone reads it. Bodies without a
   * Content-Length are cut off while being read ({@link JsonBodies#bytes}).
   */
  void limitBody(Context ctx) {
    if (ctx.req().getContentLengthLong() > maxBodyBytes) {
      throw tooLarge(ctx, maxBodyBytes);
    }
  }

  /**
   * The 413 for an oversized body. Reads and discards what is left of a moderately oversized body first: closing a
   * connection with unread input makes the kernel reset it, and the client then loses the answer in flight and sees a
   * broken connection instead of a 413. Beyond {@link #MAX_DISCARDED_BYTES} the connection is given up.
   */
  static HttpProblem tooLarge(Context ctx, int maxBodyBytes) {
    try {
      InputStream in = ctx.req().getInputStream();
      long discarded = 0;
      byte[] buffer = new byte[8192];
      for (int read = in.read(buffer); read >= 0 && discarded < MAX_DISCARDED_BYTES; read = in.read(buffer)) {
        discarded += read;
      }
    } catch (IOException | RuntimeException e) {
      // the client went away or the body is unreadable: the answer is the same
    }
    return HttpProblem.payloadTooLarge(maxBodyBytes);
  }

  /**
   * Puts the user the request acts for in the MDC, so that this request's later lines, its access line included,
   * carry it as {@code user_id}. Called once a bearer token has been verified or a login has succeeded.
   */
  static void identify(UserId user) {
    MDC.put(USER_MDC_KEY, user.toString());
  }

  /**
   * The request logger: one access line per request, with the method, the route template (never the raw path of a
   * matched route, which can hold ids), the status and the duration both in the message and as structured key-value
   * pairs; then the observation for {@link HttpMetrics}; then the MDC is cleared for whatever the thread does next.
   * A request that matched no route has no template to show, so its line ends with its path ({@link #loggedPath}),
   * which is what finds a wrong URL; the query string, which may carry tokens, is never logged.
   *
   * @param durationMs Javalin's measurement; when it has none, the time since {@link #begin}
   */
  void end(Context ctx, Float durationMs) {
    try {
      String method = ctx.method().name();
      String route = ErrorResponses.route(ctx);
      int status = ctx.statusCode();
      Duration duration = duration(ctx, durationMs);
      if (ACCESS.isInfoEnabled()) {
        long tenths = duration == null ? 0 : Math.round(duration.toNanos() / 100_000.0);
        double millis = duration == null ? Double.NaN : tenths / 10.0;
        boolean unmatched = route.equals(NO_ROUTE);
        String path = unmatched ? loggedPath(ctx.path()) : null;
        LoggingEventBuilder line = ACCESS.atInfo()
            .setMessage(unmatched ? "{} {} {} {}ms path={}" : "{} {} {} {}ms")
            .addArgument(method)
            .addArgument(route)
            .addArgument(status)
            // not String.format, which took 2 % of a refresh's CPU
            .addArgument(duration == null ? "-" : (tenths / 10) + "." + (tenths % 10))
            .addKeyValue("method", method)
            .addKeyValue("route", route)
            .addKeyValue("status", status);
        if (unmatched) {
          line.addArgument(path).addKeyValue("path", path);
        }
        if (duration != null) {
          line.addKeyValue("duration_ms", millis);
        }
        line.log();
      }
      if (metrics != null && duration != null) {
        metrics.requestCompleted(method, route.equals(NO_ROUTE) ? HttpMetrics.UNMATCHED_ROUTE : route, status,
            duration);
      }
    } finally {
      MDC.remove(MDC_KEY);
      MDC.remove(USER_MDC_KEY);
    }
  }

  /**
   * The path as the client sent it (percent-encoded, without the query), cut at {@value #MAX_LOGGED_PATH}
   * characters, with anything but printable ASCII shown as {@code ?} so that no request can forge log lines.
   */
  static String loggedPath(String path) {
    if (path == null || path.isEmpty()) {
      return "-";
    }
    String shown = path.length() > MAX_LOGGED_PATH ? path.substring(0, MAX_LOGGED_PATH) + "..." : path;
    StringBuilder printable = new StringBuilder(shown.length());
    shown.chars().forEach(c -> printable.append(c > 0x20 && c < 0x7f ? (char) c : '?'));
    return printable.toString();
  }

  private static Duration duration(Context ctx, Float durationMs) {
    if (durationMs != null) {
      return Duration.ofNanos((long) (durationMs * 1_000_000.0));
    }
    Long started = ctx.attribute(STARTED);
    return started == null ? null : Duration.ofNanos(System.nanoTime() - started);
  }

  /** The presented id when well formed, else a new UUID. */
  static String requestId(String presented) {
    return presented != null && WELL_FORMED_ID.matcher(presented).matches() ? presented : UUID.randomUUID().toString();
  }

  static String requestId(Context ctx) {
    String id = ctx.attribute(ATTRIBUTE);
    return id != null ? id : UUID.randomUUID().toString();
  }

  static ClientInfo client(Context ctx) {
    String address = ctx.attribute(CLIENT_ADDRESS);
    return new ClientInfo(address != null ? address : clientAddress(ctx, TrustedProxies.NONE),
        truncate(ctx.userAgent()), requestId(ctx));
  }

  private static String clientAddress(Context ctx, TrustedProxies proxies) {
    Enumeration<String> forwardedFor = ctx.req().getHeaders(TrustedProxies.FORWARDED_FOR);
    return proxies.clientAddress(ctx.req().getRemoteAddr(),
        forwardedFor == null ? List.of() : Collections.list(forwardedFor));
  }

  private static String truncate(String userAgent) {
    if (userAgent == null || userAgent.length() <= MAX_USER_AGENT) {
      return userAgent;
    }
    int end = Character.isHighSurrogate(userAgent.charAt(MAX_USER_AGENT - 1)) ? MAX_USER_AGENT - 1 : MAX_USER_AGENT;
    return userAgent.substring(0, end);
  }
}
