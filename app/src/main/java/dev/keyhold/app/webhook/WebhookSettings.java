package dev.keyhold.app.webhook;

import dev.keyhold.identity.model.event.IdentityEvent;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Where and how events are delivered as webhooks ({@code WEBHOOK_*}).
 *
 * @param url the receiver, http(s) without user info or fragment
 * @param secret signs every delivery
 * @param events the event types delivered ({@link IdentityEvent#types()}); empty for every type
 * @param allowPrivate whether the receiver may be on a private, loopback or link-local address
 * @param httpsOnly whether plain http is refused (production)
 */
public record WebhookSettings(URI url, WebhookSecret secret, Set<String> events, boolean allowPrivate,
    boolean httpsOnly) {

  public WebhookSettings {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(secret, "secret");
    events = Set.copyOf(events);
  }

  /** Whether events of {@code type} are delivered. */
  public boolean wants(String type) {
    return events.isEmpty() || events.contains(type);
  }

  /** An absolute http(s) URL with a host, no user info and no fragment. */
  public static URI url(String value) {
    try {
      URI uri = new URI(value);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null && uri.getRawUserInfo() == null
          && uri.getRawFragment() == null) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    throw new IllegalArgumentException("expected an absolute http(s) URL without user info or fragment");
  }

  /** Comma-separated event types, each one of {@link IdentityEvent#types()}; at least one. */
  public static Set<String> eventTypes(String value) {
    Set<String> types = Arrays.stream(value.split(",")).map(String::strip).filter(v -> !v.isEmpty())
        .collect(Collectors.toCollection(TreeSet::new));
    Set<String> unknown = new TreeSet<>(types);
    unknown.removeAll(IdentityEvent.types());
    if (types.isEmpty() || !unknown.isEmpty()) {
      throw new IllegalArgumentException((types.isEmpty() ? "expected event types" : "unknown event types " + unknown)
          + " (known: " + String.join(", ", new TreeSet<>(IdentityEvent.types())) + ")");
    }
    return types;
  }
}
