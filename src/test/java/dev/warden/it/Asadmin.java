package dev.warden.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** asadmin of the distribution, on this JVM's Java, against the domain's admin port. */
record Asadmin(Path home, int adminPort, Path log) {

    void alias(String name, String value, Path folder) throws Exception {
        Path file = Files.createTempFile(folder, "alias", ".txt");
        try {
            Files.writeString(file, "AS_ADMIN_ALIASPASSWORD=" + value + "\n");
            run("--passwordfile", file.toString(), "create-password-alias", name);
        } finally {
            Files.delete(file);
        }
    }

    void run(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin").resolve("asadmin").toString(),
                "--port", String.valueOf(adminPort), "--interactive=false"));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("AS_JAVA", System.getProperty("java.home"));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            fail("asadmin " + arguments[0] + " did not end; " + Files.readString(log));
        }
        assertEquals(0, process.exitValue(), () -> "asadmin " + arguments[0] + " failed: " + tail());
    }

    private String tail() {
        try {
            String text = Files.readString(log);
            return text.substring(Math.max(0, text.length() - 3000));
        } catch (IOException e) {
            return e.toString();
        }
    }
}
