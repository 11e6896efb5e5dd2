package dev.keyhold.adapter.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class DatabaseSettingsTest {

  private static final String SECRET = "hunter2";

  @Test
  void a_postgresql_url_becomes_a_jdbc_url_with_the_credentials_kept_apart() {
    DatabaseSettings settings =
        DatabaseSettings.fromUrl("postgresql://keyhold:hunter2@db.example.io:5433/identity?sslmode=require");

    assertThat(settings.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.io:5433/identity?sslmode=require");
    assertThat(settings.username()).isEqualTo("keyhold");
    assertThat(settings.password()).isEqualTo(SECRET);
  }

  @Test
  void a_url_gets_the_default_pool_size_and_connection_timeout() {
    DatabaseSettings settings = DatabaseSettings.fromUrl("postgresql://keyhold:hunter2@db/identity");

    assertThat(settings.maxPoolSize()).isEqualTo(10);
    assertThat(settings.connectionTimeout()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void the_short_postgres_scheme_is_accepted() {
    DatabaseSettings settings = DatabaseSettings.fromUrl("postgres://keyhold:hunter2@db:5432/identity");

    assertThat(settings.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/identity");
    assertThat(settings.username()).isEqualTo("keyhold");
    assertThat(settings.password()).isEqualTo(SECRET);
  }

  @Test
  void schemes_are_matched_without_regard_to_case() {
    assertThat(DatabaseSettings.fromUrl("PostgreSQL://db/identity").jdbcUrl())
        .isEqualTo("jdbc:postgresql://db/identity");
  }

  @Test
  void a_jdbc_url_has_its_user_and_password_parameters_moved_out_and_keeps_the_others() {
    DatabaseSettings settings = DatabaseSettings.fromUrl(
        "jdbc:postgresql://db:5432/identity?ssl=true&user=keyhold&password=hunter2&ApplicationName=kh");

    assertThat(settings.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/identity?ssl=true&ApplicationName=kh");
    assertThat(settings.username()).isEqualTo("keyhold");
    assertThat(settings.password()).isEqualTo(SECRET);
  }

  @Test
  void percent_encoded_user_names_and_passwords_are_decoded_as_utf8_with_plus_kept() {
    DatabaseSettings settings =
        DatabaseSettings.fromUrl("postgresql://k%65yhold:p%40ss%3Aw%2Fo%25rd%20%E2%9C%93+%3F%23@db/identity");

    assertThat(settings.username()).isEqualTo("keyhold");
    assertThat(settings.password()).isEqualTo("p@ss:w/o%rd \u2713+?#");
  }

  @Test
  void percent_encoded_parameters_of_a_jdbc_url_are_decoded() {
    DatabaseSettings settings =
        DatabaseSettings.fromUrl("jdbc:postgresql://db/identity?user=key%20hold&password=p%26ss%3Dword");

    assertThat(settings.username()).isEqualTo("key hold");
    assertThat(settings.password()).isEqualTo("p&ss=word");
  }

  @Test
  void a_url_without_credentials_leaves_them_to_the_driver() {
    DatabaseSettings settings = DatabaseSettings.fromUrl("postgresql://localhost/keyhold");

    assertThat(settings.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost/keyhold");
    assertThat(settings.username()).isNull();
    assertThat(settings.password()).isNull();
  }

  @Test
  void a_user_without_a_password_is_accepted() {
    DatabaseSettings settings = DatabaseSettings.fromUrl("postgresql://keyhold@localhost:5432/keyhold");

    assertThat(settings.username()).isEqualTo("keyhold");
    assertThat(settings.password()).isNull();
  }

  @Test
  void ipv6_addresses_and_several_hosts_are_passed_to_the_driver_as_written() {
    DatabaseSettings settings =
        DatabaseSettings.fromUrl("postgresql://u:hunter2@[::1]:5432,replica.example.io:5433/identity");

    assertThat(settings.jdbcUrl()).isEqualTo("jdbc:postgresql://[::1]:5432,replica.example.io:5433/identity");
  }

  @Test
  void a_url_without_a_database_leaves_the_choice_to_the_server() {
    assertThat(DatabaseSettings.fromUrl("postgresql://u:hunter2@db:5432").jdbcUrl())
        .isEqualTo("jdbc:postgresql://db:5432/");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "mysql://root:hunter2@db/app",
      "jdbc:mysql://db/app?user=root&password=hunter2",
      "http://root:hunter2@db/app",
      "root:hunter2@db/app",
      "hunter2",
      "   ",
      "postgresql://root:hunter2@/app",
      "postgresql://root:hunter2@db:port/app",
      "postgresql://root:hunter2@db:5432:5433/app",
      "postgresql://root:hunter2@db/app/extra",
      "postgresql://root:hunter2%zz@db/app",
      "postgresql://root:hunter2%4@db/app",
      "postgresql://root:hunter2%C3%28@db/app",
      "postgresql://root:hunter2@db/app?password=hunter2",
      "jdbc:postgresql://db/app?user=root&user=hunter2"})
  void other_urls_are_rejected_without_repeating_the_password(String url) {
    Throwable failure = catchThrowable(() -> DatabaseSettings.fromUrl(url));

    assertThat(failure).isInstanceOf(IllegalArgumentException.class);
    assertThat(failure.getMessage()).doesNotContain(SECRET);
    assertThat(failure.getCause()).isNull();
  }

  @ParameterizedTest
  @NullAndEmptySource
  void a_missing_url_is_rejected(String url) {
    assertThatThrownBy(() -> DatabaseSettings.fromUrl(url)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void to_string_shows_everything_but_the_password() {
    DatabaseSettings settings = DatabaseSettings.fromUrl("postgresql://keyhold:hunter2@db:5432/identity");

    assertThat(settings.toString())
        .doesNotContain(SECRET)
        .contains("jdbc:postgresql://db:5432/identity", "keyhold", "password=***", "maxPoolSize=10", "PT3S");
  }

  @Test
  void to_string_also_hides_a_password_left_in_a_hand_written_jdbc_url() {
    DatabaseSettings settings = new DatabaseSettings(
        "jdbc:postgresql://db/identity?password=hunter2&ssl=true", "keyhold", SECRET, 5, Duration.ofSeconds(1));

    assertThat(settings.toString()).doesNotContain(SECRET).contains("password=***&ssl=true");
  }

  @Test
  void to_string_without_a_password_says_so() {
    assertThat(DatabaseSettings.fromUrl("postgresql://db/identity").toString()).contains("password=null");
  }

  @Test
  void with_methods_change_only_their_component() {
    DatabaseSettings settings = DatabaseSettings.fromUrl("postgresql://keyhold:hunter2@db/identity");

    DatabaseSettings changed = settings.withMaxPoolSize(3).withConnectionTimeout(Duration.ofMillis(500));

    assertThat(changed).isEqualTo(new DatabaseSettings(
        "jdbc:postgresql://db/identity", "keyhold", SECRET, 3, Duration.ofMillis(500)));
  }

  @Test
  void a_pool_needs_at_least_one_connection() {
    DatabaseSettings settings = DatabaseSettings.fromUrl("postgresql://db/identity");

    assertThatThrownBy(() -> settings.withMaxPoolSize(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void a_connection_timeout_below_250_ms_is_rejected() {
    DatabaseSettings settings = DatabaseSettings.fromUrl("postgresql://db/identity");

    assertThatThrownBy(() -> settings.withConnectionTimeout(Duration.ofMillis(249)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void only_postgresql_jdbc_urls_are_accepted_by_the_constructor() {
    assertThatThrownBy(() -> new DatabaseSettings(
            "jdbc:mysql://db/app?password=hunter2", "root", SECRET, 5, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .satisfies(failure -> assertThat(failure.getMessage()).doesNotContain(SECRET));
  }
}
