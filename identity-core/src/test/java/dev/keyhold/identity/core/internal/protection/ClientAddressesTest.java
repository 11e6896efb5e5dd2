package dev.keyhold.identity.core.internal.protection;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClientAddressesTest {

  @Test
  void ipv4_addresses_are_their_own_key() {
    assertThat(ClientAddresses.key("203.0.113.7")).hasValue("203.0.113.7");
  }

  @Test
  void ipv6_addresses_are_keyed_by_their_64_bit_prefix_whatever_their_spelling() {
    assertThat(ClientAddresses.key("2001:db8:1:2::1")).hasValue("2001:db8:1:2::/64");
    assertThat(ClientAddresses.key("2001:0DB8:0001:0002:ffff:ffff:ffff:ffff")).hasValue("2001:db8:1:2::/64");
    assertThat(ClientAddresses.key("[2001:db8:1:2::5]")).hasValue("2001:db8:1:2::/64");
    assertThat(ClientAddresses.key("fe80::1%eth0")).hasValue("fe80:0:0:0::/64");
    assertThat(ClientAddresses.key("2001:db8:1:3::1")).hasValue("2001:db8:1:3::/64");
  }

  @Test
  void an_ipv4_mapped_ipv6_address_is_the_ipv4_address() {
    assertThat(ClientAddresses.key("::ffff:203.0.113.7")).hasValue("203.0.113.7");
  }

  @Test
  void no_address_means_no_key_and_anything_else_is_used_as_given() {
    assertThat(ClientAddresses.key(null)).isEmpty();
    assertThat(ClientAddresses.key("  ")).isEmpty();
    assertThat(ClientAddresses.key("Unknown-Proxy")).hasValue("unknown-proxy");
    assertThat(ClientAddresses.key("1:2:3")).as("not an address, and not looked up").hasValue("1:2:3");
  }
}
