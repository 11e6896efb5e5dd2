package dev.keyhold.adapter.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** An RFC 9457 problem details document, with Keyhold's {@code code} and {@code request_id} extensions. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Problem(
    String type, String title, int status, String detail, String code, String requestId, List<FieldError> errors,
    String reason) {

  /** One invalid input field, for {@code validation_failed}. */
  record FieldError(String field, String code, String message) {}
}
