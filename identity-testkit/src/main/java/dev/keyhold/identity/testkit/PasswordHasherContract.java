package dev.keyhold.identity.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyhold.identity.model.user.PasswordHash;
import dev.keyhold.identity.spi.PasswordHasher;
import dev.keyhold.identity.testkit.Concurrently.Outcome;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The contract of {@link PasswordHasher}: every hasher's test extends this class and implements
 * {@link #createEmpty()}. The suite hashes a few dozen times, so a test may pass a hasher with cheap parameters.
 *
 * <p>It cannot check that a wrong password takes as long to verify as a right one; a hasher whose verification
 * compares in constant time and always does the full work meets that part of the port.
 */
public abstract class PasswordHasherContract {

  private static final String PASSWORD = "correct horse battery staple";

  private PasswordHasher hasher;

  /** The hasher under test, called once before each test (it holds no state, so it may be the same every time). */
  protected abstract PasswordHasher createEmpty();

  @BeforeEach
  void createHasher() {
    hasher = createEmpty();
  }

  @Test
  void verifies_the_password_it_hashed() {
    PasswordHash hash = hasher.hash(PASSWORD);

    assertThat(hasher.verify(hash, PASSWORD)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"correct horse battery stapl", "Correct horse battery staple",
      "correct horse battery staple ", " correct horse battery staple", "correct horse battery staplf", ""})
  void rejects_any_other_password(String other) {
    PasswordHash hash = hasher.hash(PASSWORD);

    assertThat(hasher.verify(hash, other)).isFalse();
  }

  @Test
  void salts_every_hash() {
    PasswordHash first = hasher.hash(PASSWORD);
    PasswordHash second = hasher.hash(PASSWORD);

    assertThat(first.encoded()).isNotEqualTo(second.encoded());
    assertThat(hasher.verify(first, PASSWORD)).isTrue();
    assertThat(hasher.verify(second, PASSWORD)).isTrue();
  }

  @Test
  void never_stores_the_password_itself() {
    String password = "Unmistakable-Secret-4711";

    assertThat(hasher.hash(password).encoded()).doesNotContain(password).doesNotContain("4711");
  }

  @Test
  void tells_unicode_passwords_apart_by_every_code_point() {
    String password = "\u043f\u0430\u0440\u043e\u043b\u044c-\u5bc6\u7801-\ud83d\udd11-\u00e7a-va";
    PasswordHash hash = hasher.hash(password);

    assertThat(hasher.verify(hash, password)).isTrue();
    assertThat(hasher.verify(hash, password.replace("\ud83d\udd11", "\ud83d\udd10"))).isFalse();
    assertThat(hasher.verify(hash, password.replace("\u00e7", "c"))).isFalse();
  }

  @Test
  void uses_the_whole_password_never_a_prefix() {
    String password = "a1B2c3D4".repeat(32); // 256 characters, the longest the default policy accepts
    PasswordHash hash = hasher.hash(password);

    assertThat(hasher.verify(hash, password)).isTrue();
    assertThat(hasher.verify(hash, password.substring(0, 255) + "X")).isFalse();
    assertThat(hasher.verify(hash, password.substring(0, 72))).isFalse(); // bcrypt's limit
    assertThat(hasher.verify(hash, password.substring(0, 128))).isFalse();
  }

  @Test
  void a_fresh_hash_needs_no_rehash() {
    assertThat(hasher.needsRehash(hasher.hash(PASSWORD))).isFalse();
  }

  @Test
  void its_unmatchable_hash_is_matched_by_no_password_needs_no_rehash_and_differs_every_time() {
    PasswordHash unmatchable = hasher.unmatchable();

    assertThat(hasher.needsRehash(unmatchable)).isFalse();
    assertThat(hasher.unmatchable().encoded()).isNotEqualTo(unmatchable.encoded());
    for (String password : List.of(PASSWORD, "", "password", unmatchable.encoded())) {
      assertThat(hasher.verify(unmatchable, password)).as(password).isFalse();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"not a hash", "$", "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy",
      "$argon2id$v=19$m=1024,t=1,p=1$garbage", "$argon2id$v=19$m=abc,t=1,p=1$c2FsdA$aGFzaA",
      "{SSHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=", "5f4dcc3b5aa765d61d8327deb882cf99"})
  void a_hash_it_cannot_read_never_verifies_never_throws_and_needs_a_rehash(String encoded) {
    PasswordHash foreign = new PasswordHash(encoded);

    assertThat(hasher.verify(foreign, "password")).isFalse();
    assertThat(hasher.verify(foreign, encoded)).isFalse();
    assertThat(hasher.needsRehash(foreign)).isTrue();
  }

  @Test
  void hashes_and_verifies_on_many_threads_at_once() {
    int threads = 8;
    List<PasswordHash> hashes = Concurrently.call(threads, i -> hasher.hash("password-" + i)).stream()
        .map(Outcome::value)
        .collect(Collectors.toList());

    List<Outcome<Boolean>> own = Concurrently.call(threads, i -> hasher.verify(hashes.get(i), "password-" + i));
    List<Outcome<Boolean>> others =
        Concurrently.call(threads, i -> hasher.verify(hashes.get(i), "password-" + (i + 1) % threads));

    assertThat(hashes).doesNotContainNull().doesNotHaveDuplicates();
    assertThat(own).allMatch(outcome -> outcome.succeeded() && outcome.value());
    assertThat(others).allMatch(outcome -> outcome.succeeded() && !outcome.value());
  }
}
