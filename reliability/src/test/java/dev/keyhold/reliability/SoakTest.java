package dev.keyhold.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Soak (docs/reliability.md): the mixed workload on two nodes for a bounded time, {@value #DEFAULT_SECONDS} s in the
 * suite and as long as {@code -Dreliability.soak.seconds} says otherwise (600 for the ten-minute run). No unexpected
 * error, and each node's heap after a full collection, RSS, open descriptors and threads, and the database
 * connections, about the same at the end as after the warm-up.
 */
class SoakTest {

  static final long DEFAULT_SECONDS = 60;
  private static final int CLIENTS = 4;
  private static final Duration THINK = Duration.ofMillis(20);
  private static final int POOL_SIZE = 6;

  @TempDir
  static Path pgData;

  @Test
  void a_mixed_workload_on_two_nodes_has_no_errors_and_stable_resources() throws InterruptedException {
    Duration length = Duration.ofSeconds(Long.getLong("reliability.soak.seconds", DEFAULT_SECONDS));
    Duration warmUp = Duration.ofSeconds(Long.getLong("reliability.soak.warmup.seconds", 15));
    Report report = new Report("6. Soak: " + length.toSeconds() + " s after a " + warmUp.toSeconds()
        + " s warm-up, " + CLIENTS + " clients, two nodes");
    Tally tally = new Tally();
    try (Cluster cluster = Cluster.start(pgData.resolve("pg"));
        Cluster.Nodes nodes = cluster.twoNodes("soak", Map.of("DATABASE_POOL_SIZE", Integer.toString(POOL_SIZE)));
        Workload load = new Workload(cluster.api, nodes::serving, CLIENTS, THINK, tally)) {
      load.start();
      Thread.sleep(warmUp.toMillis()); // the soak's length is time itself: JIT, pools and caches settle first
      List<Node.Resources> before = nodes.all.stream().map(Node::resources).toList();
      long connectionsBefore = nodes.databaseConnections();
      long measured = System.nanoTime();

      Thread.sleep(length.toMillis());

      List<Node.Resources> after = nodes.all.stream().map(Node::resources).toList();
      long connectionsAfter = nodes.databaseConnections();
      load.stop();
      List<Tally.Entry> all = tally.entries();
      List<Tally.Entry> soak = all.stream().filter(e -> e.outcome().startNanos() >= measured).toList();
      report.counts("all requests", tally, all)
          .line("throughput while measured: %.0f requests/s", soak.size() / (double) length.toSeconds());
      for (int i = 0; i < nodes.all.size(); i++) {
        report.line("%s start %s", nodes.all.get(i).name(), before.get(i))
            .line("%s end   %s", nodes.all.get(i).name(), after.get(i));
      }
      report.line("database connections (pg_stat_activity, both nodes): start %d, end %d", connectionsBefore,
          connectionsAfter).raw(tally.latencies());
      List<String> broken = nodes.acknowledgedWorkIsKept(load.ledger(), Duration.ofSeconds(60));
      FaultsUnderLoadTest.report(report, load.ledger(), nodes).publish();

      assertThat(FaultsUnderLoadTest.unexpected(all, e -> false)).as("no unexpected error").isEmpty();
      for (int i = 0; i < nodes.all.size(); i++) {
        Node.Resources start = before.get(i);
        Node.Resources end = after.get(i);
        String node = nodes.all.get(i).name();
        assertThat(end.heapAfterGcKib()).as(node + " heap after GC").isPositive()
            .isLessThan(start.heapAfterGcKib() * 3 / 2 + 16 * 1024);
        assertThat(end.rssKib()).as(node + " RSS").isLessThan(start.rssKib() * 13 / 10 + 64 * 1024);
        assertThat(end.openFiles()).as(node + " open descriptors").isLessThan(start.openFiles() + 50);
        assertThat(end.threads()).as(node + " threads").isLessThan(start.threads() + 20);
      }
      // each node: its pool, and the side pool's few (webhooks, mail) at most
      assertThat(connectionsAfter).as("database connections").isLessThanOrEqualTo(2L * (POOL_SIZE + 2));
      assertThat(broken).isEmpty();
    }
  }
}
