package dev.keyhold.adapter.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyhold.identity.error.ProviderUnavailableException;
import dev.keyhold.identity.spi.IdentityProvider;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The discovery document is fetched once, kept for an hour, and served stale while the provider is down. */
class DiscoveryCacheTest {

  private static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

  private final TestClock clock = new TestClock();
  private StubProvider stub;
  private IdentityProvider provider;

  @BeforeEach
  void start() {
    stub = new StubProvider();
    provider = OidcProviders.generic(stub.settings(), clock);
  }

  @AfterEach
  void stop() {
    stub.close();
  }

  private void authorize() {
    provider.authorizationUrl(StubProvider.REDIRECT_URI, "state", "nonce", CHALLENGE);
  }

  @Test
  void the_document_is_fetched_once_while_fresh() {
    authorize();
    clock.advance(Discovery.METADATA_TIME_TO_LIVE.minusSeconds(1));
    authorize();

    assertThat(stub.discoveryFetches).hasValue(1);
  }

  @Test
  void the_document_is_fetched_again_when_stale() {
    authorize();
    stub.discoveryOverrides = Map.of("authorization_endpoint", stub.issuer() + "/v2/authorize");
    clock.advance(Discovery.METADATA_TIME_TO_LIVE);

    assertThat(provider.authorizationUrl(StubProvider.REDIRECT_URI, "s", "n", CHALLENGE).getPath())
        .isEqualTo("/v2/authorize");
    assertThat(stub.discoveryFetches).hasValue(2);
  }

  @Test
  void a_stale_document_is_served_while_the_provider_is_down_and_retried_each_minute() {
    authorize();
    stub.discoveryAnswer = new StubProvider.Answer(503, "down");
    clock.advance(Discovery.METADATA_TIME_TO_LIVE);

    authorize();
    assertThat(stub.discoveryFetches).hasValue(2);
    clock.advance(Discovery.RETRY_WHILE_STALE.minusSeconds(1));
    authorize();
    assertThat(stub.discoveryFetches).as("no retry within the minute").hasValue(2);
    clock.advance(Duration.ofSeconds(1));
    authorize();
    assertThat(stub.discoveryFetches).hasValue(3);
  }

  @Test
  void without_a_document_every_attempt_asks_the_provider() {
    stub.discoveryAnswer = new StubProvider.Answer(503, "down");

    assertThatThrownBy(this::authorize).isInstanceOf(ProviderUnavailableException.class);
    assertThatThrownBy(this::authorize).isInstanceOf(ProviderUnavailableException.class);
    assertThat(stub.discoveryFetches).hasValue(2);
  }

  /** A clock the test moves. */
  private static final class TestClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }
}
