package dev.warden.listener;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Payara Server's listener settings say what Payara Micro's pre-boot commands say. */
class ServerSettingsTest {

    private static List<String> commands(String file) throws IOException {
        return Files.readAllLines(Path.of("server-config", "payara", file)).stream()
                .map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
    }

    @Test
    void everyListenerSettingOfPayaraMicroIsInPayaraServersFileForItsListener() throws IOException {
        List<String> micro = commands("http-listener.asadmin");
        List<String> server = commands("server.asadmin");
        assertFalse(micro.isEmpty());
        List<String> forServer = micro.stream()
                .map(line -> line.replace("protocol.http-listener.", "protocol.http-listener-1.")
                        .replace("network-listener.http-listener.", "network-listener.http-listener-1.")
                        .replace("--targetprotocol http-listener ", "--targetprotocol http-listener-1 "))
                .toList();
        assertEquals(forServer, server.stream().filter(line -> !line.startsWith("create-jvm-options")
                && !line.startsWith("add-library") && !line.equals("disable-phone-home")).toList());
        assertTrue(server.stream().noneMatch(line -> line.contains("http-listener.")), "no Micro listener name");
    }

    @Test
    void payaraServersFileBringsTheListenerJarAndTheJvmOptionsTheReadmeNames() throws IOException {
        List<String> server = commands("server.asadmin");
        assertTrue(server.contains("add-library target/warden-listener.jar"));
        assertTrue(server.contains("add-library target/accp.jar"), "the native signer once for the server");
        assertTrue(server.contains("create-jvm-options -Dorg.glassfish.grizzly.http.STRICT_HEADER_VALUE_VALIDATION_RFC_9110=false"));
        assertTrue(server.contains("create-jvm-options -Djakarta.json.provider=org.eclipse.parsson.JsonProviderImpl"));
        assertTrue(server.contains("disable-phone-home"));
    }
}
