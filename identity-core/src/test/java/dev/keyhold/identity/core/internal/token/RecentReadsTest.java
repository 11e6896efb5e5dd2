package dev.keyhold.identity.core.internal.token;

import static dev.keyhold.identity.testkit.TestTimes.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyhold.identity.testkit.MutableClock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RecentReadsTest {

  private final MutableClock clock = new MutableClock(T0);
  private final RecentReads<String, String> reads = new RecentReads<>(Duration.ofSeconds(1), clock, 3);
  private final AtomicInteger storeReads = new AtomicInteger();

  private String read(String key) {
    return key + "#" + storeReads.incrementAndGet();
  }

  @Test
  void a_value_is_read_once_per_ttl() {
    assertThat(reads.get("ada", this::read)).isEqualTo("ada#1");
    clock.advance(Duration.ofMillis(999));
    assertThat(reads.get("ada", this::read)).isEqualTo("ada#1");
    clock.advance(Duration.ofMillis(1));
    assertThat(reads.get("ada", this::read)).isEqualTo("ada#2");
  }

  @Test
  void forgetting_a_key_makes_the_next_get_read_the_store() {
    reads.get("ada", this::read);

    reads.forget("ada");

    assertThat(reads.get("ada", this::read)).isEqualTo("ada#2");
  }

  @Test
  void a_read_that_raced_a_forget_is_not_kept() {
    String raced = reads.get("ada", key -> {
      String value = read(key);
      reads.forget("ada"); // the change lands while the read is under way
      return value;
    });

    assertThat(raced).isEqualTo("ada#1");
    assertThat(reads.get("ada", this::read)).as("read again, not the raced value").isEqualTo("ada#2");
  }

  @Test
  void a_read_that_throws_leaves_nothing_behind() {
    assertThatThrownBy(() -> reads.get("ada", key -> {
      throw new IllegalStateException("store down");
    })).isInstanceOf(IllegalStateException.class);

    assertThat(reads.get("ada", this::read)).isEqualTo("ada#1");
  }

  @Test
  void past_the_bound_everything_is_forgotten_and_with_a_zero_ttl_nothing_is_kept() {
    reads.get("a", this::read);
    reads.get("b", this::read);
    reads.get("c", this::read);
    reads.get("d", this::read);
    assertThat(reads.get("a", this::read)).isEqualTo("a#5");

    RecentReads<String, String> none = new RecentReads<>(Duration.ZERO, clock, 3);
    none.get("a", this::read);
    assertThat(none.get("a", this::read)).isEqualTo("a#7");
  }
}
