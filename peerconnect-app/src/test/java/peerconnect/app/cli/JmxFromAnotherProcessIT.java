package peerconnect.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.TabularData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * JMX as an operator uses it, against the jlink image's {@code bin/peerconnect run --no-console} in a
 * process of its own: once with the standard {@code -Dcom.sun.management.jmxremote.*} options given
 * through {@code PEERCONNECT_JAVA_OPTS} (remote JMX over RMI on a loopback port), once by attaching to
 * the running process with {@code jcmd PID ManagementAgent.start_local}, which is what jconsole and
 * VisualVM do through the attach API, and connecting to the address it reports. Either way this test
 * JVM is the client: it reads the node's attributes, which the server side computes by calling the
 * MXBean interfaces reflectively (a package not exported to that caller fails with
 * {@code IllegalAccessException} there). Runs after {@code package} built the image; skipped, saying
 * why, without it.
 */
class JmxFromAnotherProcessIT {
    private static final Path IMAGE = Path.of("target", "peerconnect", "bin", "peerconnect").toAbsolutePath();
    private static final Pattern BANNER = Pattern.compile("^peerconnect node ([0-9a-f]{40}) at (\\S+)");

    @TempDir
    Path data;

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void aRemoteJmxClientReadsTheNodesAttributesThroughTheStandardOptions() throws Exception {
        assumeImage();
        int port = freeLoopbackPort();
        String options = "-Dcom.sun.management.jmxremote.port=" + port
                + " -Dcom.sun.management.jmxremote.rmi.port=" + port
                + " -Dcom.sun.management.jmxremote.host=127.0.0.1"
                + " -Djava.rmi.server.hostname=127.0.0.1"
                + " -Dcom.sun.management.jmxremote.authenticate=false"
                + " -Dcom.sun.management.jmxremote.ssl=false";
        try (ImageNode node = ImageNode.start(data, options)) {
            JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi");
            try (JMXConnector connector = JMXConnectorFactory.connect(url)) {
                assertReadsNode(connector.getMBeanServerConnection(), node.id);
            }
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void jcmdStartsTheLocalAgentOfARunningNodeAndAClientReadsItThroughTheAddressItPrints() throws Exception {
        assumeImage();
        Path jcmd = Path.of(ProcessHandle.current().info().command().orElse("java")).resolveSibling("jcmd");
        Assumptions.assumeTrue(Files.isExecutable(jcmd), "no jcmd next to this JVM: " + jcmd);
        try (ImageNode node = ImageNode.start(data, "")) {
            String pid = Long.toString(node.process.pid());
            // What jconsole and VisualVM do through the attach API, by hand.
            run(jcmd.toString(), pid, "ManagementAgent.start_local");
            String status = run(jcmd.toString(), pid, "ManagementAgent.status");
            Matcher address = Pattern.compile("(service:jmx:\\S+)").matcher(status);
            assertTrue(address.find(), "no connector address in: " + status);
            try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address.group(1)))) {
                assertReadsNode(connector.getMBeanServerConnection(), node.id);
            }
        }
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "still running: " + String.join(" ", command));
        assertEquals(0, p.exitValue(), String.join(" ", command) + " printed: " + out);
        return out;
    }

    private static void assertReadsNode(MBeanServerConnection server, String id) throws Exception {
        ObjectName nodeName = new ObjectName("org.peerconnect:type=Node,node=" + id);
        ObjectName dispatcherName = new ObjectName("org.peerconnect:type=Dispatcher,node=" + id);
        Set<ObjectName> published = server.queryNames(new ObjectName("org.peerconnect:*"), null);
        assertEquals(Set.of(nodeName, dispatcherName), published);

        assertEquals(id, server.getAttribute(nodeName, "PeerId"));
        assertTrue(((String) server.getAttribute(nodeName, "Address")).contains(":"));
        assertEquals(false, server.getAttribute(nodeName, "Bootstrapped"));
        TabularData counters = (TabularData) server.getAttribute(nodeName, "Counters");
        assertTrue(counters.containsKey(new Object[] {"kademlia.rpcAttempts"}), "counters: " + counters.keySet());
        assertTrue(counters.containsKey(new Object[] {"gossip.published"}), "counters: " + counters.keySet());
        assertTrue((Long) server.getAttribute(dispatcherName, "Received") >= 0);
        assertTrue((Integer) server.getAttribute(dispatcherName, "PendingReplies") >= 0);
        // The platform beans jconsole charts come along: the image links jdk.management too.
        ObjectName os = new ObjectName("java.lang:type=OperatingSystem");
        assertTrue(server.isRegistered(os));
        assertTrue(server.getAttribute(os, "ProcessCpuLoad") instanceof Double);
    }

    private static void assumeImage() {
        if (!Files.isExecutable(IMAGE)) {
            System.out.println("skipped: no runtime image at " + IMAGE + " (built by package)");
        }
        Assumptions.assumeTrue(Files.isExecutable(IMAGE), "no runtime image at " + IMAGE + " (built by package)");
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** One {@code bin/peerconnect run --no-console} on loopback, stopped (SIGTERM, then SIGKILL) on close. */
    static final class ImageNode implements AutoCloseable {
        final Process process;
        final String id;
        final List<String> output;

        private ImageNode(Process process, String id, List<String> output) {
            this.process = process;
            this.id = id;
            this.output = output;
        }

        static ImageNode start(Path data, String javaOptions, String... extra) throws Exception {
            List<String> command = new ArrayList<>(List.of(IMAGE.toString(), "run", "--no-console",
                    "--no-multicast", "--bind", "127.0.0.1", "--port", "0", "--data-dir", data.toString()));
            command.addAll(List.of(extra));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("PEERCONNECT_JAVA_OPTS", javaOptions);
            Process process = builder.start();
            List<String> output = new ArrayList<>();
            CompletableFuture<String> banner = new CompletableFuture<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        synchronized (output) {
                            output.add(line);
                        }
                        Matcher m = BANNER.matcher(line);
                        if (m.find()) {
                            banner.complete(m.group(1));
                        }
                    }
                } catch (IOException e) {
                    // the process ended
                }
                banner.completeExceptionally(new AssertionError("the node printed no banner: " + output));
            }, "image-node-output");
            reader.setDaemon(true);
            reader.start();
            try {
                return new ImageNode(process, banner.get(30, TimeUnit.SECONDS), output);
            } catch (Exception e) {
                process.destroyForcibly();
                throw new AssertionError("the node did not start: " + output, e);
            }
        }

        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(15, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
