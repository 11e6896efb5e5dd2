package dev.keyhold.adapter.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyhold.identity.error.ErrorCode;
import dev.keyhold.identity.error.HookFailedException;
import dev.keyhold.identity.error.IdentityException;
import dev.keyhold.identity.error.InvalidTokenException;
import dev.keyhold.identity.error.OverloadedException;
import dev.keyhold.identity.error.RefusedByHookException;
import dev.keyhold.identity.error.StoreUnavailableException;
import dev.keyhold.identity.error.TooManyRequestsException;
import dev.keyhold.identity.error.ValidationException;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.router.Endpoint;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every failure into a response: problem+json (RFC 9457) everywhere, except the token endpoint's own RFC 6749
 * errors. Nothing about an unexpected failure reaches the client beyond its request id.
 */
final class ErrorResponses {

  static final String PROBLEM_JSON = "application/problem+json";
  /** {@code Retry-After} while a store cannot answer, in seconds. */
  static final String OUTAGE_RETRY_AFTER = "5";
  private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);
  private static final String INTERNAL_DETAIL =
      "Something went wrong on our side. Quote the request id if you contact support.";

  private final ObjectMapper mapper;
  private final RouteTable routes;

  /** @param routes the routes, for the {@code Allow} header of a 405 */
  ErrorResponses(ObjectMapper mapper, RouteTable routes) {
    this.mapper = mapper;
    this.routes = routes;
  }

  void transport(HttpProblem problem, Context ctx) {
    problem.headers().forEach(ctx::header);
    write(ctx, problem.code().code(), problem.detail(), null);
  }

  void identity(IdentityException e, Context ctx) {
    String detail = e.getMessage();
    List<Problem.FieldError> errors = null;
    if (e instanceof ValidationException validation) {
      errors = validation.violations().stream()
          .map(v -> new Problem.FieldError(v.field(), v.code(), v.message()))
          .collect(Collectors.toList());
    } else if (e instanceof StoreUnavailableException) {
      LOG.warn("A store is unavailable while handling {} {}", ctx.method(), route(ctx), e);
      detail = "The service is temporarily unavailable. Try again shortly.";
      ctx.header("Retry-After", OUTAGE_RETRY_AFTER);
    } else if (e instanceof InvalidTokenException invalid) {
      LOG.debug("Rejected a {} token: {}", invalid.kind(), invalid.reason());
    } else if (e instanceof TooManyRequestsException tooMany) {
      RateLimitHeaders.of(tooMany).forEach(ctx::header);
    } else if (e instanceof OverloadedException overloaded) {
      ctx.header("Retry-After", RateLimitHeaders.retryAfter(overloaded.retryAfter()));
    } else if (e instanceof HookFailedException failed) {
      LOG.error("The extension {} failed while handling {} {} (request_id={})", failed.hook(), ctx.method(),
          route(ctx), RequestScope.requestId(ctx), failed.getCause() != null ? failed.getCause() : failed);
    } else if (e instanceof RefusedByHookException refused) {
      write(ctx, e.code(), detail, null, refused.reason());
      return;
    }
    write(ctx, e.code(), detail, errors);
  }

  void oauth(OAuthError e, Context ctx) {
    TokenResponse.noStore(ctx);
    e.headers().forEach(ctx::header);
    ctx.status(e.status()).json(e.body());
  }

  /** Javalin's own: no route (404), a route without this method (405), a body over Javalin's limit (413), others. */
  void javalin(HttpResponseException e, Context ctx) {
    switch (e.getStatus()) {
      case 404:
        write(ctx, ErrorCode.NOT_FOUND.code(), "There is no resource at this path.", null);
        break;
      case 405:
        Set<String> allowed = routes.allowed(ctx.path());
        if (!allowed.isEmpty()) {
          ctx.header("Allow", String.join(", ", allowed));
        }
        write(ctx, TransportCode.METHOD_NOT_ALLOWED.code(), "This path does not support " + ctx.method() + ".", null);
        break;
      case 413:
        write(ctx, TransportCode.PAYLOAD_TOO_LARGE.code(), "The request body is too large.", null);
        break;
      default:
        if (e.getStatus() >= 500) {
          unexpected(e, ctx);
        } else {
          write(ctx, TransportCode.BAD_REQUEST.code(), "The request cannot be processed.", null);
        }
    }
  }

  void unexpected(Exception e, Context ctx) {
    LOG.error("Unexpected failure while handling {} {} (request_id={})", ctx.method(), route(ctx),
        RequestScope.requestId(ctx), e);
    write(ctx, TransportCode.INTERNAL_ERROR.code(), INTERNAL_DETAIL, null);
  }

  /** For a {@link java.lang.Error} thrown by a handler, where Javalin hands over only the servlet response. */
  void fatal(HttpServletResponse res, Error error) {
    String requestId = res.getHeader(RequestScope.REQUEST_ID_HEADER);
    LOG.error("Fatal error while handling a request (request_id={})", requestId, error);
    if (res.isCommitted()) {
      return;
    }
    try {
      res.setStatus(500);
      res.setContentType(PROBLEM_JSON);
      res.getOutputStream().write(
          mapper.writeValueAsBytes(Problems.of(TransportCode.INTERNAL_ERROR.code(), INTERNAL_DETAIL, requestId, null)));
    } catch (IOException ignored) {
      // the client is gone; nothing left to tell it
    }
  }

  private void write(Context ctx, String code, String detail, List<Problem.FieldError> errors) {
    write(ctx, code, detail, errors, null);
  }

  private void write(Context ctx, String code, String detail, List<Problem.FieldError> errors, String reason) {
    int status = Problems.status(code);
    if (status == 401) {
      ctx.header("WWW-Authenticate", code.equals(ErrorCode.INVALID_TOKEN.code())
          ? "Bearer realm=\"keyhold\", error=\"invalid_token\""
          : "Bearer realm=\"keyhold\"");
    }
    Problem problem = Problems.of(code, detail, RequestScope.requestId(ctx), errors, reason);
    try {
      ctx.status(status).contentType(PROBLEM_JSON).result(mapper.writeValueAsBytes(problem));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize a problem", e);
    }
  }

  static String route(Context ctx) {
    Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
    return endpoint == null ? RequestScope.NO_ROUTE : endpoint.path;
  }

  static String normalize(String path) {
    return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }
}
