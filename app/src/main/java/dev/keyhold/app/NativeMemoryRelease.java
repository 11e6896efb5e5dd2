package dev.keyhold.app;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;
import dev.keyhold.identity.model.user.PasswordHash;
import dev.keyhold.identity.spi.PasswordHasher;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A password hasher that gives the C heap's free memory back to the operating system once hashing has rested for a
 * while. Argon2id's native library takes its memory (19 MiB per hash by default) from {@code malloc}; glibc keeps
 * freed blocks that large in its arenas once its dynamic mmap threshold has risen past them, so a server that has
 * hashed a few passwords holds some 40 MiB it no longer uses (measured: two hashing threads, two arenas). Releasing
 * after every hash would make the next one fault its memory in again; releasing when hashing goes quiet costs nothing
 * under a login flood and returns the memory under every other load.
 *
 * <p>The release is glibc's {@code malloc_trim(0)}, called through JNA (which argon2-jvm loads anyway); where there is
 * no glibc (another libc, another system) it is a no-op.
 */
final class NativeMemoryRelease implements PasswordHasher {

  private static final Logger LOG = LoggerFactory.getLogger(NativeMemoryRelease.class);
  /** How long hashing rests before the release. */
  static final Duration QUIET = Duration.ofSeconds(1);

  private final PasswordHasher delegate;
  private final Duration quiet;
  private final BooleanSupplier release;
  private final ScheduledExecutorService scheduler;
  private int hashing;
  private ScheduledFuture<?> pending;

  /**
   * @param release gives free native memory back; answers whether there was any to give
   * @param scheduler runs {@code release}; one thread is enough
   */
  NativeMemoryRelease(PasswordHasher delegate, Duration quiet, BooleanSupplier release,
      ScheduledExecutorService scheduler) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.quiet = Objects.requireNonNull(quiet, "quiet");
    this.release = Objects.requireNonNull(release, "release");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
  }

  /**
   * {@code delegate}, releasing through glibc's {@code malloc_trim} on one daemon thread shared by the process (the
   * C heap is the process's), or {@code delegate} itself where there is no glibc.
   */
  static PasswordHasher forThisProcess(PasswordHasher delegate) {
    return GlibcTrim.AVAILABLE ? new NativeMemoryRelease(delegate, QUIET, GlibcTrim::trim, GlibcTrim.SCHEDULER)
        : delegate;
  }

  @Override
  public PasswordHash hash(String password) {
    started();
    try {
      return delegate.hash(password);
    } finally {
      finished();
    }
  }

  @Override
  public boolean verify(PasswordHash hash, String password) {
    started();
    try {
      return delegate.verify(hash, password);
    } finally {
      finished();
    }
  }

  @Override
  public boolean needsRehash(PasswordHash hash) {
    return delegate.needsRehash(hash);
  }

  /** The delegate's. */
  @Override
  public PasswordHash unmatchable() {
    return delegate.unmatchable();
  }

  private synchronized void started() {
    hashing++;
    if (pending != null) {
      pending.cancel(false);
      pending = null;
    }
  }

  private synchronized void finished() {
    hashing--;
    if (hashing == 0) {
      try {
        pending = scheduler.schedule(this::releaseIfQuiet, quiet.toMillis(), TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException stopped) {
        pending = null;
      }
    }
  }

  private void releaseIfQuiet() {
    synchronized (this) {
      if (hashing > 0 || pending == null) {
        return;
      }
      pending = null;
    }
    try {
      release.getAsBoolean();
    } catch (RuntimeException | LinkageError e) {
      LOG.warn("Could not give free native memory back to the system", e);
    }
  }

  /** glibc's {@code malloc_trim}, when this process runs on glibc. */
  private static final class GlibcTrim {

    private static final Function MALLOC_TRIM = find();
    static final boolean AVAILABLE = MALLOC_TRIM != null;
    static final ScheduledExecutorService SCHEDULER = AVAILABLE ? Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "keyhold-native-memory-release");
      thread.setDaemon(true);
      return thread;
    }) : null;

    /** {@code malloc_trim(0)}: true when it gave memory back. */
    static boolean trim() {
      // size_t is a C unsigned long on Linux, which NativeLong is
      return MALLOC_TRIM.invokeInt(new Object[] {new NativeLong(0)}) == 1;
    }

    private static Function find() {
      if (!Platform.isLinux()) {
        return null;
      }
      try {
        return NativeLibrary.getInstance(Platform.C_LIBRARY_NAME).getFunction("malloc_trim");
      } catch (UnsatisfiedLinkError | RuntimeException e) {
        LOG.debug("No malloc_trim in this process's C library; free native memory stays with it", e);
        return null;
      }
    }
  }
}
