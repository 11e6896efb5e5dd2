package dev.keyhold.identity.core.internal.extension;

import dev.keyhold.identity.error.HookFailedException;
import dev.keyhold.identity.error.IdentityException;
import dev.keyhold.identity.error.RefusedByHookException;
import dev.keyhold.identity.error.ValidationException;
import dev.keyhold.identity.model.hook.ClaimsRequest;
import dev.keyhold.identity.model.hook.PasswordCandidate;
import dev.keyhold.identity.model.hook.RegistrationAttempt;
import dev.keyhold.identity.model.hook.SignInAttempt;
import dev.keyhold.identity.model.hook.Verdict;
import dev.keyhold.identity.spi.PasswordRule;
import dev.keyhold.identity.spi.RegistrationCheck;
import dev.keyhold.identity.spi.SignInCheck;
import dev.keyhold.identity.spi.TokenClaimsCustomizer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the operator's hooks where the use cases ask for them, in the order they were registered, each bounded by
 * {@link #timeout}: a hook that throws, runs past it or answers something invalid becomes a
 * {@link HookFailedException} naming it, before the use case has written anything. With no hook of a kind
 * registered, asking costs nothing (no thread, no allocation beyond the request object).
 *
 * <p>Hooks run on a pool of daemon threads, so that a stuck one can be abandoned at its timeout (and interrupted);
 * the request's thread waits for it.
 */
public final class Hooks {

  /** The default bound on one hook's run. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

  private static final Hooks NONE = new Hooks(List.of(), List.of(), List.of(), List.of(), DEFAULT_TIMEOUT);

  private final List<PasswordRule> passwordRules;
  private final List<RegistrationCheck> registrationChecks;
  private final List<SignInCheck> signInChecks;
  private final List<TokenClaimsCustomizer> claimsCustomizers;
  private final Duration timeout;
  private final ExecutorService pool;

  public Hooks(List<PasswordRule> passwordRules, List<RegistrationCheck> registrationChecks,
      List<SignInCheck> signInChecks, List<TokenClaimsCustomizer> claimsCustomizers, Duration timeout) {
    this.passwordRules = List.copyOf(passwordRules);
    this.registrationChecks = List.copyOf(registrationChecks);
    this.signInChecks = List.copyOf(signInChecks);
    this.claimsCustomizers = List.copyOf(claimsCustomizers);
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    boolean any = !this.passwordRules.isEmpty() || !this.registrationChecks.isEmpty()
        || !this.signInChecks.isEmpty() || !this.claimsCustomizers.isEmpty();
    this.pool = any ? Executors.newCachedThreadPool(daemonThreads()) : null;
  }

  /** Hooks of no kind. */
  public static Hooks none() {
    return NONE;
  }

  /**
   * Passes when every rule accepts {@code candidate}; else a {@code validation_failed} violation on {@code field}
   * with the first refusing rule's reason and message.
   */
  public void checkPassword(PasswordCandidate candidate, String field) {
    for (PasswordRule rule : passwordRules) {
      Verdict verdict = run(rule, () -> rule.check(candidate));
      if (!verdict.accepted()) {
        throw ValidationException.of(field, verdict.reason(), verdict.message());
      }
    }
  }

  /** Passes when every check accepts; else {@code registration_refused} with the first refusal's reason. */
  public void checkRegistration(RegistrationAttempt attempt) {
    for (RegistrationCheck check : registrationChecks) {
      Verdict verdict = run(check, () -> check.check(attempt));
      if (!verdict.accepted()) {
        throw RefusedByHookException.registration(verdict.reason(), verdict.message());
      }
    }
  }

  /** Passes when every check accepts; else {@code sign_in_refused} with the first refusal's reason. */
  public void checkSignIn(SignInAttempt attempt) {
    for (SignInCheck check : signInChecks) {
      Verdict verdict = run(check, () -> check.check(attempt));
      if (!verdict.accepted()) {
        throw RefusedByHookException.signIn(verdict.reason(), verdict.message());
      }
    }
  }

  /** Whether any sign-in check is registered (callers skip building the attempt otherwise). */
  public boolean checksSignIn() {
    return !signInChecks.isEmpty();
  }

  /** Whether any claims customizer is registered. */
  public boolean customizesClaims() {
    return !claimsCustomizers.isEmpty();
  }

  /**
   * The custom claims of every customizer, merged in order (a later one may replace an earlier one's claim).
   *
   * @throws HookFailedException when a customizer sets a reserved claim or a value that is not JSON, or when they
   *     take more than {@link ClaimsRequest#MAX_CUSTOM_CLAIMS_BYTES} together
   */
  public Map<String, Object> claims(ClaimsRequest request) {
    if (claimsCustomizers.isEmpty()) {
      return Map.of();
    }
    Map<String, Object> merged = new LinkedHashMap<>();
    for (TokenClaimsCustomizer customizer : claimsCustomizers) {
      Map<String, Object> added = run(customizer, () -> customizer.claims(request));
      for (Map.Entry<String, Object> claim : added.entrySet()) {
        String name = claim.getKey();
        if (name == null || name.isEmpty() || ClaimsRequest.RESERVED.contains(name)) {
          throw new HookFailedException(nameOf(customizer), "it set the reserved claim " + name, null);
        }
        if (!ClaimValues.isJson(claim.getValue())) {
          throw new HookFailedException(nameOf(customizer), "the claim " + name + " is not a JSON value", null);
        }
        merged.put(name, claim.getValue());
      }
      if (ClaimValues.size(merged) > ClaimsRequest.MAX_CUSTOM_CLAIMS_BYTES) {
        throw new HookFailedException(nameOf(customizer), "the custom claims take more than "
            + ClaimsRequest.MAX_CUSTOM_CLAIMS_BYTES + " bytes", null);
      }
    }
    return merged;
  }

  /**
   * {@code call}'s answer, within the timeout. Keyhold's own rejections pass through (a hook may throw one, such as a
   * {@code ValidationException}); anything else, a {@code null} answer or the timeout fails with {@code hook_failed}.
   */
  private <T> T run(Object hook, Callable<T> call) {
    Future<T> future = pool.submit(call);
    try {
      T answer = future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      if (answer == null) {
        throw new HookFailedException(nameOf(hook), "it answered null", null);
      }
      return answer;
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new HookFailedException(nameOf(hook), "it ran longer than " + timeout.toMillis() + " ms", null);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IdentityException identity) {
        throw identity;
      }
      throw new HookFailedException(nameOf(hook), "it threw " + e.getCause().getClass().getSimpleName(),
          e.getCause());
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new HookFailedException(nameOf(hook), "the request was interrupted while it ran", e);
    }
  }

  static String nameOf(Object hook) {
    return hook.getClass().getName();
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "keyhold-hook-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
