package dev.keyhold.identity.core;

import dev.keyhold.identity.error.StoreUnavailableException;
import dev.keyhold.identity.spi.EphemeralStore;
import dev.keyhold.identity.spi.LockoutStore;
import dev.keyhold.identity.spi.ProtectionStores;
import dev.keyhold.identity.spi.RateLimiter;
import java.io.IOException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Protection stores that fail on demand: the chosen operations throw {@link StoreUnavailableException}, as an adapter
 * does when Redis is down, and the others reach the real stores underneath.
 */
public final class FailingProtectionStores implements ProtectionStores {

  /** The operations that can be made to fail. */
  public enum Operation { ACQUIRE, GET, REPLACE, RESET, EPHEMERAL }

  private final ProtectionStores delegate;
  private final Set<Operation> failing = ConcurrentHashMap.newKeySet();

  public FailingProtectionStores(ProtectionStores delegate) {
    this.delegate = delegate;
  }

  /** From now on these operations fail. */
  public void fail(Operation... operations) {
    failing.addAll(List.of(operations));
  }

  /** From now on every operation fails, and the stores are not ready. */
  public void failEverything() {
    failing.addAll(EnumSet.allOf(Operation.class));
  }

  /** The stores work again. */
  public void recover() {
    failing.clear();
  }

  private void maybeFail(Operation operation) {
    if (failing.contains(operation)) {
      throw new StoreUnavailableException("protection store down (test)", new IOException("refused"));
    }
  }

  @Override
  public RateLimiter rateLimiter() {
    return (key, limit, now) -> {
      maybeFail(Operation.ACQUIRE);
      return delegate.rateLimiter().acquire(key, limit, now);
    };
  }

  @Override
  public LockoutStore lockouts() {
    LockoutStore lockouts = delegate.lockouts();
    return new LockoutStore() {
      @Override
      public Optional<State> get(String key) {
        maybeFail(Operation.GET);
        return lockouts.get(key);
      }

      @Override
      public boolean replace(String key, long expectedVersion, State next, Duration ttl) {
        maybeFail(Operation.REPLACE);
        return lockouts.replace(key, expectedVersion, next, ttl);
      }

      @Override
      public void reset(String key) {
        maybeFail(Operation.RESET);
        lockouts.reset(key);
      }
    };
  }

  @Override
  public EphemeralStore ephemeral() {
    EphemeralStore ephemeral = delegate.ephemeral();
    return new EphemeralStore() {
      @Override
      public void put(String key, String value, Duration ttl) {
        maybeFail(Operation.EPHEMERAL);
        ephemeral.put(key, value, ttl);
      }

      @Override
      public Optional<String> take(String key) {
        maybeFail(Operation.EPHEMERAL);
        return ephemeral.take(key);
      }
    };
  }

  @Override
  public boolean isReady() {
    return failing.isEmpty() && delegate.isReady();
  }
}
