package dev.keyhold.client;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Keyhold answered with a problem ({@code application/problem+json}, RFC 9457): the one exception type every
 * {@link KeyholdClient} call throws for a refusal, carrying the stable {@link #code()} to branch on
 * ({@code invalid_credentials}, {@code token_reused}, {@code validation_failed}, ...; docs/api.md lists them), the
 * HTTP status, the human-readable {@code detail}, the {@code request_id} to quote to Keyhold's operators, the field
 * errors of a {@code validation_failed}, and {@code Retry-After} when the answer had one.
 *
 * <p>An answer that is not a problem document (a proxy's HTML error page, say) has the code {@value #UNEXPECTED}.
 * The message holds the method, the path, the status, the code and the detail: never a token or a body sent.
 */
public final class KeyholdApiException extends RuntimeException {

  /** The code of an error answer that was not a Keyhold problem document. */
  public static final String UNEXPECTED = "unexpected_response";

  private final int status;
  private final String code;
  private final String detail;
  private final String requestId;
  private final List<FieldError> errors;
  private final Duration retryAfter;

  /** One invalid input field of a {@code validation_failed} problem; {@code field} is {@code ""} for the whole body. */
  public record FieldError(String field, String code, String message) {
    public FieldError {
      Objects.requireNonNull(field, "field");
      Objects.requireNonNull(code, "code");
    }
  }

  KeyholdApiException(String request, int status, String code, String detail, String requestId,
      List<FieldError> errors, Duration retryAfter) {
    super(request + " answered " + status + " " + code + (detail == null ? "" : ": " + detail));
    this.status = status;
    this.code = Objects.requireNonNull(code, "code");
    this.detail = detail;
    this.requestId = requestId;
    this.errors = List.copyOf(errors);
    this.retryAfter = retryAfter;
  }

  /** The HTTP status, such as 401. */
  public int status() {
    return status;
  }

  /** The stable error code, such as {@code invalid_credentials}; {@value #UNEXPECTED} for a non-problem answer. */
  public String code() {
    return code;
  }

  /** The problem's {@code detail}, for people; may be {@code null}. Branch on {@link #code()}, never on this. */
  public String detail() {
    return detail;
  }

  /** The {@code request_id} Keyhold logged the request under (also its {@code X-Request-Id}), when known. */
  public Optional<String> requestId() {
    return Optional.ofNullable(requestId);
  }

  /** The field errors of a {@code validation_failed}; empty otherwise. */
  public List<FieldError> errors() {
    return errors;
  }

  /** How long to wait before trying again, from {@code Retry-After} (on 429 and 503 answers). */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
