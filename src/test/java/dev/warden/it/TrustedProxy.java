package dev.warden.it;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;

/**
 * A request sent from the trusted proxy's address (warden.trusted-proxies of the test
 * server), so that its X-Forwarded-For header names the client, as behind a real proxy.
 */
final class TrustedProxy {

    private TrustedProxy() {
    }

    /** POSTs the JSON body with these extra header lines; returns the status line. */
    static String post(String base, String path, String json, String headerLines) throws Exception {
        return exchange(base, path, json, headerLines).lines().findFirst().orElse("");
    }

    /** POSTs the JSON body with these extra header lines; returns the whole answer, head and body. */
    static String exchange(String base, String path, String json, String headerLines) throws Exception {
        URL url = new URL(base + path);
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(WardenServer.TRUSTED_PROXY), 0));
            socket.connect(new InetSocketAddress("127.0.0.1", url.getPort()));
            OutputStream out = socket.getOutputStream();
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            out.write(("POST " + url.getPath() + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + headerLines + "\r\n"
                    + "Content-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** A login as if from {@code client} behind the proxy; returns the status line. */
    static String login(String base, String username, String password, String client) throws Exception {
        return post(base, "/api/v1/auth/login", "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}",
                "X-Forwarded-For: " + client);
    }
}
