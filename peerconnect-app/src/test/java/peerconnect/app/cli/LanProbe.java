package peerconnect.app.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MulticastSocket;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;

/**
 * A child program for {@link ImpairedLanIT}, run inside one host namespace: sends numbered datagrams
 * stamped with {@link System#nanoTime} (all namespaces share the host's monotonic clock, so a receiver
 * measures one-way delay) and counts what it receives. Commands on stdin, one answer line each:
 * {@code listen PORT [GROUP]} (joins GROUP on {@code lan0}), {@code send HOST PORT COUNT}, {@code report}
 * (and start counting afresh), {@code quit}.
 */
final class LanProbe {
    private DatagramSocket socket;
    private final BitSet seen = new BitSet();
    private long received;
    private long duplicates;
    private long reordered;
    private int highest = -1;
    private double minDelayMs = Double.MAX_VALUE;
    private double maxDelayMs;

    private LanProbe() {
    }

    public static void main(String[] args) throws IOException {
        LanProbe probe = new LanProbe();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        System.out.println("ready");
        String line;
        while ((line = in.readLine()) != null && !line.equals("quit")) {
            String[] w = line.strip().split(" ");
            String answer = switch (w[0]) {
                case "listen" -> probe.listen(Integer.parseInt(w[1]), w.length > 2 ? w[2] : null);
                case "send" -> send(w[1], Integer.parseInt(w[2]), Integer.parseInt(w[3]));
                case "report" -> probe.report();
                default -> "error unknown command " + w[0];
            };
            System.out.println(answer);
        }
        System.exit(0);
    }

    private String listen(int port, String group) throws IOException {
        MulticastSocket s = new MulticastSocket(port);
        if (group != null) {
            s.joinGroup(new InetSocketAddress(InetAddress.getByName(group), port), NetworkInterface.getByName("lan0"));
        }
        socket = s;
        Thread.ofPlatform().daemon().start(() -> {
            DatagramPacket p = new DatagramPacket(new byte[256], 256);
            try {
                while (true) {
                    s.receive(p);
                    long now = System.nanoTime();
                    String[] f = new String(p.getData(), 0, p.getLength(), StandardCharsets.US_ASCII).split(" ");
                    count(Integer.parseInt(f[0]), (now - Long.parseLong(f[1])) / 1e6);
                }
            } catch (SocketException closed) {
                // quit
            } catch (IOException | RuntimeException e) {
                System.out.println("error receiving: " + e);
            }
        });
        return "listening " + port;
    }

    private synchronized void count(int seq, double delayMs) {
        received++;
        if (seen.get(seq)) {
            duplicates++;
        }
        seen.set(seq);
        if (seq < highest) {
            reordered++;
        }
        highest = Math.max(highest, seq);
        minDelayMs = Math.min(minDelayMs, delayMs);
        maxDelayMs = Math.max(maxDelayMs, delayMs);
    }

    private synchronized String report() {
        String r = String.format("report received=%d distinct=%d duplicates=%d reordered=%d minDelayMs=%.1f maxDelayMs=%.1f",
                received, seen.cardinality(), duplicates, reordered, received == 0 ? 0 : minDelayMs, maxDelayMs);
        seen.clear();
        received = duplicates = reordered = 0;
        highest = -1;
        minDelayMs = Double.MAX_VALUE;
        maxDelayMs = 0;
        return r;
    }

    /** Sends COUNT datagrams, one every 2 ms: spaced closer than the jitter, so a bad link reorders them. */
    private static String send(String host, int port, int count) throws IOException {
        try (DatagramSocket s = new DatagramSocket()) {
            InetAddress to = InetAddress.getByName(host);
            if (to.isMulticastAddress()) {
                ((java.net.DatagramSocket) s).setOption(java.net.StandardSocketOptions.IP_MULTICAST_IF,
                        NetworkInterface.getByName("lan0"));
            }
            for (int i = 0; i < count; i++) {
                byte[] b = (i + " " + System.nanoTime()).getBytes(StandardCharsets.US_ASCII);
                s.send(new DatagramPacket(b, b.length, to, port));
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        return "sent " + count;
    }
}
