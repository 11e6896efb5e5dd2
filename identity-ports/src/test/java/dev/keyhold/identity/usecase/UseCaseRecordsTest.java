package dev.keyhold.identity.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyhold.identity.model.ClientInfo;
import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.access.OrgId;
import dev.keyhold.identity.model.access.RoleId;
import dev.keyhold.identity.model.external.ExternalIdentityId;
import dev.keyhold.identity.model.org.InvitationId;
import dev.keyhold.identity.model.token.SessionId;
import dev.keyhold.identity.model.user.UserId;
import java.io.IOException;
import java.net.URI;
import java.lang.reflect.RecordComponent;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every record of the use-case package (commands, queries, results, views) keeps its secrets out of
 * {@code toString}: a component named like a password, token or secret never appears in it, so logging a command
 * cannot leak one. The records are found in the compiled package, so a new use case is checked without being listed.
 */
class UseCaseRecordsTest {

  private static final Pattern SECRET = Pattern.compile("(?i).*(password|token|secret|code|state).*");

  @Test
  void no_use_case_record_prints_a_secret() throws Exception {
    List<Class<?>> records = useCaseRecords();
    assertThat(records).as("the scan finds the commands")
        .contains(AcceptInvitation.Command.class, BootstrapAdmin.Command.class, CreateOrganization.Command.class);

    List<String> checked = new ArrayList<>();
    for (Class<?> type : records) {
      RecordComponent[] components = type.getRecordComponents();
      Object[] values = new Object[components.length];
      for (int i = 0; i < components.length; i++) {
        values[i] = sample(components[i]);
      }
      Object record = type.getDeclaredConstructor(
          Stream.of(components).map(RecordComponent::getType).toArray(Class<?>[]::new)).newInstance(values);
      for (int i = 0; i < components.length; i++) {
        if (SECRET.matcher(components[i].getName()).matches() && components[i].getType() == String.class) {
          assertThat(record.toString()).as(type.getName() + "." + components[i].getName())
              .doesNotContain((String) values[i]);
          checked.add(type.getSimpleName() + "." + components[i].getName());
        }
      }
    }
    assertThat(checked).as("the secrets checked")
        .contains("Command.token", "Command.password", "OrganizationToken.accessToken", "Confirmation.newPassword",
            "Command.code", "Command.state", "Authorization.state");
  }

  @Test
  void an_invitations_token_and_a_bootstrap_password_are_masked() {
    Actor actor = actor();
    assertThat(new AcceptInvitation.Command(actor, "invitation-secret").toString())
        .doesNotContain("invitation-secret").contains("token=***");
    assertThat(new BootstrapAdmin.Command("root@example.com", "bootstrap-secret", ClientInfo.unknown()).toString())
        .doesNotContain("bootstrap-secret").contains("root@example.com");
  }

  private static Object sample(RecordComponent component) {
    Class<?> type = component.getType();
    if (type == String.class) {
      return "value-of-" + component.getName() + "-7f3a";
    } else if (type == Actor.class) {
      return actor();
    } else if (type == ClientInfo.class) {
      return ClientInfo.unknown();
    } else if (type == OrgId.class) {
      return new OrgId(UUID.randomUUID());
    } else if (type == UserId.class) {
      return new UserId(UUID.randomUUID());
    } else if (type == RoleId.class) {
      return new RoleId(UUID.randomUUID());
    } else if (type == InvitationId.class) {
      return new InvitationId(UUID.randomUUID());
    } else if (type == ExternalIdentityId.class) {
      return new ExternalIdentityId(UUID.randomUUID());
    } else if (type == URI.class) {
      return URI.create("https://idp.example/authorize?state=value-of-" + component.getName() + "-7f3a");
    } else if (type == SessionId.class) {
      return new SessionId(UUID.randomUUID());
    } else if (type == Duration.class) {
      return Duration.ofMinutes(15);
    } else if (type == ResealSecrets.Count.class) {
      return new ResealSecrets.Count(1, 2, 3);
    } else if (type == List.class) {
      return List.of();
    } else if (type == int.class) {
      return 1;
    } else if (type == long.class) {
      return 1L;
    } else if (type == boolean.class) {
      return false;
    }
    return null;
  }

  private static Actor actor() {
    return new Actor(new UserId(UUID.randomUUID()), new SessionId(UUID.randomUUID()), ClientInfo.unknown());
  }

  private static List<Class<?>> useCaseRecords() throws IOException, URISyntaxException, ClassNotFoundException {
    Path root = Path.of(Organizations.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path dir = root.resolve(Organizations.class.getPackageName().replace('.', '/'));
    List<Class<?>> records = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
        String name = file.getFileName().toString();
        Class<?> type = Class.forName(
            Organizations.class.getPackageName() + "." + name.substring(0, name.length() - ".class".length()));
        if (type.isRecord()) {
          records.add(type);
        }
      }
    }
    return records;
  }
}
