package dev.keyhold.app.webhook;

import dev.keyhold.identity.model.event.IdentityEvent;
import dev.keyhold.identity.spi.IdentityEventListener;
import dev.keyhold.identity.spi.KeyholdPlugin;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signed webhooks, built only on the public extension surface: a {@link KeyholdPlugin} whose event listener stores
 * each wanted event in a durable outbox (after the change it describes committed), and a dispatcher that posts due
 * deliveries, signed per the Standard Webhooks convention, retrying with exponential backoff.
 */
public final class Webhooks implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Webhooks.class);
  private static final int MAX_BATCHES_PER_ROUND = 20;

  private final WebhookSettings settings;
  private final WebhookOutbox outbox;
  private final WebhookDispatcher dispatcher;
  private final Clock clock;
  private ScheduledExecutorService scheduler;

  private Webhooks(WebhookSettings settings, WebhookOutbox outbox, Clock clock) {
    this.settings = settings;
    this.outbox = outbox;
    this.clock = clock;
    this.dispatcher = new WebhookDispatcher(outbox, settings, clock);
  }

  /** Webhooks whose outbox is the {@code webhook_outbox} table of the PostgreSQL behind {@code dataSource}. */
  public static Webhooks inPostgres(WebhookSettings settings, DataSource dataSource, Clock clock) {
    return new Webhooks(Objects.requireNonNull(settings, "settings"), new PostgresWebhookOutbox(dataSource), clock);
  }

  /** The plugin to register with {@code Keyhold.builder().plugin(..)}: it adds the listener that fills the outbox. */
  public KeyholdPlugin plugin() {
    IdentityEventListener listener = this::enqueue;
    String receiver = settings.url().getScheme() + "://" + settings.url().getAuthority();
    return new KeyholdPlugin() {
      @Override
      public String name() {
        return "webhooks to " + receiver;
      }

      @Override
      public void register(Registry registry) {
        registry.listener(listener);
      }
    };
  }

  private void enqueue(IdentityEvent event) {
    if (settings.wants(event.type())) {
      outbox.enqueue(event.id(), event.type(), EventJson.of(event), clock.instant());
    }
  }

  /** Posts the deliveries due now, one batch; returns how many were attempted. */
  public int deliverDue() {
    return dispatcher.deliverDue();
  }

  /** How many deliveries wait (neither delivered nor given up). */
  public long backlog() {
    return outbox.backlog();
  }

  /** Delivers in the background, every second, on a daemon thread, until {@link #close()}. */
  public synchronized void start() {
    if (scheduler != null) {
      return;
    }
    scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "keyhold-webhooks");
      thread.setDaemon(true);
      return thread;
    });
    scheduler.scheduleWithFixedDelay(() -> {
      try {
        for (int batch = 0; batch < MAX_BATCHES_PER_ROUND; batch++) {
          if (dispatcher.deliverDue() < WebhookDispatcher.BATCH_SIZE) {
            break;
          }
        }
      } catch (RuntimeException e) {
        LOG.warn("Webhook delivery round failed; will retry: {}", e.getMessage());
      }
    }, 1, 1, TimeUnit.SECONDS);
  }

  @Override
  public synchronized void close() {
    if (scheduler != null) {
      scheduler.shutdown();
      try {
        scheduler.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
