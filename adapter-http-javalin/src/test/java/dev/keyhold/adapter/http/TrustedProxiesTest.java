package dev.keyhold.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TrustedProxiesTest {

  private static final TrustedProxies PRIVATE_NETWORKS = TrustedProxies.parse(List.of("10.0.0.0/8", "fd00::/8"));

  private static String client(TrustedProxies proxies, String peer, String... forwardedFor) {
    return proxies.clientAddress(peer, Arrays.asList(forwardedFor));
  }

  /** Whether a peer at {@code address} is a trusted proxy: only then is its forwarded address believed. */
  private static boolean trusts(String range, String address) {
    String forwarded = "198.51.100.99";
    return TrustedProxies.parse(List.of(range)).clientAddress(address, List.of(forwarded)).equals(forwarded);
  }

  // reading addresses

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "192.0.2.1                  | 192.0.2.1",
      "0.0.0.0                    | 0.0.0.0",
      "255.255.255.255            | 255.255.255.255",
      "' 192.0.2.1 '              | 192.0.2.1",
      "192.0.2.1:8080             | 192.0.2.1",
      "2001:DB8:0:0:0:0:0:1       | 2001:db8::1",
      "0001:0db8::                | 1:db8::",
      "::1                        | ::1",
      "::                         | ::",
      "0:0:0:0:0:0:0:1            | ::1",
      "1:0:0:2:0:0:0:3            | 1:0:0:2::3",
      "1:0:0:2:0:0:3:4            | 1::2:0:0:3:4",
      "2001:db8:0:1:1:1:1:1       | 2001:db8:0:1:1:1:1:1",
      "1:2:3:4:5:6:7::            | 1:2:3:4:5:6:7:0",
      "[2001:db8::1]              | 2001:db8::1",
      "[2001:db8::1]:443          | 2001:db8::1",
      "fe80::1%eth0               | fe80::1",
      "[fe80::1%25]               | fe80::1",
      "64:ff9b::192.0.2.1         | 64:ff9b::c000:201",
      "::ffff:192.0.2.1           | 192.0.2.1",
      "[::ffff:c000:201]:80       | 192.0.2.1"})
  void addresses_are_read_as_literals_and_answered_in_canonical_form(String text, String canonical) {
    assertThat(TrustedProxies.Address.parseHost(text)).hasToString(canonical);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "unknown", "localhost", "example.com", "_hidden", "256.1.1.1", "1.2.3", "1.2.3.4.5",
      "01.2.3.4", "1.2.3.-4", "1..3.4", "a.b.c.d", "1.2.3.4:", "1.2.3.4:65536", "1.2.3.4:http", "１.2.3.4",
      "[1.2.3.4]", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7:8::", "1::2::3", ":::", ":1:2:3:4:5:6:7",
      "12345::", "g::1", "::1.2.3", "1.2.3.4::", "::1.2.3.4:5", "[2001:db8::1", "[2001:db8::1]x", "[2001:db8::1]:",
      "fe80::1%", "fe80::1%a b", "2001:db8::1/64", "\"192.0.2.1\""})
  void anything_but_an_address_literal_is_malformed(String text) {
    assertThat(TrustedProxies.Address.parseHost(text)).isNull();
  }

  // ranges

  @Test
  void an_ipv4_slash_0_holds_every_ipv4_address_and_no_ipv6_one() {
    assertThat(trusts("0.0.0.0/0", "0.0.0.0")).isTrue();
    assertThat(trusts("0.0.0.0/0", "255.255.255.255")).isTrue();
    assertThat(trusts("0.0.0.0/0", "::ffff:203.0.113.1")).isTrue();
    assertThat(trusts("0.0.0.0/0", "2001:db8::1")).isFalse();
  }

  @Test
  void an_ipv6_slash_0_holds_every_ipv6_address_and_no_ipv4_one() {
    assertThat(trusts("::/0", "::")).isTrue();
    assertThat(trusts("::/0", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")).isTrue();
    assertThat(trusts("::/0", "203.0.113.1")).isFalse();
    assertThat(trusts("::/0", "::ffff:203.0.113.1")).isFalse();
  }

  @Test
  void a_slash_32_or_a_bare_ipv4_address_holds_exactly_that_address() {
    assertThat(trusts("10.0.0.5/32", "10.0.0.5")).isTrue();
    assertThat(trusts("10.0.0.5/32", "10.0.0.4")).isFalse();
    assertThat(trusts("10.0.0.5/32", "10.0.0.6")).isFalse();
    assertThat(trusts("10.0.0.5", "10.0.0.5")).isTrue();
    assertThat(trusts("10.0.0.5", "10.0.0.6")).isFalse();
  }

  @Test
  void a_slash_128_or_a_bare_ipv6_address_holds_exactly_that_address() {
    assertThat(trusts("2001:db8::5/128", "2001:db8::5")).isTrue();
    assertThat(trusts("2001:db8::5/128", "2001:db8::4")).isFalse();
    assertThat(trusts("2001:db8::5/128", "2001:db8::6")).isFalse();
    assertThat(trusts("2001:DB8:0::5", "[2001:db8::5]:8443")).isTrue();
  }

  @Test
  void an_ipv4_range_holds_its_first_and_last_address_and_nothing_beside_them() {
    assertThat(trusts("10.0.0.0/8", "10.0.0.0")).isTrue();
    assertThat(trusts("10.0.0.0/8", "10.255.255.255")).isTrue();
    assertThat(trusts("10.0.0.0/8", "9.255.255.255")).isFalse();
    assertThat(trusts("10.0.0.0/8", "11.0.0.0")).isFalse();
    assertThat(trusts("192.168.4.0/23", "192.168.5.255")).isTrue();
    assertThat(trusts("192.168.4.0/23", "192.168.6.0")).isFalse();
    assertThat(trusts("192.168.4.0/31", "192.168.4.1")).isTrue();
    assertThat(trusts("192.168.4.0/31", "192.168.4.2")).isFalse();
  }

  @Test
  void an_ipv6_range_holds_its_first_and_last_address_and_nothing_beside_them() {
    assertThat(trusts("2001:db8::/32", "2001:db8::")).isTrue();
    assertThat(trusts("2001:db8::/32", "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff")).isTrue();
    assertThat(trusts("2001:db8::/32", "2001:db7:ffff:ffff:ffff:ffff:ffff:ffff")).isFalse();
    assertThat(trusts("2001:db8::/32", "2001:db9::")).isFalse();
    assertThat(trusts("2001:db8:0:1::/64", "2001:db8:0:1:ffff:ffff:ffff:ffff")).isTrue();
    assertThat(trusts("2001:db8:0:1::/64", "2001:db8:0:2::")).isFalse();
    assertThat(trusts("2001:db8::8000:0:0:0/65", "2001:db8::ffff:ffff:ffff:ffff")).isTrue();
    assertThat(trusts("2001:db8::8000:0:0:0/65", "2001:db8::7fff:ffff:ffff:ffff")).isFalse();
    assertThat(trusts("2001:db8::/127", "2001:db8::1")).isTrue();
    assertThat(trusts("2001:db8::/127", "2001:db8::2")).isFalse();
  }

  @Test
  void an_ipv4_mapped_range_is_the_ipv4_range() {
    assertThat(trusts("::ffff:10.0.0.0/104", "10.20.30.40")).isTrue();
    assertThat(trusts("::ffff:10.0.0.0/104", "11.0.0.0")).isFalse();
    assertThat(trusts("::ffff:0:0/96", "203.0.113.1")).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " 10.0.0.1", "10.0.0.1 ", "proxy.internal", "localhost", "10.0.0.0/", "10.0.0.0/33",
      "10.0.0.0/-1", "10.0.0.0/+8", "10.0.0.0/08x", "10.0.0.0/8/8", "::/129", "[::1]", "fe80::1%eth0",
      "10.0.0.1:8080", "::ffff:0:0/80", "10.0.0.0/0001"})
  void a_trusted_proxy_that_is_not_an_address_or_a_range_is_refused_by_name(String entry) {
    assertThatThrownBy(() -> TrustedProxies.parse(List.of(entry)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("trusted proxy \"" + entry + "\"");
  }

  @Test
  void a_range_with_host_bits_set_is_refused_with_the_range_probably_meant() {
    assertThatThrownBy(() -> TrustedProxies.parse(List.of("10.1.2.3/8")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("did you mean 10.0.0.0/8?");
    assertThatThrownBy(() -> TrustedProxies.parse(List.of("2001:db8::1/32")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("did you mean 2001:db8::/32?");
  }

  @Test
  void a_null_trusted_proxy_is_refused() {
    assertThatThrownBy(() -> TrustedProxies.parse(Arrays.asList("10.0.0.0/8", null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("null");
  }

  // the client address

  @Test
  void without_trusted_proxies_the_peer_is_the_client_and_forwarded_for_is_ignored() {
    assertThat(client(TrustedProxies.NONE, "203.0.113.9", "198.51.100.1")).isEqualTo("203.0.113.9");
    assertThat(client(TrustedProxies.NONE, "10.0.0.1", "198.51.100.1")).isEqualTo("10.0.0.1");
  }

  @Test
  void forwarded_for_from_an_untrusted_peer_is_ignored_even_when_it_names_a_trusted_proxy() {
    assertThat(client(PRIVATE_NETWORKS, "203.0.113.9", "198.51.100.1")).isEqualTo("203.0.113.9");
    assertThat(client(PRIVATE_NETWORKS, "203.0.113.9", "198.51.100.1, 10.0.0.1")).isEqualTo("203.0.113.9");
    assertThat(client(PRIVATE_NETWORKS, "2001:db8::9", "198.51.100.1")).isEqualTo("2001:db8::9");
  }

  @Test
  void a_trusted_peer_without_forwarded_for_is_the_client() {
    assertThat(client(PRIVATE_NETWORKS, "10.0.0.7")).isEqualTo("10.0.0.7");
    assertThat(client(PRIVATE_NETWORKS, "10.0.0.7", "")).isEqualTo("10.0.0.7");
    assertThat(client(PRIVATE_NETWORKS, "10.0.0.7", " , ")).isEqualTo("10.0.0.7");
  }

  @Test
  void behind_one_trusted_proxy_the_client_is_the_address_it_appended() {
    assertThat(client(PRIVATE_NETWORKS, "10.0.0.7", "203.0.113.7")).isEqualTo("203.0.113.7");
  }

  @Test
  void addresses_a_client_wrote_itself_left_of_the_proxy_entry_are_ignored() {
    assertThat(client(PRIVATE_NETWORKS, "10.0.0.7", "1.2.3.4, 203.0.113.7")).isEqualTo("203.0.113.7");
    assertThat(client(PRIVATE_NETWORKS, "10.0.0.7", "10.0.0.1, 203.0.113.7")).isEqualTo("203.0.113.7");
  }

  @Test
  void a_chain_of_trusted_proxies_is_walked_from_the_right_to_the_first_untrusted_address() {
    assertThat(client(PRIVATE_NETWORKS, "10.0.0.7", "198.51.100.1, 203.0.113.7, 10.0.0.5, 10.0.0.6"))
        .isEqualTo("203.0.113.7");
    assertThat(client(PRIVATE_NETWORKS, "[fd00::1]", "2001:db8::1, 2001:db8::7, fd00::2"))
        .isEqualTo("2001:db8::7");
    assertThat(client(PRIVATE_NETWORKS, "fd00::1", "192.0.2.44, 10.0.0.5")).isEqualTo("192.0.2.44");
  }

  @Test
  void several_forwarded_for_headers_read_as_one_list_in_their_order() {
    assertThat(client(PRIVATE_NETWORKS, "10.0.0.7", "198.51.100.1, 203.0.113.7", "10.0.0.5")).isEqualTo("203.0.113.7");
    assertThat(client(PRIVATE_NETWORKS, "10.0.0.7", "203.0.113.7", "10.0.0.5, 198.51.100.1"))
        .isEqualTo("198.51.100.1");
  }

  @Test
  void when_every_entry_is_a_trusted_proxy_the_leftmost_is_the_client() {
    assertThat(client(PRIVATE_NETWORKS, "10.0.0.7", "10.0.0.1, 10.0.0.2")).isEqualTo("10.0.0.1");
    assertThat(client(PRIVATE_NETWORKS, "10.0.0.7", "unknown, 10.0.0.1, 10.0.0.2")).isEqualTo("10.0.0.1");
  }

  @Test
  void garbage_a_client_wrote_left_of_the_proxy_entry_is_ignored() {
    assertThat(client(PRIVATE_NETWORKS, "10.0.0.7", "<script>, localhost, 300.1.1.1, 203.0.113.7"))
        .isEqualTo("203.0.113.7");
    assertThat(client(PRIVATE_NETWORKS, "10.0.0.7", "203.0.113.7,, ,")).isEqualTo("203.0.113.7");
  }

  @Test
  void a_non_address_written_by_a_trusted_proxy_ends_the_walk_at_that_proxy() {
    // 10.0.0.5 did not know its client ("unknown"): 198.51.100.66 came from that unknown client and proves nothing
    assertThat(client(PRIVATE_NETWORKS, "10.0.0.7", "198.51.100.66, unknown, 10.0.0.5")).isEqualTo("10.0.0.5");
    assertThat(client(PRIVATE_NETWORKS, "10.0.0.7", "198.51.100.66, unknown")).isEqualTo("10.0.0.7");
  }

  @Test
  void ports_brackets_and_ipv4_mapping_are_taken_off_forwarded_addresses() {
    assertThat(client(PRIVATE_NETWORKS, "10.0.0.7", "203.0.113.7:5555")).isEqualTo("203.0.113.7");
    assertThat(client(PRIVATE_NETWORKS, "10.0.0.7", "[2001:DB8::7]:5555")).isEqualTo("2001:db8::7");
    assertThat(client(PRIVATE_NETWORKS, "10.0.0.7", "::ffff:203.0.113.7")).isEqualTo("203.0.113.7");
  }

  @Test
  void an_ipv4_mapped_peer_is_matched_and_answered_as_ipv4() {
    assertThat(client(PRIVATE_NETWORKS, "::ffff:10.0.0.7", "203.0.113.7")).isEqualTo("203.0.113.7");
    assertThat(client(TrustedProxies.NONE, "[::ffff:203.0.113.7]")).isEqualTo("203.0.113.7");
  }

  @Test
  void the_peer_is_answered_in_canonical_form() {
    assertThat(client(TrustedProxies.NONE, "0:0:0:0:0:0:0:1")).isEqualTo("::1");
    assertThat(client(TrustedProxies.NONE, "[::1]")).isEqualTo("::1");
    assertThat(client(TrustedProxies.NONE, "fe80:0:0:0:0:0:0:1%3")).isEqualTo("fe80::1");
  }

  @Test
  void a_peer_that_is_not_an_address_is_answered_as_given_and_never_trusted() {
    TrustedProxies everyone = TrustedProxies.parse(List.of("0.0.0.0/0", "::/0"));

    assertThat(client(everyone, "unix:/run/keyhold.sock", "203.0.113.7")).isEqualTo("unix:/run/keyhold.sock");
    assertThat(client(everyone, null, "203.0.113.7")).isNull();
    assertThat(client(everyone, " ", "203.0.113.7")).isNull();
  }

  @Test
  void trusting_every_address_believes_the_leftmost_entry() {
    TrustedProxies everyone = TrustedProxies.parse(List.of("0.0.0.0/0", "::/0"));

    assertThat(client(everyone, "203.0.113.9", "6.6.6.6, 198.51.100.1")).isEqualTo("6.6.6.6");
  }
}
