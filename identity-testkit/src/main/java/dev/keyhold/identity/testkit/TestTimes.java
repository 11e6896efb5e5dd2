package dev.keyhold.identity.testkit;

import java.time.Instant;

/**
 * Fixed instants for test data. They carry microseconds, the finest precision PostgreSQL keeps, so a store that
 * rounds or truncates further fails the round-trip tests; contracts never read the wall clock.
 */
public final class TestTimes {

  /** {@code 2026-01-02T03:04:05.123456Z}: the start of every test's timeline. */
  public static final Instant T0 = Instant.parse("2026-01-02T03:04:05.123456Z");

  private TestTimes() {}
}
