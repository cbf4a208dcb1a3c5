package dev.warden.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.warden.it.Cluster.PER_MINUTE;
import static dev.warden.it.Cluster.a;
import static dev.warden.it.Cluster.api;
import static dev.warden.it.Cluster.b;
import static dev.warden.it.Cluster.queryValue;
import static dev.warden.it.Cluster.update;
import static dev.warden.it.Cluster.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Limits and single-use codes hold for the cluster, not per instance (issue 11, point 5):
 * the lockout counts failures on both, the per-address rate limit (login and MFA step)
 * counts requests to both, a second-factor code, a backup code, an MFA token and a
 * password-reset link are used once, and the hourly reset-mail limit holds for requests
 * to both at once.
 */
@ExtendWith(Cluster.class)
@Order(Integer.MAX_VALUE - 3)
class ClusterLimitsIT {

    /**
     * The hourly reset-mail limit holds across instances (the user's row is locked in the
     * shared database before the count): ten requests at once, half on each instance, store
     * three links. Without SMTP here, the links are counted in the database.
     */
    @Test
    void tenResetRequestsAtOnceOnBothInstancesStoreThreeLinks() throws Exception {
        Api.TestUser user = user();
        java.util.concurrent.atomic.AtomicInteger turn = new java.util.concurrent.atomic.AtomicInteger();
        List<Integer> statuses = Parallel.run(10, () -> api(turn.getAndIncrement() % 2 == 0 ? a : b)
                .post("/api/v1/auth/forgot-password", Json.createObjectBuilder().add("email", user.email()).build(), null)
                .status());
        assertTrue(statuses.stream().allMatch(status -> status == 202), statuses.toString());
        assertEquals(3L, queryValue("select count(*) from password_resets where user_id = ?::uuid", user.id()));
    }

    @Test
    void failuresCountedOnBothLockAfterExactlyTheMaximum() {
        Api.TestUser user = user();
        String admin = api(a).adminToken();
        for (int i = 0; i < 4; i++) {
            (i % 2 == 0 ? a : b).api().login(user.username(), "Wrong#Password-" + i).problem(401, "invalid_credentials");
        }
        assertFalse(api(a).get("/api/v1/users/" + user.id(), admin).ok(200).json().getBoolean("is_locked"),
                "four failures, two on each, do not lock");
        api(b).login(user.username(), "Wrong#Password-5").problem(401, "invalid_credentials");
        api(a).login(user.username(), user.password()).problem(403, "account_locked");
        api(b).login(user.username(), user.password()).problem(403, "account_locked");
    }

    /** Forty concurrent logins from one address, alternating A and B: the two let through the thirty one would. */
    @Test
    void theRateLimitCountsRequestsToBothInstances() throws Exception {
        awaitTimeInMinute();
        String client = Addresses.unique();
        assertEquals(PER_MINUTE, loginsLetThrough(client, PER_MINUTE + 10),
                "exactly the limit reached the login, together on both");
        JsonObject events = api(a).get("/api/v1/audit-events?type=rate_limited&ip_address=" + client,
                api(a).adminToken()).ok(200).json();
        assertEquals(1, events.getInt("total"), "audited once per window, not per refusal: " + events);
        // Another address is not affected.
        String other = Addresses.unique();
        String answer = TrustedProxy.login(api(b).base(), "nobody", "Wrong#Password-1", other);
        assertTrue(answer.startsWith("HTTP/1.1 401"), answer);
    }

    /**
     * An IPv6 client counts by its /64 (warden.client-ipv6-prefix), since one host commonly
     * holds a whole one: forty concurrent logins from forty of its addresses, alternating A
     * and B, let thirty through, as from one address; the refusal names the network; its
     * neighbour /64 is not affected.
     */
    @Test
    void anIpv6NetworkIsOneClientOnBothInstances() throws Exception {
        awaitTimeInMinute();
        String network = Addresses.uniqueIpv6Network();
        // every address of its own, some in the long forms proxies write
        assertEquals(PER_MINUTE, loginsLetThrough(i -> i % 3 == 0 ? network + ":" + Integer.toHexString(i + 1) + "::1"
                        : network.toUpperCase(java.util.Locale.ROOT) + ":0:0:" + Integer.toHexString(i + 1) + ":0001",
                PER_MINUTE + 10), "exactly the limit reached the login, together on both");
        assertEquals(PER_MINUTE, ((Number) queryValue("select hits from rate_windows where bucket = ?",
                "auth:" + network + "::/64")).intValue());
        Proxied refused = viaProxy(b, "/api/v1/auth/login", Json.createObjectBuilder().add("username", "nobody")
                .add("password", "Wrong#Password-1").build(), network + ":ffff:ffff:ffff:ffff");
        assertEquals(429, refused.status(), refused.body().toString());
        assertTrue(refused.body().getString("detail").contains("from this address's network " + network + "::/64"),
                refused.body().toString());
        assertEquals(1L, queryValue("select count(*) from audit_events where type = 'rate_limited' and ip_network = ?",
                network + "::/64"), "audited once per window");
        String neighbour = Addresses.uniqueIpv6Network();
        String answer = TrustedProxy.login(api(b).base(), "nobody", "Wrong#Password-1", neighbour + "::1");
        assertTrue(answer.startsWith("HTTP/1.1 401"), answer);
    }

    /**
     * One hit in the previous minute weighs (1 - f) at fraction f of this one, so it takes
     * one request from this minute's allowance whenever in it the requests come: the
     * counter's single statement reads the previous minute itself.
     */
    @Test
    void aHitOfTheLastMinuteTakesOneFromThisOnesAllowance() throws Exception {
        awaitTimeInMinute();
        String client = Addresses.unique();
        long now = System.currentTimeMillis();
        update("insert into rate_windows (bucket, window_start, hits, audited) values (?, ?, 1, false)",
                "auth:" + client, now - now % 60_000 - 60_000);
        assertEquals(PER_MINUTE - 1, loginsLetThrough(client, PER_MINUTE + 10), "the limit less the weighted last minute");
    }

    /** Waits, if needed, so that what follows fits in one minute: the count is then exact. */
    private static void awaitTimeInMinute() throws InterruptedException {
        long intoMinute = System.currentTimeMillis() % 60_000;
        if (intoMinute < 3_000 || intoMinute > 40_000) {
            Thread.sleep((63_000 - intoMinute) % 60_000);
        }
    }

    /**
     * Sends {@code count} concurrent failing logins from one address, alternating A and B
     * (each with a name of its own, so that the lockout does not answer first), checks that
     * every refusal is a {@code rate_limited} 429 with a Retry-After, and answers how many
     * reached the login (401).
     */
    private static int loginsLetThrough(String client, int count) throws Exception {
        return loginsLetThrough(i -> client, count);
    }

    /** As {@link #loginsLetThrough(String, int)}, the i-th login from the i-th client. */
    private static int loginsLetThrough(java.util.function.IntFunction<String> clients, int count) throws Exception {
        List<Instance> instances = List.of(a, b);
        List<CompletableFuture<String>> answers = new java.util.ArrayList<>();
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(8);
        for (int i = 0; i < count; i++) {
            Instance server = instances.get(i % 2);
            String name = "nobody-" + i;
            String client = clients.apply(i);
            answers.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return TrustedProxy.exchange(server.api().base(), "/api/v1/auth/login",
                            "{\"username\":\"" + name + "\",\"password\":\"Wrong#Password-1\"}",
                            "X-Forwarded-For: " + client);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, threads));
        }
        threads.shutdown();
        int refused = 0;
        List<String> all = new java.util.ArrayList<>();
        for (CompletableFuture<String> answer : answers) {
            String text = answer.get();
            all.add(text.lines().findFirst().orElse("") + " " + text.substring(Math.max(0, text.length() - 120)));
            if (text.startsWith("HTTP/1.1 429")) {
                assertTrue(text.contains("\"code\":\"rate_limited\""), text);
                Matcher retry = Pattern.compile("(?i)retry-after: (\\d+)").matcher(text);
                assertTrue(retry.find(), text);
                assertTrue(Integer.parseInt(retry.group(1)) >= 1 && Integer.parseInt(retry.group(1)) <= 120, text);
            } else if (text.startsWith("HTTP/1.1 401")) {
                refused++;
            } else {
                fail("neither 401 nor 429: " + all);
            }
        }
        return refused;
    }

    /**
     * The sliding window: a previous minute far over the limit still weighs most of this
     * minute, so the first requests of this minute are refused on both instances, before
     * this minute has a counter of its own; the refusal is audited once; another address
     * passes.
     */
    @Test
    void theLastMinuteWeighsOnThisOne() throws Exception {
        long intoMinute = System.currentTimeMillis() % 60_000;
        if (intoMinute > 40_000) {
            Thread.sleep(61_000 - intoMinute); // the previous minute must stay the previous one
        }
        String flooder = Addresses.unique();
        long now = System.currentTimeMillis();
        long thisMinute = now - now % 60_000;
        // 1,000 in the last minute: even at 40 s into this one a third of them, 333, still counts
        update("insert into rate_windows (bucket, window_start, hits, audited) values (?, ?, 1000, false)",
                "auth:" + flooder, thisMinute - 60_000);
        for (int i = 0; i < 4; i++) {
            Proxied answer = viaProxy(i % 2 == 0 ? a : b, "/api/v1/auth/login", Json.createObjectBuilder()
                    .add("username", "nobody").add("password", "Wrong#Password-1").build(), flooder);
            assertEquals(429, answer.status(), answer.body().toString());
            assertEquals("rate_limited", answer.body().getString("code"));
        }
        // a browser UI on a listed origin reads the refusal and its Retry-After (README, "Browser clients on other origins")
        String fromUi = TrustedProxy.exchange(b.api().base(), "/api/v1/auth/login", Json.createObjectBuilder()
                .add("username", "nobody").add("password", "Wrong#Password-1").build().toString(),
                "X-Forwarded-For: " + flooder + "\r\nOrigin: " + WardenServer.UI_ORIGIN);
        String head = fromUi.substring(0, fromUi.indexOf("\r\n\r\n")).toLowerCase(java.util.Locale.ROOT);
        assertTrue(fromUi.startsWith("HTTP/1.1 429"), fromUi);
        assertTrue(head.contains("\r\naccess-control-allow-origin: " + WardenServer.UI_ORIGIN + "\r\n"), fromUi);
        assertTrue(head.contains("retry-after") && head.contains("access-control-expose-headers: location, retry-after"), fromUi);
        assertEquals(0, ((Number) queryValue("select hits from rate_windows where bucket = ? and window_start = ?",
                "auth:" + flooder, thisMinute)).intValue(), "nothing let through in this minute");
        assertEquals(1, api(a).get("/api/v1/audit-events?type=rate_limited&ip_address=" + flooder,
                api(a).adminToken()).ok(200).json().getInt("total"), "audited once per window");
        assertEquals(401, viaProxy(b, "/api/v1/auth/login", Json.createObjectBuilder().add("username", "nobody")
                .add("password", "Wrong#Password-1").build(), Addresses.unique()).status());
        // the counters live in an unlogged table (V11_3): counting writes no WAL
        assertEquals("u", String.valueOf(queryValue("select relpersistence from pg_class where relname = 'rate_windows'")));
    }

    /** The MFA step counts toward the same per-address limit: guessing there is throttled as at login. */
    @Test
    void theMfaStepIsRateLimitedLikeTheLogin() throws Exception {
        long intoMinute = System.currentTimeMillis() % 60_000;
        if (intoMinute > 45_000) {
            Thread.sleep(61_000 - intoMinute); // all in one minute: the count is then exact
        }
        String guesser = Addresses.unique();
        int refused = 0;
        int limited = 0;
        for (int i = 0; i < PER_MINUTE + 2; i++) {
            Proxied answer = viaProxy(i % 2 == 0 ? a : b, "/api/v1/auth/login/mfa", Json.createObjectBuilder()
                    .add("mfa_token", "guess-" + i).add("code", "123456").build(), guesser);
            if (answer.status() == 401) {
                assertEquals("mfa_token_invalid", answer.body().getString("code"));
                refused++;
            } else {
                assertEquals(429, answer.status(), answer.body().toString());
                assertEquals("rate_limited", answer.body().getString("code"));
                limited++;
            }
        }
        assertEquals(PER_MINUTE, refused);
        assertEquals(2, limited);
    }

    /**
     * A code's time step and a backup code are used once for the cluster: a challenge
     * opened on A completes on B, the same code is then refused on A, and one fresh code or
     * one backup code sent to A and B at the same moment opens one session.
     */
    @Test
    void aSecondFactorCodeOrBackupCodeIsUsedOnceAcrossInstances() throws Exception {
        Api.TestUser user = user();
        Enrolled enrolled = enrol(user);
        Authenticator app = enrolled.app();
        List<String> backup = enrolled.backupCodes();
        String client = Addresses.unique();

        String code = app.next();
        assertEquals(200, secondStep(b, challenge(a, user, client), "code", code, client), "opened on A, done on B");
        assertEquals(400, secondStep(a, challenge(b, user, client), "code", code, client), "replayed on A");

        String racing = app.next();
        List<String> tokens = List.of(challenge(a, user, client), challenge(b, user, client));
        java.util.concurrent.atomic.AtomicInteger index = new java.util.concurrent.atomic.AtomicInteger();
        List<Integer> raced = Parallel.run(2, () -> {
            int i = index.getAndIncrement();
            return secondStep(i == 0 ? a : b, tokens.get(i), "code", racing, client);
        });
        assertEquals(List.of(200, 400), raced.stream().sorted().toList(), "one code, one session: " + raced);

        List<String> more = List.of(challenge(a, user, client), challenge(b, user, client));
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        List<Integer> backups = Parallel.run(2, () -> {
            int i = next.getAndIncrement();
            return secondStep(i == 0 ? a : b, more.get(i), "backup_code", backup.get(0), client);
        });
        assertEquals(List.of(200, 400), backups.stream().sorted().toList(), "one backup code, one session: " + backups);
        assertEquals(3L, queryValue("select count(*) from audit_events where type = 'login_mfa' and outcome = 'success' "
                + "and target_user_id = ?::uuid", user.id()));
        for (Instance server : List.of(a, b)) {
            String log = server.logText();
            for (String secret : List.of(enrolled.secret(), backup.get(0), backup.get(1))) {
                assertFalse(log.contains(secret), "a secret or code in the log of " + server.api().base());
            }
        }
    }

    /**
     * One MFA token is one login for the cluster: sent to A and to B at the same moment,
     * each with a good backup code of its own, it opens one session and uses up one code
     * (the challenge's row lock is in the shared database); the other gets
     * mfa_token_invalid and its code stays.
     */
    @Test
    void oneMfaTokenIsOneLoginAcrossInstances() throws Exception {
        Api.TestUser user = user();
        List<String> backup = enrol(user).backupCodes();
        String client = Addresses.unique();
        String mfaToken = challenge(a, user, client);
        long sessions = (Long) queryValue("select count(*) from sessions where user_id = ?::uuid", user.id());

        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        List<Integer> raced = Parallel.run(2, () -> {
            int i = next.getAndIncrement();
            return secondStep(i == 0 ? a : b, mfaToken, "backup_code", backup.get(i), client);
        });

        assertEquals(List.of(200, 401), raced.stream().sorted().toList(), "one token, one session: " + raced);
        assertEquals(sessions + 1, queryValue("select count(*) from sessions where user_id = ?::uuid", user.id()));
        assertEquals(1L, queryValue("select count(*) from backup_codes where user_id = ?::uuid and used_at is not null",
                user.id()));
    }

    /**
     * A password-reset link is used once for the cluster: four resets with one token, two on
     * each instance at the same moment, each with a password of its own, set one password
     * (one conditional UPDATE in the shared database); the other instance accepts that
     * password at once. The cluster has no SMTP server, so the link is put in the database
     * as Warden stores one (its SHA-256, valid for 15 minutes).
     */
    @Test
    void aResetLinkIsUsedOnceAcrossInstances() throws Exception {
        Api.TestUser user = user();
        byte[] random = new byte[32];
        new java.security.SecureRandom().nextBytes(random);
        String token = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        String hash = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(token.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        update("insert into password_resets (id, user_id, token_hash, expires_at, created_at) "
                + "values (?::uuid, ?::uuid, ?, now() + interval '15 minutes', now())",
                java.util.UUID.randomUUID().toString(), user.id(), hash);
        String client = Addresses.unique();
        record Raced(Instance server, String password, Api.Reply reply) {
        }
        java.util.concurrent.atomic.AtomicInteger turn = new java.util.concurrent.atomic.AtomicInteger();
        List<Raced> raced = Parallel.run(4, () -> {
            int i = turn.getAndIncrement();
            Instance server = i % 2 == 0 ? a : b;
            String password = "Cluster#Reset-" + i + "-2026";
            return new Raced(server, password, server.api().forwardedFor(client).post("/api/v1/auth/reset-password",
                    Json.createObjectBuilder().add("token", token).add("new_password", password).build(), null));
        });

        List<Raced> won = raced.stream().filter(r -> r.reply().status() == 204).toList();
        assertEquals(1, won.size(), () -> raced.stream().map(r -> r.reply().status()).toList().toString());
        raced.stream().filter(r -> r.reply().status() != 204).forEach(r -> r.reply().problem(400, "invalid_token"));
        Instance other = won.get(0).server() == a ? b : a;
        other.api().forwardedFor(client).login(user.username(), won.get(0).password()).ok(200);
        other.api().forwardedFor(client).login(user.username(), user.password()).problem(401, "invalid_credentials");
        assertEquals(1L, queryValue("select count(*) from audit_events where type = 'password_reset' "
                + "and target_user_id = ?::uuid", user.id()));
    }

    /** The user's second factor, set up on A and turned on on B. */
    private record Enrolled(Authenticator app, String secret, List<String> backupCodes) {
    }

    private static Enrolled enrol(Api.TestUser user) {
        String token = api(a).accessToken(user.username(), user.password());
        JsonObject setup = api(a).post("/api/v1/users/me/2fa/setup", null, token).ok(200).json();
        Authenticator app = new Authenticator(setup.getString("otpauth_uri"));
        List<String> backup = api(b).post("/api/v1/users/me/2fa/enable", Json.createObjectBuilder()
                        .add("code", app.next()).build(), token).ok(200).json().getJsonArray("backup_codes")
                .getValuesAs(jakarta.json.JsonString::getString);
        return new Enrolled(app, setup.getString("secret"), backup);
    }

    /** An answer through the trusted proxy, as if from {@code client}: status and JSON body. */
    private record Proxied(int status, JsonObject body) {
    }

    private static Proxied viaProxy(Instance server, String path, JsonObject body, String client) throws Exception {
        String raw = TrustedProxy.exchange(server.api().base(), path, body.toString(), "X-Forwarded-For: " + client);
        int status = Integer.parseInt(raw.substring(9, 12));
        String head = raw.substring(0, raw.indexOf("\r\n\r\n"));
        String rest = raw.substring(raw.indexOf("\r\n\r\n") + 4);
        if (head.toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked")) {
            StringBuilder joined = new StringBuilder();
            while (true) {
                int end = rest.indexOf("\r\n");
                int size = Integer.parseInt(rest.substring(0, end).trim(), 16);
                if (size == 0) {
                    break;
                }
                joined.append(rest, end + 2, end + 2 + size);
                rest = rest.substring(end + 2 + size + 2);
            }
            rest = joined.toString();
        }
        return new Proxied(status, Json.createReader(new java.io.StringReader(rest)).readObject());
    }

    private static String challenge(Instance server, Api.TestUser user, String client) throws Exception {
        Proxied answer = viaProxy(server, "/api/v1/auth/login", Json.createObjectBuilder()
                .add("username", user.username()).add("password", user.password()).build(), client);
        assertEquals(200, answer.status(), answer.body().toString());
        return answer.body().getString("mfa_token");
    }

    private static int secondStep(Instance server, String mfaToken, String member, String value, String client)
            throws Exception {
        return viaProxy(server, "/api/v1/auth/login/mfa", Json.createObjectBuilder().add("mfa_token", mfaToken)
                .add(member, value).build(), client).status();
    }
}
