package dev.warden.it;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** asadmin of the distribution, on this JVM's Java, against the domain's admin port. */
record Asadmin(Path home, int adminPort, Path log) {

    /**
     * Seconds a start of the domain administration server (DAS) may take. A fresh domain's DAS
     * answers in 7-20 s here (42 s with every host-name lookup timing out); on one CI machine it
     * had not answered after five minutes, and nothing in asadmin's output said why.
     */
    private static final int START_SECONDS = Integer.getInteger("warden.it.dasStartSeconds", 150);

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
        assertEquals(0, exec(arguments), () -> "asadmin " + arguments[0] + " failed: " + tail(log, 3000));
    }

    /**
     * {@code start-domain} or {@code restart-domain}, bounded. A DAS that has not answered in
     * {@link #START_SECONDS} is taken apart before it is killed: its threads (jcmd) and the end of
     * its server.log are printed and kept in it-logs. Then it is started once more. If that start
     * fails too, the test is aborted with what the dump showed: Payara Server's own boot failed on
     * this machine before Warden was deployed, which says nothing about Warden (and a failure
     * after the DAS answered still fails the test).
     */
    void start(String command, Path domains, String domain) throws Exception {
        if (exec(command, "--timeout", String.valueOf(START_SECONDS), "--domaindir", domains.toString(), domain) == 0) {
            return;
        }
        String first = takeApart(domains, domain, 1);
        if (exec("start-domain", "--timeout", String.valueOf(START_SECONDS), "--domaindir", domains.toString(), domain) == 0) {
            return;
        }
        String second = takeApart(domains, domain, 2);
        Assumptions.abort("Payara Server's DAS did not start on this machine, twice, within " + START_SECONDS
                + " s (the dumps are in the run's it-logs and its output). First: " + first + "\nSecond: " + second);
    }

    private int exec(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin").resolve("asadmin").toString(),
                "--port", String.valueOf(adminPort), "--interactive=false"));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("AS_JAVA", System.getProperty("java.home"));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        if (!process.waitFor(START_SECONDS + 150L, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("asadmin " + arguments[0] + " did not end; " + tail(log, 3000));
        }
        return process.exitValue();
    }

    /**
     * The DAS that did not answer: its threads and log's end printed and kept, then killed.
     * Returns the short form for a message: the boot threads' top frames and the log's last lines.
     */
    private String takeApart(Path domains, String domain, int attempt) throws Exception {
        Path root = domains.resolve(domain);
        Optional<ProcessHandle> das = ProcessHandle.allProcesses()
                .filter(process -> process.info().commandLine()
                        .map(line -> line.contains("-Dcom.sun.aas.instanceRoot=" + root)).orElse(false))
                .findFirst();
        String threads = das.map(process -> threads(process.pid())).orElse("(no DAS process: it ended)");
        String serverLog = tail(root.resolve("logs").resolve("server.log"), 6000);
        String dump = "asadmin:\n" + tail(log, 2000) + "\n\nthreads:\n" + threads + "\n\nserver.log:\n" + serverLog;
        Path kept = domains.resolve("das-start-failure-" + attempt + ".txt");
        Files.writeString(kept, dump);
        WardenProcess.keepLog(kept);
        System.out.println("PayaraServerIT: the DAS did not answer in " + START_SECONDS + " s (attempt " + attempt + ")\n" + dump);
        das.ifPresent(process -> {
            process.destroyForcibly();
            process.onExit().join();
        });
        return bootThreads(threads) + "\nserver.log ends:\n" + tail(root.resolve("logs").resolve("server.log"), 1500);
    }

    private static String threads(long pid) {
        try {
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    String.valueOf(pid), "Thread.print").redirectErrorStream(true).start();
            String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            jcmd.waitFor(1, TimeUnit.MINUTES);
            return out;
        } catch (IOException | InterruptedException e) {
            return "(jcmd failed: " + e + ")";
        }
    }

    /** The threads that boot the server (main, Felix's start level, HK2's run levels), 12 frames each. */
    static String bootThreads(String dump) {
        StringBuilder out = new StringBuilder();
        for (String block : dump.split("\n\n")) {
            String header = block.lines().findFirst().orElse("");
            if (header.startsWith("\"main\"") || header.contains("FelixStartLevel") || header.contains("RunLevelController")) {
                block.lines().limit(14).forEach(line -> out.append(line).append('\n'));
            }
        }
        return out.length() == 0 ? "(no boot thread in the dump)" : out.toString();
    }

    private static String tail(Path file, int characters) {
        try {
            String text = Files.readString(file, StandardCharsets.ISO_8859_1);
            return text.substring(Math.max(0, text.length() - characters));
        } catch (IOException e) {
            return "(" + file + ": " + e + ")";
        }
    }
}
