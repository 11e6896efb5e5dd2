package dev.keyhold.adapter.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Answers the requests Jetty rejects before Javalin sees them (an unparseable URI, oversized headers) with
 * problem+json and a request id too, instead of Jetty's HTML error page.
 */
final class TransportErrorHandler extends ErrorHandler {

  private final ObjectMapper mapper;

  TransportErrorHandler(ObjectMapper mapper) {
    this.mapper = mapper;
    setShowStacks(false);
    setShowCauses(false);
  }

  /**
   * Every method gets the problem: Jetty by default writes an error body only for GET, POST and HEAD, so a PATCH or a
   * DELETE with oversized headers got a 431 with no body at all.
   */
  @Override
  public boolean errorPageForMethod(String method) {
    return true;
  }

  @Override
  protected void generateResponse(
      Request request, Response response, int status, String message, Throwable cause, Callback callback) {
    String requestId = RequestScope.requestId(request.getHeaders().get(RequestScope.REQUEST_ID_HEADER));
    String code = Problems.codeForStatus(status).code();
    Problem problem = new Problem(Problems.TYPE_PREFIX + code, Problems.title(code), status,
        "The request could not be read.", code, requestId, null, null);
    byte[] body;
    try {
      body = mapper.writeValueAsBytes(problem);
    } catch (JsonProcessingException e) {
      callback.failed(e);
      return;
    }
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, ErrorResponses.PROBLEM_JSON);
    response.getHeaders().put(RequestScope.REQUEST_ID_HEADER, requestId);
    response.getHeaders().put("X-Content-Type-Options", "nosniff");
    response.write(true, ByteBuffer.wrap(body), callback);
  }
}
