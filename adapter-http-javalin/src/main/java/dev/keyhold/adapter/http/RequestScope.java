package dev.keyhold.adapter.http;

import dev.keyhold.identity.model.ClientInfo;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * What every request gets: a correlation id (in the response, in the MDC as {@code request_id}, and in
 * {@link ClientInfo}), the client address ({@link TrustedProxies}), the {@code nosniff} header, the early body-size
 * check, and one access-log line.
 */
final class RequestScope {

  static final String REQUEST_ID_HEADER = "X-Request-Id";
  static final String MDC_KEY = "request_id";
  private static final String ATTRIBUTE = "keyhold.request_id";
  private static final String CLIENT_ADDRESS = "keyhold.client_address";
  private static final Pattern WELL_FORMED_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
  private static final int MAX_USER_AGENT = 512;
  private static final Logger ACCESS = LoggerFactory.getLogger("keyhold.access");

  /** How much of an oversized body is read and thrown away so that the client still gets its 413. */
  static final long MAX_DISCARDED_BYTES = 1024 * 1024;

  private final int maxBodyBytes;
  private final TrustedProxies proxies;

  RequestScope(int maxBodyBytes, TrustedProxies proxies) {
    this.maxBodyBytes = maxBodyBytes;
    this.proxies = proxies;
  }

  /** The before-handler for every path. */
  void begin(Context ctx) {
    String requestId = requestId(ctx.header(REQUEST_ID_HEADER));
    ctx.attribute(ATTRIBUTE, requestId);
    ctx.attribute(CLIENT_ADDRESS, clientAddress(ctx, proxies));
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

  /** The request logger: one line per request, then the MDC is cleared for whatever the thread does next. */
  static void end(Context ctx, Float durationMs) {
    try {
      if (ACCESS.isInfoEnabled()) {
        ACCESS.info("{} {} {} {}ms", ctx.method(), ErrorResponses.route(ctx), ctx.statusCode(),
            durationMs == null ? "-" : String.format(Locale.ROOT, "%.1f", durationMs));
      }
    } finally {
      MDC.remove(MDC_KEY);
    }
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
