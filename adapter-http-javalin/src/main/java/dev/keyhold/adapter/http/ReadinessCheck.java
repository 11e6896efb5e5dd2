package dev.keyhold.adapter.http;

import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

/**
 * One dependency {@code /health/ready} reports on, by name.
 *
 * @param name how the check is named in the answer, lower case ({@code postgres}, {@code redis}, {@code migrations})
 * @param required whether the node is unready while this check fails; an optional one is reported but does not turn
 *     the answer to 503 (Redis with {@code REDIS_FAILURE_MODE=open}, say)
 * @param check answers true when the dependency is usable; an exception, or no answer within the timeout, counts as
 *     false
 */
public record ReadinessCheck(String name, boolean required, BooleanSupplier check) {

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,31}");

  public ReadinessCheck {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(check, "check");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("a check name is lower case letters, digits and _: " + name);
    }
  }

  /** A check the node cannot be ready without. */
  public static ReadinessCheck required(String name, BooleanSupplier check) {
    return new ReadinessCheck(name, true, check);
  }

  /** A check that is reported but does not make the node unready. */
  public static ReadinessCheck optional(String name, BooleanSupplier check) {
    return new ReadinessCheck(name, false, check);
  }
}
