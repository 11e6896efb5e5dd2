package dev.keyhold.adapter.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class MemoryOrderTest {

  @Test
  void uuids_sort_by_unsigned_bytes_like_postgresql() {
    UUID highBitSet = UUID.fromString("80000000-0000-4000-8000-000000000000");
    UUID low = UUID.fromString("01000000-0000-4000-8000-000000000000");

    assertThat(MemoryOrder.UUIDS.compare(low, highBitSet)).isNegative();
    assertThat(MemoryOrder.UUIDS.compare(
        UUID.fromString("00000000-0000-4000-0000-000000000001"),
        UUID.fromString("00000000-0000-4000-8000-000000000001"))).isNegative();
    assertThat(MemoryOrder.UUIDS.compare(low, UUID.fromString(low.toString()))).isZero();
  }

  @Test
  void text_sorts_by_code_point_like_a_binary_utf8_collation() {
    String replacementCharacter = "\ufffd";
    String emoji = "\ud83d\ude00";

    assertThat(MemoryOrder.CODE_POINTS.compare(replacementCharacter, emoji)).isNegative();
    assertThat(MemoryOrder.CODE_POINTS.compare("a-c", "ab")).isNegative();
    assertThat(MemoryOrder.CODE_POINTS.compare("ab", "abc")).isNegative();
    assertThat(MemoryOrder.CODE_POINTS.compare("abc", "ab")).isPositive();
    assertThat(MemoryOrder.CODE_POINTS.compare("ab", "ab")).isZero();
  }
}
