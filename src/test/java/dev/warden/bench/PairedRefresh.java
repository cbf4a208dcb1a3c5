package dev.warden.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Two builds compared on one machine hour: WAR A and WAR B on one PostgreSQL, first
 * {@code BOOTS} starts of each in turn (wall seconds to ready, CPU seconds then), then
 * both up together and {@code ROUNDS} refresh rounds of 10 s each, A and B in turn, the
 * first half as warm-up. Prints the medians of the second half and the median of B/A per
 * round pair. This machine's speed drifts by 2× within an hour, so builds measured apart
 * cannot be compared; measured in turn they can.
 * <p>
 * PostgreSQL runs durable, as in production: {@code fsync} on (the embedded server's
 * default is off, {@code -F}) and {@code synchronous_commit} on. With a sixth argument
 * {@code fsync-off-for-a}, A gets a PostgreSQL of its own with {@code fsync} off and both
 * run the same WAR: what durable commits cost a refresh on this machine.
 * <pre>mvn -q test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.warden.bench.PairedRefresh -Dexec.args="ES256 /tmp/A.war /tmp/B.war 5 60"</pre>
 */
public final class PairedRefresh {

    public static void main(String[] args) throws Exception {
        String algorithm = args[0];
        List<String> wars = List.of(args[1], args[2]);
        int boots = Integer.parseInt(args[3]);
        int rounds = Integer.parseInt(args[4]);
        Map<String, String> settings = BenchClient.settings(algorithm);
        boolean fsyncOffForA = args.length > 5 && args[5].equals("fsync-off-for-a");
        Path work = Scratch.create("warden-paired");
        try (EmbeddedPostgres pg = WardenServer.durable(EmbeddedPostgres.builder().setOverrideWorkingDirectory(work.toFile())).start();
             EmbeddedPostgres pgA = fsyncOffForA
                     ? EmbeddedPostgres.builder().setOverrideWorkingDirectory(work.toFile())
                             .setServerConfig("synchronous_commit", "on").setServerConfig("fsync", "off").start()
                     : null) {
            AtomicInteger databases = new AtomicInteger();
            Callable<String> empty = () -> WardenServer.emptyDatabase(pg, "paired_" + databases.incrementAndGet());
            Callable<String> emptyA = pgA == null ? empty : () -> WardenServer.emptyDatabase(pgA, "paired_" + databases.incrementAndGet());
            for (int b = 0; b < boots; b++) {
                for (int w = 0; w < 2; w++) {
                    try (WardenServer server = WardenServer.start(work, "boot-" + b + NAMES[w],
                            (w == 0 ? emptyA : empty).call(), settings,
                            null, wars.get(w))) {
                        double seconds = server.awaitReady();
                        String[] stat = Files.readString(Path.of("/proc/" + server.process.pid() + "/stat")).split(" ");
                        System.out.printf("boot %s %.1f s, %.1f s of CPU%n", NAMES[w], seconds,
                                (Long.parseLong(stat[13]) + Long.parseLong(stat[14])) / 100.0);
                    }
                }
            }
            try (WardenServer a = WardenServer.start(work, "A", emptyA.call(), settings, null, wars.get(0));
                 WardenServer b = WardenServer.start(work, "B", empty.call(), settings, null, wars.get(1))) {
                a.awaitReady();
                b.awaitReady();
                List<WardenServer> servers = List.of(a, b);
                List<List<Double>> rates = List.of(new ArrayList<>(), new ArrayList<>());
                for (int round = 0; round < rounds; round++) {
                    for (int w = 0; w < 2; w++) {
                        var r = BenchClient.refreshLoad(servers.get(w).base, 16, 10);
                        System.out.printf("round %d %s %.0f/s p50 %.1f ms%n", round, NAMES[w], r.perSecond(), r.p50());
                        if (round >= rounds / 2) {
                            rates.get(w).add(r.perSecond());
                        }
                    }
                }
                List<Double> ratios = new ArrayList<>();
                for (int i = 0; i < rates.get(0).size(); i++) {
                    ratios.add(rates.get(1).get(i) / rates.get(0).get(i));
                }
                System.out.printf("refresh/s, median of the last %d rounds: A %.0f, B %.0f; B/A per pair: median %.3f%n",
                        ratios.size(), median(rates.get(0)), median(rates.get(1)), median(ratios));
            }
        }
        Scratch.remove(work);
    }

    private static final String[] NAMES = {"A", "B"};

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
