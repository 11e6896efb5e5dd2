package dev.keyhold.identity.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyhold.identity.error.ConflictException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Assertions on {@link ConflictException}s and their codes. */
final class Conflicts {

  private Conflicts() {}

  /** Asserts that {@code call} throws a {@link ConflictException} with {@code code}. */
  static void assertConflict(ThrowingCallable call, String code) {
    assertThatThrownBy(call).isInstanceOfSatisfying(ConflictException.class,
        conflict -> assertThat(conflict.code()).isEqualTo(code));
  }

  /** Asserts that {@code failure} is a {@link ConflictException} with {@code code}. */
  static void assertConflict(Throwable failure, String code) {
    assertThat(failure).isInstanceOfSatisfying(ConflictException.class,
        conflict -> assertThat(conflict.code()).isEqualTo(code));
  }
}
