package dev.keyhold.identity.model.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyhold.identity.model.ClientInfo;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditChainTest {

  private static final String ADA = "0a0a0000-0000-4000-8000-00000000000a";

  /** The first test vector of docs/security.md, computed there by an independent implementation of the format. */
  private static final AuditEvent FIRST = new AuditEvent("login.failed", "failure", null, ADA, null,
      new ClientInfo("203.0.113.7", "", "req-1"), Instant.parse("2026-01-02T03:04:05.123456Z"),
      Map.of("reason", "bad_password", "attempt", "3"));
  private static final String FIRST_HASH = "29eba3f16a01b82f9fd463a3d2bc41e781beec84a701e58ae7d882886bb4668a";

  /** The second test vector: keys whose code point order differs from Java's UTF-16 order, no request id. */
  private static final AuditEvent SECOND = new AuditEvent("login.succeeded", "success", ADA, ADA, null,
      new ClientInfo("2001:db8::1", "Caf\u00e9/1.0", null), Instant.parse("2026-01-02T03:04:06Z"),
      Map.of("session", "5e55", "\ud83d\udd11", "k", "\uff5e", "w"));
  private static final String SECOND_HASH = "e974f8b102f18e3b525c322dc808dda314daf902de33978191b00a3d9b521b33";

  @Test
  void the_canonical_form_is_the_documented_byte_string() {
    assertThat(HexFormat.of().formatHex(AuditChain.canonicalForm(AuditChain.GENESIS, 1, FIRST))).isEqualTo(
        "000000106b6579686f6c642e61756469742e7631"
            + "00000040" + "30".repeat(64)
            + "0000000000000001"
            + "0000000c6c6f67696e2e6661696c6564"
            + "000000076661696c757265"
            + "ffffffff"
            + "0000002430613061303030302d303030302d343030302d383030302d303030303030303030303061"
            + "ffffffff"
            + "0000000b3230332e302e3131332e37"
            + "00000000"
            + "000000057265712d31"
            + "0000001b323032362d30312d30325430333a30343a30352e3132333435365a"
            + "00000002"
            + "00000007617474656d7074" + "0000000133"
            + "00000006726561736f6e" + "0000000c6261645f70617373776f7264");
  }

  @Test
  void hashes_match_the_documented_test_vectors() {
    assertThat(AuditChain.hash(AuditChain.GENESIS, 1, FIRST)).isEqualTo(FIRST_HASH);
    assertThat(AuditChain.hash(FIRST_HASH, 2, SECOND)).isEqualTo(SECOND_HASH);
  }

  @Test
  void the_time_always_has_six_fraction_digits_in_utc() {
    String canonical = new String(AuditChain.canonicalForm(AuditChain.GENESIS, 2, SECOND),
        java.nio.charset.StandardCharsets.UTF_8);

    assertThat(canonical).contains("2026-01-02T03:04:06.000000Z");
  }

  @Test
  void every_field_changes_the_hash() {
    String base = AuditChain.hash(AuditChain.GENESIS, 1, FIRST);
    ClientInfo client = FIRST.client();
    Map<String, AuditEvent> variants = new LinkedHashMap<>();
    variants.put("action", new AuditEvent("login.failex", FIRST.outcome(), FIRST.actorId(), FIRST.targetId(),
        FIRST.orgId(), client, FIRST.at(), FIRST.details()));
    variants.put("outcome", new AuditEvent(FIRST.action(), "success", FIRST.actorId(), FIRST.targetId(),
        FIRST.orgId(), client, FIRST.at(), FIRST.details()));
    variants.put("actor", new AuditEvent(FIRST.action(), FIRST.outcome(), ADA, FIRST.targetId(), FIRST.orgId(),
        client, FIRST.at(), FIRST.details()));
    variants.put("target", new AuditEvent(FIRST.action(), FIRST.outcome(), FIRST.actorId(), null, FIRST.orgId(),
        client, FIRST.at(), FIRST.details()));
    variants.put("org", new AuditEvent(FIRST.action(), FIRST.outcome(), FIRST.actorId(), FIRST.targetId(), ADA,
        client, FIRST.at(), FIRST.details()));
    variants.put("ip", new AuditEvent(FIRST.action(), FIRST.outcome(), FIRST.actorId(), FIRST.targetId(),
        FIRST.orgId(), new ClientInfo("203.0.113.8", "", "req-1"), FIRST.at(), FIRST.details()));
    variants.put("user agent absent", new AuditEvent(FIRST.action(), FIRST.outcome(), FIRST.actorId(),
        FIRST.targetId(), FIRST.orgId(), new ClientInfo("203.0.113.7", null, "req-1"), FIRST.at(),
        FIRST.details()));
    variants.put("request id", new AuditEvent(FIRST.action(), FIRST.outcome(), FIRST.actorId(), FIRST.targetId(),
        FIRST.orgId(), new ClientInfo("203.0.113.7", "", "req-2"), FIRST.at(), FIRST.details()));
    variants.put("time", new AuditEvent(FIRST.action(), FIRST.outcome(), FIRST.actorId(), FIRST.targetId(),
        FIRST.orgId(), client, FIRST.at().plusNanos(1_000), FIRST.details()));
    variants.put("detail value", new AuditEvent(FIRST.action(), FIRST.outcome(), FIRST.actorId(), FIRST.targetId(),
        FIRST.orgId(), client, FIRST.at(), Map.of("reason", "bad_password", "attempt", "4")));
    variants.put("detail removed", new AuditEvent(FIRST.action(), FIRST.outcome(), FIRST.actorId(),
        FIRST.targetId(), FIRST.orgId(), client, FIRST.at(), Map.of("reason", "bad_password")));

    for (Map.Entry<String, AuditEvent> variant : variants.entrySet()) {
      assertThat(AuditChain.hash(AuditChain.GENESIS, 1, variant.getValue())).as(variant.getKey()).isNotEqualTo(base);
    }
    assertThat(AuditChain.hash(AuditChain.GENESIS, 2, FIRST)).as("seq").isNotEqualTo(base);
    assertThat(AuditChain.hash(FIRST_HASH, 1, FIRST)).as("previous hash").isNotEqualTo(base);
  }

  @Test
  void length_prefixes_keep_shifted_field_boundaries_apart() {
    AuditEvent left = new AuditEvent("a", "bc", null, null, null, ClientInfo.unknown(), FIRST.at(),
        Map.of("k", "v1"));
    AuditEvent right = new AuditEvent("ab", "c", null, null, null, ClientInfo.unknown(), FIRST.at(),
        Map.of("kv", "1"));

    assertThat(AuditChain.hash(AuditChain.GENESIS, 1, left))
        .isNotEqualTo(AuditChain.hash(AuditChain.GENESIS, 1, right));
  }

  @Test
  void sub_microsecond_time_is_not_part_of_the_event() {
    AuditEvent withNanos = new AuditEvent(FIRST.action(), FIRST.outcome(), FIRST.actorId(), FIRST.targetId(),
        FIRST.orgId(), FIRST.client(), FIRST.at().plusNanos(999), FIRST.details());

    assertThat(withNanos).isEqualTo(FIRST);
    assertThat(AuditChain.hash(AuditChain.GENESIS, 1, withNanos)).isEqualTo(FIRST_HASH);
  }

  @Test
  void a_link_holds_only_with_the_right_previous_hash_and_an_unchanged_record() {
    AuditRecord first = AuditChain.link(AuditChain.GENESIS, 1, FIRST);
    AuditRecord second = AuditChain.link(first.hash(), 5, SECOND);
    AuditRecord edited = new AuditRecord(5, FIRST, first.hash(), second.hash());
    AuditRecord relinked = AuditChain.link(AuditChain.GENESIS, 5, SECOND);

    assertThat(AuditChain.check(null, first)).isEmpty();
    assertThat(AuditChain.check(first, second)).as("a gap in seqs is no break").isEmpty();
    assertThat(AuditChain.check(first, edited))
        .contains(new AuditChain.Break(5, AuditChain.Reason.HASH_MISMATCH));
    assertThat(AuditChain.check(first, relinked))
        .contains(new AuditChain.Break(5, AuditChain.Reason.PREVIOUS_HASH_MISMATCH));
    assertThat(AuditChain.check(null, second))
        .as("a first record that does not start from the genesis hash")
        .contains(new AuditChain.Break(5, AuditChain.Reason.PREVIOUS_HASH_MISMATCH));
    assertThat(AuditChain.check(second, AuditChain.link(second.hash(), 5, FIRST)))
        .contains(new AuditChain.Break(5, AuditChain.Reason.SEQ_NOT_INCREASING));
  }

  @Test
  void hashes_are_64_lower_case_hex_digits() {
    assertThat(AuditChain.isHash(FIRST_HASH)).isTrue();
    assertThat(AuditChain.isHash(FIRST_HASH.toUpperCase(java.util.Locale.ROOT))).isFalse();
    assertThat(AuditChain.isHash(FIRST_HASH.substring(1))).isFalse();
    assertThat(AuditChain.isHash(null)).isFalse();
    assertThatThrownBy(() -> AuditChain.hash("00", 1, FIRST)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AuditRecord(0, FIRST, AuditChain.GENESIS, FIRST_HASH))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void a_filters_time_bounds_round_up_to_whole_microseconds() {
    Instant at = Instant.parse("2026-01-02T03:04:05.123456Z");
    AuditFilter filter = new AuditFilter(null, null, null, null, at.plusNanos(1), at.plusNanos(999));

    assertThat(filter.from()).isEqualTo(at.plusNanos(1_000));
    assertThat(filter.to()).isEqualTo(at.plusNanos(1_000));
    assertThat(new AuditFilter(null, null, null, null, at, null).from()).isEqualTo(at);
  }
}
