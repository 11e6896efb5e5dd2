package dev.keyhold.adapter.jdbi;

import static dev.keyhold.identity.model.access.BuiltInRoles.ADMIN;
import static dev.keyhold.identity.model.access.BuiltInRoles.MEMBER;
import static dev.keyhold.identity.model.access.BuiltInRoles.ORG_ADMIN;
import static dev.keyhold.identity.model.access.BuiltInRoles.OWNER;
import static dev.keyhold.identity.model.access.BuiltInRoles.USER;
import static dev.keyhold.identity.testkit.TestTimes.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keyhold.identity.model.access.Role;
import dev.keyhold.identity.model.org.Organization;
import dev.keyhold.identity.model.user.User;
import dev.keyhold.identity.spi.UserRepository.Position;
import dev.keyhold.identity.testkit.TestOrgs;
import dev.keyhold.identity.testkit.TestUsers;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Orders and ranges that must follow code points (collation {@code "C"}, like Java's {@code String.compareTo}) even
 * on a database whose default collation is linguistic: user search pages and prefixes, also outside ASCII and the
 * BMP, and role names.
 */
class CodePointOrderTest {

  private static JdbiStores stores;
  private static String database;

  @BeforeAll
  static void migrateALinguisticDatabase() {
    database = EmbeddedDatabase.createLinguisticDatabase();
    stores = JdbiStores.connect(EmbeddedDatabase.settings(database));
    stores.migrate();
  }

  @AfterAll
  static void close() {
    stores.close();
  }

  @BeforeEach
  void emptyTables() {
    EmbeddedDatabase.emptyTables(database);
  }

  @Test
  void search_pages_follow_code_point_order_across_punctuation_and_non_ascii_addresses() {
    List<String> inCodePointOrder = List.of("a-c@x.io", "a.b@x.io", "a_b@x.io", "aa@x.io", "e@x.io", "z@x.io",
        "\u00e9@x.io", "\u00e9a@x.io", "\ud7ff@x.io", "\ue000@x.io", "\ud83d\ude00@x.io");
    for (int i = inCodePointOrder.size() - 1; i >= 0; i--) {
      insert(inCodePointOrder.get(i));
    }

    List<String> paged = new ArrayList<>();
    Position after = null;
    for (int page = 0; page <= inCodePointOrder.size(); page++) {
      List<User> found = stores.users().search(null, null, after, 2);
      found.forEach(user -> paged.add(user.email().normalized()));
      if (found.size() < 2) {
        break;
      }
      User last = found.get(found.size() - 1);
      after = new Position(last.email().normalized(), last.id());
    }

    assertThat(paged).containsExactlyElementsOf(inCodePointOrder);
  }

  @Test
  void a_prefix_outside_ascii_bounds_exactly_the_addresses_that_start_with_it() {
    List.of("\u00e9@x.io", "\u00e9a@x.io", "\u00eaa@x.io", "\ud7ff@x.io", "\ue000@x.io", "\ud83d\ude00@x.io",
        "\udbff\udfff@x.io").forEach(this::insert);

    assertThat(search("\u00e9")).containsExactly("\u00e9@x.io", "\u00e9a@x.io");
    assertThat(search("\ud7ff")).containsExactly("\ud7ff@x.io");
    assertThat(search("\ud83d\ude00")).containsExactly("\ud83d\ude00@x.io");
    assertThat(search("\udbff\udfff")).containsExactly("\udbff\udfff@x.io");
  }

  @Test
  void a_nul_in_the_prefix_finds_nobody_instead_of_failing() {
    insert("a@x.io");

    assertThat(search("a\u0000")).isEmpty();
  }

  @Test
  void role_names_are_listed_in_code_point_order() {
    User owner = TestUsers.newUser();
    stores.users().insert(owner);
    Organization acme = TestOrgs.organization("acme");
    stores.organizations().create(acme, TestOrgs.ownerOf(acme, owner.id()));
    List<Role> custom = new ArrayList<>();
    List<Role> global = new ArrayList<>();
    for (String name : List.of("a-c", "a1", "a_b", "aa")) {
      custom.add(TestOrgs.customRole(acme.id(), name, T0));
      global.add(TestOrgs.globalRole(name, T0));
    }
    for (int i = custom.size() - 1; i >= 0; i--) {
      stores.roles().insert(custom.get(i));
      stores.roles().insert(global.get(i));
    }

    assertThat(stores.roles().listForOrganization(acme.id())).containsExactly(
        ORG_ADMIN, MEMBER, OWNER, custom.get(0), custom.get(1), custom.get(2), custom.get(3));
    assertThat(stores.roles().listGlobal())
        .containsExactly(ADMIN, USER, global.get(0), global.get(1), global.get(2), global.get(3));
  }

  @Test
  void the_upper_bound_of_a_prefix_follows_every_text_with_that_prefix_in_code_point_order() {
    String maxCodePoint = Character.toString(Character.MAX_CODE_POINT);

    assertThat(JdbiUserRepository.prefixUpperBound("ab")).isEqualTo("ac");
    assertThat(JdbiUserRepository.prefixUpperBound("a\ud7ff")).isEqualTo("a\ue000");
    assertThat(JdbiUserRepository.prefixUpperBound("a\uffff")).isEqualTo("a\ud800\udc00");
    assertThat(JdbiUserRepository.prefixUpperBound("a" + maxCodePoint)).isEqualTo("b");
    assertThat(JdbiUserRepository.prefixUpperBound(maxCodePoint)).isNull();
    assertThat(JdbiUserRepository.prefixUpperBound("")).isNull();
  }

  @Test
  void the_like_pattern_escapes_backslash_percent_and_underscore() {
    assertThat(JdbiUserRepository.likePrefix("a\\b%c_d.e")).isEqualTo("a\\\\b\\%c\\_d.e%");
  }

  private void insert(String email) {
    stores.users().insert(TestUsers.withEmail(email));
  }

  private List<String> search(String prefix) {
    return stores.users().search(prefix, null, null, 100).stream()
        .map(user -> user.email().normalized())
        .collect(Collectors.toList());
  }
}
