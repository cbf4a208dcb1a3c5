package dev.warden.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Two builds compared on one machine hour: WAR A and WAR B on one PostgreSQL, first
 * {@code BOOTS} starts of each in turn (wall and CPU seconds to the first answer), then
 * both up together and {@code ROUNDS} refresh rounds of 10 s each, A and B in turn, the
 * first half as warm-up. Prints the medians of the second half and the median of B/A per
 * round pair. This machine's speed drifts by 2× within an hour, so builds measured apart
 * cannot be compared; measured in turn they can.
 * <pre>mvn -q test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.warden.bench.PairedRefresh -Dexec.args="ES256 /tmp/A.war /tmp/B.war 5 60"</pre>
 */
public final class PairedRefresh {

    public static void main(String[] args) throws Exception {
        String algorithm = args[0];
        List<String> wars = List.of(args[1], args[2]);
        int boots = Integer.parseInt(args[3]);
        int rounds = Integer.parseInt(args[4]);
        Path work = Files.createTempDirectory("warden-paired");
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setOverrideWorkingDirectory(work.toFile())
                .setServerConfig("synchronous_commit", "on").start()) {
            int started = 0;
            for (int b = 0; b < boots; b++) {
                for (int w = 0; w < 2; w++) {
                    long t0 = System.nanoTime();
                    Process p = start(pg, "boot" + ++started, wars.get(w), algorithm, work);
                    String[] stat = Files.readString(Path.of("/proc/" + p.pid() + "/stat")).split(" ");
                    System.out.printf("boot %s %.1f s, %.1f s of CPU%n", name(w), (System.nanoTime() - t0) / 1e9,
                            (Long.parseLong(stat[13]) + Long.parseLong(stat[14])) / 100.0);
                    p.destroy();
                    p.waitFor();
                }
            }
            List<Process> servers = List.of(start(pg, "a", wars.get(0), algorithm, work),
                    start(pg, "b", wars.get(1), algorithm, work));
            List<List<Double>> rates = List.of(new ArrayList<>(), new ArrayList<>());
            for (int round = 0; round < rounds; round++) {
                for (int w = 0; w < 2; w++) {
                    var r = BenchRun.refreshLoad(base(servers.get(w)), 16, 10);
                    System.out.printf("round %d %s %.0f/s p50 %.1f ms%n", round, name(w), r.perSecond(), r.p50());
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
            servers.forEach(Process::destroy);
        }
    }

    private static final Map<Process, Integer> PORTS = new java.util.concurrent.ConcurrentHashMap<>();
    private static int nextPort = 18100;

    private static String name(int w) {
        return w == 0 ? "A" : "B";
    }

    private static String base(Process p) {
        return "http://localhost:" + PORTS.get(p);
    }

    /** Starts a build on a new database of its own and returns once it answers. */
    private static Process start(EmbeddedPostgres pg, String db, String war, String algorithm, Path work) throws Exception {
        try (var c = pg.getPostgresDatabase().getConnection(); var s = c.createStatement()) {
            s.execute("create database " + db);
        }
        int port = nextPort++;
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms32m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30",
                "-Djakarta.json.provider=org.eclipse.parsson.JsonProviderImpl", "-Djava.io.tmpdir=" + work,
                "-Dorg.glassfish.grizzly.http.STRICT_HEADER_VALUE_VALIDATION_RFC_9110=false",
                "-Dwarden.db.url=jdbc:postgresql://localhost:" + pg.getPort() + "/" + db, "-Dwarden.db.user=postgres",
                "-Dwarden.encryption.key=" + WardenServer.ENCRYPTION_KEY, "-Dwarden.password.bcrypt-cost=12",
                "-Dwarden.jwt.algorithm=" + algorithm, "-Dwarden.bootstrap.admin.username=bench-admin",
                "-Dwarden.bootstrap.admin.email=bench@warden.test", "-Dwarden.bootstrap.admin.password=Load#Tester-Pass-2026",
                "-Dwarden.rate-limit.auth-per-minute=100000000",
                "-jar", "target/payara-micro.jar", "--deploy", war, "--contextroot", "/",
                "--port", String.valueOf(port), "--nohazelcast", "--addlibs", "target/warden-listener.jar",
                "--prebootcommandfile", "server-config/payara/http-listener.asadmin"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve(db + ".log").toFile()).start();
        PORTS.put(p, port);
        while (BenchRun.status(base(p) + "/api/v1/auth/me", Map.of()) != 401) {
            if (!p.isAlive()) {
                throw new IllegalStateException("build " + war + " exited; see " + work.resolve(db + ".log"));
            }
            Thread.sleep(100);
        }
        return p;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
