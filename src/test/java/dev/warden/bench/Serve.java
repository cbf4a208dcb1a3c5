package dev.warden.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A running Warden for wrk and the profilers (README, "Profiling"): the bench's durable
 * PostgreSQL and the built WAR with the bench's settings ({@link BenchClient#settings}); prints the base URL, a bearer
 * token and an API key, then runs until killed.
 * {@code Serve [RS256|ES256] [fsync-off]}
 */
public final class Serve {
    public static void main(String[] args) throws Exception {
        String algorithm = args.length > 0 ? args[0] : "RS256";
        boolean fsyncOff = args.length > 1 && args[1].equals("fsync-off");
        Path work = Files.createTempDirectory("warden-serve");
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setOverrideWorkingDirectory(work.toFile());
        try (EmbeddedPostgres pg = (fsyncOff ? builder : WardenServer.durable(builder)).start()) {
            try (WardenServer server = WardenServer.start(work, "serve", WardenServer.emptyDatabase(pg, "serve"),
                    BenchClient.settings(algorithm), null)) {
                server.awaitReady();
                String token = BenchClient.accessToken(server.base);
                String key = BenchClient.field(BenchClient.post(server.base + "/api/v1/users/me/api-keys", "{\"key_name\":\"serve\"}",
                        Map.of("Authorization", "Bearer " + token)), "api_key");
                System.out.println("BASE=" + server.base + "\nPID=" + server.process.pid() + "\nTOKEN=" + token
                        + "\nAPIKEY=" + key + "\nLOG=" + server.log);
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
