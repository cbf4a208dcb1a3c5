package dev.warden.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.List;
import java.util.Map;

/**
 * A running Warden for wrk and the profilers (README, "Profiling"): the bench's durable
 * PostgreSQL and the built WAR with the bench's settings ({@link BenchClient#settings}); prints the base URL, a bearer
 * token, an API key and PostgreSQL's port, then runs until killed.
 * {@code Serve [RS256|ES256] [fsync-off] [pg-stat-statements]}: {@code pg-stat-statements} loads
 * that module with planning tracked, for what each statement costs PostgreSQL (README, "Profiling").
 */
public final class Serve {
    public static void main(String[] args) throws Exception {
        String algorithm = args.length > 0 ? args[0] : "RS256";
        List<String> options = args.length > 1 ? List.of(args).subList(1, args.length) : List.of();
        boolean fsyncOff = options.contains("fsync-off");
        Path work = Files.createTempDirectory("warden-serve");
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setOverrideWorkingDirectory(work.toFile());
        if (options.contains("pg-stat-statements")) {
            builder.setServerConfig("shared_preload_libraries", "pg_stat_statements")
                    .setServerConfig("pg_stat_statements.track_planning", "on");
        }
        try (EmbeddedPostgres pg = (fsyncOff ? builder : WardenServer.durable(builder)).start()) {
            String database = WardenServer.emptyDatabase(pg, "serve");
            if (options.contains("pg-stat-statements")) {
                try (var c = DriverManager.getConnection(database, "postgres", ""); var s = c.createStatement()) {
                    s.execute("create extension pg_stat_statements");
                }
            }
            try (WardenServer server = WardenServer.start(work, "serve", database,
                    BenchClient.settings(algorithm), null)) {
                server.awaitReady();
                String token = BenchClient.accessToken(server.base);
                String key = BenchClient.field(BenchClient.post(server.base + "/api/v1/users/me/api-keys", "{\"key_name\":\"serve\"}",
                        Map.of("Authorization", "Bearer " + token)), "api_key");
                System.out.println("BASE=" + server.base + "\nPID=" + server.process.pid() + "\nTOKEN=" + token
                        + "\nAPIKEY=" + key + "\nLOG=" + server.log + "\nPGPORT=" + pg.getPort());
                System.out.flush();
                // a kill (SIGTERM) runs shutdown hooks, not the try blocks: stop Payara and PostgreSQL with it
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        server.close();
                        pg.close();
                    } catch (Exception ignored) {
                        // exiting anyway
                    }
                }));
                Thread.sleep(Long.MAX_VALUE);
            }
        }
    }
}
