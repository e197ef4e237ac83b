package peerconnect.app.console;

import peerconnect.app.node.AppVersion;
import peerconnect.app.node.StatusReport;
import peerconnect.app.node.RunningNode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import peerconnect.domain.Cancellable;
import peerconnect.domain.DropReason;
import peerconnect.domain.PeerContact;
import peerconnect.ports.ContactStatus;
import peerconnect.app.api.DhtKey;
import peerconnect.domain.PeerId;
import peerconnect.ports.GossipMessage;
import peerconnect.ports.PeerRecord;
import peerconnect.ports.PutRequest;

/**
 * The node's interactive console: reads lines, parses them ({@link ConsoleParser}) and runs them
 * against a {@link RunningNode}, one at a time; each command's results are printed before the next
 * line is read, so a script piped into stdin sees answers in order. Incoming gossip is printed as it
 * arrives. Ends at {@code quit} or the end of input; closing the node is the caller's job.
 *
 * <p>Keys of {@code put} and {@code get} are hashed into the DHT's 160-bit id space with SHA-1 of
 * their UTF-8 bytes; values are stored as UTF-8.
 */
public final class NodeConsole {
    /** How many peers {@code lookup} asks for: Kademlia's k. */
    private static final int LOOKUP_COUNT = 20;

    private final RunningNode node;
    private final ConsoleIo io;
    private final Duration waitLimit;
    private final Duration searchTime;
    /** Whether the command being executed has printed an error; commands run one at a time. */
    private boolean failed;

    /**
     * @param waitLimit  the longest a DHT command waits for its answer before saying so
     * @param searchTime how long {@code search} collects answers from gossip
     */
    public NodeConsole(RunningNode node, ConsoleIo io, Duration waitLimit, Duration searchTime) {
        this.node = node;
        this.io = io;
        this.waitLimit = waitLimit;
        this.searchTime = searchTime;
    }

    /** The DHT key of a console key: the library's one rule, {@link DhtKey#of(String)}. */
    static PeerId keyId(String key) {
        return DhtKey.of(key).id();
    }

    /** Runs until {@code quit} or the end of input. */
    public void run() {
        Cancellable subscription = node.gossip().subscribe(this::printIncoming);
        try {
            while (true) {
                Optional<String> line = io.readLine();
                if (line.isEmpty()) {
                    return;
                }
                ConsoleCommand command = ConsoleParser.parse(line.get());
                if (command instanceof ConsoleCommand.Quit) {
                    return;
                }
                execute(command);
            }
        } finally {
            subscription.cancel();
        }
    }

    /**
     * Runs one command, printing its output to this console's io; the control socket runs its
     * requests through here too, so both speak with one command table.
     *
     * @return false if the command was invalid or failed (an error was printed), true otherwise
     */
    boolean execute(ConsoleCommand command) {
        failed = false;
        try {
            switch (command) {
                case ConsoleCommand.Peers c -> peers(c.json());
                case ConsoleCommand.Lookup c -> lookup(c.target(), c.json());
                case ConsoleCommand.Put c -> put(c.key(), c.value(), c.lifetime());
                case ConsoleCommand.Get c -> get(c.key(), c.json());
                case ConsoleCommand.Delete c -> delete(c.key());
                case ConsoleCommand.Gossip c -> gossip(c.text());
                case ConsoleCommand.Search c -> search(c.name(), c.json());
                case ConsoleCommand.Status c -> status(c.json());
                case ConsoleCommand.Help c -> ConsoleParser.HELP.forEach(io::println);
                case ConsoleCommand.Quit c -> { }
                case ConsoleCommand.Nothing c -> { }
                case ConsoleCommand.Invalid c -> {
                    io.println(c.message());
                    failed = true;
                }
            }
        } catch (RuntimeException e) {
            // A bad value (too large for a datagram) or a failed lookup: say so and keep the console.
            io.println("error: " + reasonOf(e));
            failed = true;
        }
        return !failed;
    }

    private void printIncoming(GossipMessage message) {
        String text = new String(message.payload(), StandardCharsets.UTF_8);
        io.printAsync("gossip from " + message.origin().toHex() + ": " + text);
    }

    private void peers(boolean json) {
        List<ContactStatus> peers = node.dht().contactStatus();
        if (json) {
            io.println(JsonLine.of(Map.of("peers", PeerListing.json(peers))));
        } else if (peers.isEmpty()) {
            io.println("no peers yet");
        } else {
            PeerListing.lines(peers).forEach(io::println);
        }
    }

    private void lookup(PeerId target, boolean json) {
        Optional<List<PeerContact>> found = await(node.dht().closestPeers(target, LOOKUP_COUNT));
        if (found.isEmpty()) {
            return;
        }
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("target", target.toHex());
            out.put("peers", found.get().stream().map(NodeConsole::contact).toList());
            io.println(JsonLine.of(out));
        } else if (found.get().isEmpty()) {
            io.println("no peer answered");
        } else {
            found.get().forEach(p -> io.println(p.id().toHex() + " " + p.address()));
        }
    }

    private void put(String key, String value, java.time.Duration lifetime) {
        PeerId id = keyId(key);
        PutRequest request = new PutRequest(id, value.getBytes(StandardCharsets.UTF_8), lifetime);
        String life = request.untilDeleted() ? "" : ", for " + lifetime.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
        await(node.dht().publish(request)).ifPresent(outcome ->
                io.println("stored '" + key + "' (key " + id.toHex() + ") " + outcome.atPeers() + life));
    }

    private void delete(String key) {
        PeerId id = keyId(key);
        await(node.dht().delete(id)).ifPresent(outcome ->
                io.println("deleted '" + key + "' (key " + id.toHex() + ") " + outcome.atPeers()));
    }

    private void get(String key, boolean json) {
        PeerId id = keyId(key);
        Optional<Optional<byte[]>> answer = await(node.dht().get(id));
        if (answer.isEmpty()) {
            return;
        }
        Optional<String> value = answer.get().map(bytes -> new String(bytes, StandardCharsets.UTF_8));
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("key", key);
            out.put("id", id.toHex());
            out.put("found", value.isPresent());
            out.put("value", value.orElse(null));
            io.println(JsonLine.of(out));
        } else {
            io.println(value.orElse("no value for '" + key + "'"));
        }
    }

    private void gossip(String text) {
        io.println("sent gossip " + node.gossip().publish(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Peers by name from the DHT's peer lists and from a gossip search, each printed once as it arrives. */
    private void search(String name, boolean json) {
        Set<PeerId> seen = ConcurrentHashMap.newKeySet();
        CompletableFuture<?> byGossip = node.gossip().search(name, searchTime,
                found -> printFound(seen, found.contact(), found.name(), "gossip", json));
        CompletableFuture<?> byDht = node.dht().searchPeers(name).thenAccept(records -> {
            for (PeerRecord r : records) {
                printFound(seen, r.contact(), r.name(), "dht", json);
            }
        });
        await(CompletableFuture.allOf(byGossip, byDht).handle((x, failure) -> x));
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("query", name);
            out.put("found", seen.size());
            io.println(JsonLine.of(out));
        } else {
            io.println(seen.size() + (seen.size() == 1 ? " peer" : " peers") + " found for '" + name + "'");
        }
    }

    private void printFound(Set<PeerId> seen, PeerContact contact, String name, String via, boolean json) {
        if (!seen.add(contact.id())) {
            return;
        }
        if (json) {
            Map<String, Object> out = contact(contact);
            out.put("name", name);
            out.put("via", via);
            io.println(JsonLine.of(out));
        } else {
            io.println("'" + name + "' " + contact.id().toHex() + " " + contact.address() + " (" + via + ")");
        }
    }

    private void status(boolean json) {
        StatusReport s = node.status();
        Map<String, Long> drops = new TreeMap<>();
        for (DropReason reason : DropReason.values()) {
            drops.put(reason.name(), s.dispatcher().dropped(reason));
        }
        Map<String, Object> dispatcher = new LinkedHashMap<>();
        dispatcher.put("received", s.dispatcher().received());
        dispatcher.put("dispatched", s.dispatcher().dispatched());
        dispatcher.put("repliesMatched", s.dispatcher().repliesMatched());
        dispatcher.put("requestsSent", s.dispatcher().requestsSent());
        dispatcher.put("requestsTimedOut", s.dispatcher().requestsTimedOut());
        dispatcher.put("handlerFailures", s.dispatcher().handlerFailures());
        dispatcher.put("sendFailures", s.dispatcher().sendFailures());
        dispatcher.put("queued", s.dispatcher().queued());
        dispatcher.put("pendingReplies", s.dispatcher().pendingReplies());
        dispatcher.put("verifiedSources", s.dispatcher().verifiedSources());
        dispatcher.put("repliesRefusedOverBudget", s.dispatcher().repliesRefusedOverBudget());
        Map<String, Object> buckets = new TreeMap<>();
        new TreeMap<>(s.bucketFill()).forEach((bucket, fill) -> buckets.put(String.valueOf(bucket), fill));
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("id", s.self().contact().id().toHex());
            out.put("name", s.self().name());
            out.put("version", AppVersion.version());
            out.put("uptimeSeconds", s.uptime().toSeconds());
            out.put("address", s.self().contact().address().toString());
            out.put("addresses", s.addresses().stream().map(Object::toString).toList());
            out.put("bootstrapped", s.bootstrapped());
            out.put("discovery", s.discovery());
            out.put("discoveryState", StatusText.discoveryWord(s.discovery()));
            out.put("buckets", new TreeMap<>(s.bucketFill()).entrySet().stream()
                    .map(e -> Map.of("bucket", e.getKey(), "contacts", e.getValue())).toList());
            out.put("dispatcher", dispatcher);
            out.put("dropped", drops);
            out.put("counters", new TreeMap<>(s.counters()));
            io.println(JsonLine.of(out));
            return;
        }
        StatusText.lines(s, AppVersion.version()).forEach(io::println);
    }

    private static Map<String, Object> contact(PeerContact contact) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", contact.id().toHex());
        out.put("address", contact.address().toString());
        return out;
    }

    /** The future's value, or empty after printing why there is none (timeout or failure). */
    private <T> Optional<T> await(CompletableFuture<T> future) {
        try {
            return Optional.ofNullable(future.get(waitLimit.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            failed = true;
            future.cancel(false);
            io.println("error: no answer within " + waitLimit.toSeconds() + " s");
        } catch (ExecutionException e) {
            failed = true;
            io.println("error: " + reasonOf(e.getCause()));
        } catch (InterruptedException e) {
            failed = true;
            Thread.currentThread().interrupt();
            io.println("error: interrupted");
        }
        return Optional.empty();
    }

    private static String reasonOf(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
