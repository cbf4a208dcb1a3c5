import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load against a running Warden, measured from outside like a client would see it.
 * No dependencies: run with {@code java bench/Bench.java BASE_URL ADMIN PASSWORD [SECONDS]}
 * (bench/run.sh starts a server and does that). Scenarios:
 * <ol>
 * <li>bearer: GET /auth/me with an access token (signature + session lookup per request)</li>
 * <li>api-key: GET /auth/me with an X-API-Key (checksum + one indexed lookup per request)</li>
 * <li>login: POST /auth/login with the right password (bcrypt at the configured cost)</li>
 * <li>bearer during a login flood: the bcrypt gate must leave token-verified requests fast</li>
 * </ol>
 */
public class Bench {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    record Result(String name, int threads, long ok, long other, Map<Integer, Long> statuses, List<Long> micros,
                  double seconds) {
        void print() {
            List<Long> sorted = new ArrayList<>(micros);
            Collections.sort(sorted);
            System.out.printf("%-34s %3d thr %8.1f req/s  p50 %7.1f ms  p99 %7.1f ms  max %7.1f ms  statuses %s%n",
                    name, threads, ok / seconds, pct(sorted, 50), pct(sorted, 99),
                    sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1) / 1000.0, statuses);
        }

        static double pct(List<Long> sorted, int p) {
            if (sorted.isEmpty()) {
                return 0;
            }
            return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1)) / 1000.0;
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: java bench/Bench.java BASE_URL ADMIN_USERNAME ADMIN_PASSWORD [SECONDS]");
            System.exit(2);
        }
        String base = args[0].replaceAll("/$", "");
        String admin = args[1];
        String password = args[2];
        int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        waitForServer(base);

        String token = field(login(base, admin, password).body(), "access_token");
        String key = field(send(post(base + "/api/v1/users/me/api-keys",
                "{\"key_name\":\"bench-" + System.nanoTime() + "\"}").header("Authorization", "Bearer " + token)).body(),
                "api_key");
        Supplier<HttpRequest.Builder> bearer = () -> HttpRequest.newBuilder(URI.create(base + "/api/v1/auth/me"))
                .header("Authorization", "Bearer " + token);
        Supplier<HttpRequest.Builder> apiKey = () -> HttpRequest.newBuilder(URI.create(base + "/api/v1/auth/me"))
                .header("X-API-Key", key);
        Supplier<HttpRequest.Builder> loginRequest = () -> post(base + "/api/v1/auth/login",
                "{\"username\":\"" + admin + "\",\"password\":\"" + password + "\"}");

        System.out.printf("Warden at %s, %d s per scenario, %d cores here%n", base, seconds,
                Runtime.getRuntime().availableProcessors());
        run("warm-up (bearer)", 4, Math.max(2, seconds / 2), bearer, null);
        run("bearer GET /auth/me", 8, seconds, bearer, null).print();
        run("api-key GET /auth/me", 8, seconds, apiKey, null).print();
        run("login (bcrypt)", 8, seconds, loginRequest, null).print();
        run("bearer while 32 threads log in", 4, seconds, bearer, loginRequest).print();
    }

    /** Runs {@code threads} clients of {@code request}; with a {@code flood}, 32 more clients send that meanwhile. */
    static Result run(String name, int threads, int seconds, Supplier<HttpRequest.Builder> request,
                      Supplier<HttpRequest.Builder> flood) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        LongAdder ok = new LongAdder();
        LongAdder other = new LongAdder();
        Map<Integer, Long> statuses = new ConcurrentHashMap<>();
        List<Long> micros = Collections.synchronizedList(new ArrayList<>());
        Map<Integer, Long> floodStatuses = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads + (flood == null ? 0 : 32));
        List<Future<?>> running = new ArrayList<>();
        if (flood != null) {
            for (int i = 0; i < 32; i++) {
                running.add(pool.submit(() -> {
                    while (!stop.get()) {
                        int status = sendQuietly(flood.get());
                        floodStatuses.merge(status, 1L, Long::sum);
                    }
                    return null;
                }));
            }
            Thread.sleep(1000);
        }
        long start = System.nanoTime();
        for (int i = 0; i < threads; i++) {
            running.add(pool.submit(() -> {
                while (!stop.get()) {
                    long t0 = System.nanoTime();
                    int status = sendQuietly(request.get());
                    long took = (System.nanoTime() - t0) / 1000;
                    statuses.merge(status, 1L, Long::sum);
                    if (status == 200) {
                        ok.increment();
                        micros.add(took);
                    } else {
                        other.increment();
                    }
                }
                return null;
            }));
        }
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        double elapsed = (System.nanoTime() - start) / 1e9;
        for (Future<?> f : running) {
            f.get();
        }
        pool.shutdown();
        if (flood != null) {
            System.out.printf("  (login flood meanwhile: statuses %s)%n", floodStatuses);
        }
        return new Result(name, threads, ok.sum(), other.sum(), statuses, micros, elapsed);
    }

    static HttpRequest.Builder post(String url, String json) {
        return HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
    }

    static HttpResponse<String> login(String base, String user, String password) throws Exception {
        HttpResponse<String> response = send(post(base + "/api/v1/auth/login",
                "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}"));
        if (response.statusCode() != 200) {
            throw new IllegalStateException("login failed: " + response.statusCode() + " " + response.body());
        }
        return response;
    }

    static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static int sendQuietly(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }

    static void waitForServer(String base) throws Exception {
        long deadline = System.currentTimeMillis() + 180_000;
        while (System.currentTimeMillis() < deadline) {
            if (sendQuietly(HttpRequest.newBuilder(URI.create(base + "/api/v1/auth/me"))) == 401) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("Warden did not answer at " + base);
    }
}
