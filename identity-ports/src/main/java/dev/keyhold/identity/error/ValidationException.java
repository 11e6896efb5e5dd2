package dev.keyhold.identity.error;

import java.util.List;
import java.util.Objects;

/** Input that breaks a rule: code {@code validation_failed}, with one {@link Violation} per broken rule. */
public final class ValidationException extends IdentityException {

  /**
   * One broken rule.
   *
   * @param field the input field, in the API's snake_case, or {@code ""} for the whole input
   * @param code a stable code for the rule, for example {@code password_too_short}
   * @param message a human-readable explanation
   */
  public record Violation(String field, String code, String message) {
    public Violation {
      Objects.requireNonNull(field, "field");
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(message, "message");
    }
  }

  private final List<Violation> violations;

  public ValidationException(List<Violation> violations) {
    super(ErrorCode.VALIDATION_FAILED, summary(violations));
    this.violations = List.copyOf(violations);
  }

  public static ValidationException of(String field, String code, String message) {
    return new ValidationException(List.of(new Violation(field, code, message)));
  }

  public List<Violation> violations() {
    return violations;
  }

  private static String summary(List<Violation> violations) {
    if (violations.isEmpty()) {
      throw new IllegalArgumentException("a validation failure needs at least one violation");
    }
    return violations.size() == 1 ? violations.get(0).message() : "The request has " + violations.size() + " invalid fields.";
  }
}
