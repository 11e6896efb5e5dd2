package dev.keyhold.identity.model.hook;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A hook's answer to a registration or a sign-in: go ahead, or refuse with a reason of the operator's.
 *
 * @param reason {@code null} to accept; else a short code ({@value #REASON_PATTERN}) that the refusal's problem carries
 *     as {@code reason}, for example {@code domain_not_allowed}
 * @param message for a refusal, the sentence shown to the person ({@value #MAX_MESSAGE_LENGTH} characters at most)
 */
public record Verdict(String reason, String message) {

  /** What a refusal's reason looks like: lower-case words joined by underscores. */
  public static final String REASON_PATTERN = "[a-z][a-z0-9_]{0,39}";
  /** The longest refusal message. */
  public static final int MAX_MESSAGE_LENGTH = 200;

  private static final Pattern REASON = Pattern.compile(REASON_PATTERN);
  private static final Verdict ACCEPT = new Verdict(null, null);

  public Verdict {
    if (reason != null) {
      if (!REASON.matcher(reason).matches()) {
        throw new IllegalArgumentException("a refusal's reason must match " + REASON_PATTERN + ": " + reason);
      }
      Objects.requireNonNull(message, "message");
      if (message.isBlank() || message.length() > MAX_MESSAGE_LENGTH) {
        throw new IllegalArgumentException("a refusal's message is 1 to " + MAX_MESSAGE_LENGTH + " characters");
      }
    } else if (message != null) {
      throw new IllegalArgumentException("an acceptance carries no message");
    }
  }

  public static Verdict accept() {
    return ACCEPT;
  }

  public static Verdict refuse(String reason, String message) {
    return new Verdict(Objects.requireNonNull(reason, "reason"), message);
  }

  public boolean accepted() {
    return reason == null;
  }
}
