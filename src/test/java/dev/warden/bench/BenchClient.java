package dev.warden.bench;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.HttpClientResponseHandler;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bench's side of the wire: the settings its servers run with, its admin's login, the
 * HTTP calls and the load generators ({@link BenchRun}, {@link Serve}, {@link PairedRefresh},
 * {@link ScaleRun}).
 */
final class BenchClient {

    static final String ADMIN = "bench-admin";
    static final String PASSWORD = "Load#Tester-Pass-2026";
    /** The client of single calls: logins, set-up, probes. */
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /**
     * The client of the load generators ({@link #load}, {@link #refreshLoad}, the login flood):
     * Apache HttpClient's classic, blocking API, one thread per connection. It shares the
     * cores with the server it measures, so its own cost counts: a refresh cost it 0.08–0.11 ms
     * of CPU once warm, against 0.22–0.23 ms for the JDK's {@code HttpClient} (whose
     * asynchronous core hands every exchange between threads) and ~0.07 ms for {@code wrk}
     * (README, "Benchmarks").
     */
    static final CloseableHttpClient LOAD = HttpClients.custom()
            .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                    .setMaxConnPerRoute(256).setMaxConnTotal(256)
                    .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(Timeout.ofSeconds(5))
                            .setSocketTimeout(Timeout.ofSeconds(30)).build())
                    .build())
            .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(Timeout.ofSeconds(30)).build())
            .disableAutomaticRetries().disableCookieManagement().disableRedirectHandling().build();

    record Result(double perSecond, double p50, double p99) {
    }

    /** The settings every server of the bench runs with (also {@link Serve}'s). */
    static Map<String, String> settings(String algorithm) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("warden.password.bcrypt-cost", "12");
        settings.put("warden.jwt.algorithm", algorithm);
        settings.put("warden.bootstrap.admin.username", ADMIN);
        settings.put("warden.bootstrap.admin.email", "bench@warden.test");
        settings.put("warden.bootstrap.admin.password", PASSWORD);
        // The rate limit stays on, as it is by default, so that login and refresh pay for its
        // decision; an allowance no bench client reaches keeps it from answering 429.
        settings.put("warden.rate-limit.auth-per-minute", "100000000");
        settings.put("warden.password.max-queued-hashes", "1000");
        return settings;
    }

    /** A new access token of the bench's admin (a login). */
    static String accessToken(String base) throws Exception {
        return field(post(base + "/api/v1/auth/login", "{\"username\":\"" + ADMIN + "\",\"password\":\"" + PASSWORD
                + "\"}", Map.of()), "access_token");
    }

    /** {@code clients} threads sending the request as fast as answers come, for {@code seconds}. */
    static Result load(String url, String body, IntFunction<Map<String, String>> headers, int clients, int seconds)
            throws Exception {
        return drive(clients, seconds, client -> () -> {
            try {
                return send(url, body, headers.apply(client)) < 300;
            } catch (IOException e) {
                return false;
            }
        });
    }

    /** A request of a load generator ({@link #LOAD}): a GET, or a JSON POST if {@code body} is not null; its status. */
    static int send(String url, String body, Map<String, String> headers) throws IOException {
        return exchange(url, body, headers, response -> {
            EntityUtils.consume(response.getEntity());
            return response.getCode();
        });
    }

    private static <T> T exchange(String url, String body, Map<String, String> headers,
                                  HttpClientResponseHandler<T> handler) throws IOException {
        HttpUriRequestBase request = body == null ? new HttpGet(url) : new HttpPost(url);
        if (body != null) {
            request.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON));
        }
        headers.forEach(request::setHeader);
        return LOAD.execute(request, handler);
    }

    /** Each client refreshes its own session over and over, as a client would. */
    static Result refreshLoad(String base, int clients, int seconds) throws Exception {
        return refreshLoad(base, clients, seconds, Runs.Measure::run);
    }

    /**
     * The refresh load, its {@code clients} chains' logins first; {@code window} wraps the
     * refreshes alone (the logins are bcrypt checks one after the other: what the machine
     * did during them is not the refresh's).
     */
    static Result refreshLoad(String base, int clients, int seconds, ServerStats.Window window) throws Exception {
        List<String[]> tokens = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            tokens.add(new String[]{field(post(base + "/api/v1/auth/login", "{\"username\":\"" + ADMIN
                    + "\",\"password\":\"" + PASSWORD + "\"}", Map.of()), "refresh_token")});
        }
        return window.around(() -> drive(clients, seconds, client -> () -> {
            String[] mine = tokens.get(client);
            String answer = exchange(base + "/api/v1/auth/refresh", "{\"refresh_token\":\"" + mine[0] + "\"}", Map.of(),
                    response -> {
                        String text = EntityUtils.toString(response.getEntity());
                        if (response.getCode() != 200) {
                            throw new IllegalStateException("refresh -> " + response.getCode() + " " + text);
                        }
                        return text;
                    });
            mine[0] = field(answer, "refresh_token");
            return true;
        }));
    }

    /** One request of a client: whether it counts as answered. */
    interface Call {
        boolean once() throws Exception;
    }

    /**
     * Clients {@link #drive} stopped because a call threw, with the first reason of each kind:
     * the bench prints them under its table, so that a run whose rate fell because its
     * clients stopped (a refresh chain refused, a refused connection) says so.
     */
    static final Map<String, LongAdder> STOPPED = new java.util.concurrent.ConcurrentSkipListMap<>();

    /** "none", or "2 × IllegalStateException: refresh -> 401 ..." for each kind of {@link #STOPPED}. */
    static String stopped() {
        return STOPPED.isEmpty() ? "none" : STOPPED.entrySet().stream().map(e -> e.getValue().sum() + " × " + e.getKey())
                .collect(java.util.stream.Collectors.joining("; "));
    }

    /**
     * {@code clients} threads, each making its calls one after the other for {@code seconds};
     * a client whose call throws stops (a refused connection, an ended session) and is
     * counted in {@link #STOPPED}.
     */
    static Result drive(int clients, int seconds, IntFunction<Call> calls) throws Exception {
        LongAdder ok = new LongAdder();
        ConcurrentLinkedQueue<Long> micros = new ConcurrentLinkedQueue<>();
        AtomicBoolean running = new AtomicBoolean(true);
        CountDownLatch done = new CountDownLatch(clients);
        for (int c = 0; c < clients; c++) {
            Call call = calls.apply(c);
            start(() -> {
                try {
                    while (running.get()) {
                        long start = System.nanoTime();
                        if (call.once()) {
                            ok.increment();
                            micros.add((System.nanoTime() - start) / 1000);
                        }
                    }
                } catch (Exception e) {
                    // this client stops; what it did so far counts, and its stop is said
                    String reason = String.valueOf(e.getMessage());
                    STOPPED.computeIfAbsent(e.getClass().getSimpleName() + ": "
                            + reason.substring(0, Math.min(120, reason.length())), k -> new LongAdder()).increment();
                } finally {
                    done.countDown();
                }
            });
        }
        Thread.sleep(seconds * 1000L);
        running.set(false);
        done.await();
        return result(ok.sum() / (double) seconds, micros);
    }

    static Result result(double perSecond, ConcurrentLinkedQueue<Long> micros) {
        List<Long> sorted = new ArrayList<>(micros);
        Collections.sort(sorted);
        if (sorted.isEmpty()) {
            return new Result(perSecond, 0, 0);
        }
        return new Result(perSecond, sorted.get(sorted.size() / 2) / 1000.0,
                sorted.get(Math.min(sorted.size() - 1, (int) (sorted.size() * 0.99))) / 1000.0);
    }

    static HttpRequest request(String url, String body, Map<String, String> headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(builder::header);
        return builder.build();
    }

    static int status(String url, Map<String, String> headers) {
        try {
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
            headers.forEach(builder::header);
            return HTTP.send(builder.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    static String post(String url, String body, Map<String, String> headers) throws Exception {
        HttpResponse<String> response = HTTP.send(request(url, body, headers), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(url + " -> " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }

    static Thread start(Runnable work) {
        Thread thread = new Thread(work);
        thread.start();
        return thread;
    }

    private BenchClient() {
    }
}
