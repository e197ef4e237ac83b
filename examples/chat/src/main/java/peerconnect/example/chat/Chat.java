package peerconnect.example.chat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import peerconnect.app.api.Discovery;
import peerconnect.app.api.Peer;
import peerconnect.app.api.PeerConnect;
import peerconnect.app.api.PeerConnectNode;
import peerconnect.app.api.PeerEvent;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.RootCode;

/**
 * A chat room on the LAN: lines typed are published by gossip, {@code ask} sends a request on the
 * application's own root code to every peer and prints the replies, {@code put}/{@code get} use the DHT.
 *
 * <pre>java -p mods -m peerconnect.example.chat/peerconnect.example.chat.Chat NAME [PORT [PEER_HOST:PORT]]</pre>
 */
public final class Chat {
    /** The application's root code: any byte in 0x20..0x7F that the nodes of the chat agree on. */
    static final RootCode CHAT = RootCode.application(0x40);
    /** The one operation of that code: "who are you?", answered with the peer's name. */
    static final byte WHO = 0x01;

    private Chat() {
    }

    /** Starts a node and reads commands from standard input until {@code quit} or its end. */
    public static void main(String[] args) throws Exception {
        String name = args.length > 0 ? args[0] : "chat";
        var builder = PeerConnect.builder().name(name)
                .peerListener(e -> System.out.println(switch (e) {
                    case PeerEvent.Joined j -> "joined ";
                    case PeerEvent.Suspected s -> "suspected ";
                    case PeerEvent.Left l -> "left ";
                } + e.peer().address()))
                .handler(CHAT, event -> event.reply(WHO, utf8("I am " + name)));
        if (args.length > 1) {
            // Given a port and a peer, the chat stays on loopback with discovery off (as the test runs it).
            builder.bind(InetAddress.getLoopbackAddress()).port(Integer.parseInt(args[1])).discovery(Discovery.OFF);
        }
        if (args.length > 2) {
            builder.peers(NodeAddress.parse(args[2]));
        }
        try (PeerConnectNode node = builder.start();
             var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            node.subscribe(m -> System.out.println("chat " + new String(m.payload(), StandardCharsets.UTF_8)));
            System.out.println("started " + node.self().contact().address());
            System.out.println(node.awaitJoined(Duration.ofSeconds(20)) ? "in the network" : "alone");
            String line;
            while ((line = in.readLine()) != null && !line.equals("quit")) {
                run(node, line.trim());
            }
        }
        System.out.println("bye");
    }

    private static void run(PeerConnectNode node, String line) throws Exception {
        String[] w = line.split(" ", 3);
        switch (w[0]) {
            case "ask" -> {
                for (Peer p : node.peers()) {
                    var reply = node.request(p.address(), CHAT, WHO, new byte[0], Duration.ofSeconds(2));
                    try {
                        System.out.println("reply " + new String(reply.get().body(), StandardCharsets.UTF_8));
                    } catch (Exception e) {
                        System.out.println("no reply from " + p.address());
                    }
                }
            }
            case "put" -> System.out.println("stored " + w[1] + " on " + node.put(w[1], utf8(w[2])).get() + " peers");
            case "get" -> System.out.println(node.get(w[1]).get()
                    .map(v -> "value " + w[1] + " " + new String(v, StandardCharsets.UTF_8))
                    .orElse("no value " + w[1]));
            case "peers" -> System.out.println("peers " + node.peers().size());
            case "" -> { }
            default -> node.publish(utf8(line));
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
