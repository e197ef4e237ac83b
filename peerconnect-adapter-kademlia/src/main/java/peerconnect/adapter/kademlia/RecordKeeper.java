package peerconnect.adapter.kademlia;

import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import peerconnect.domain.CounterSink;
import peerconnect.domain.CounterSource;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.NodeKey;
import peerconnect.domain.NodeRecord;
import peerconnect.domain.NodeRecordBook;
import peerconnect.domain.PeerContact;
import peerconnect.domain.PeerId;
import peerconnect.ports.PeerRecord;

/**
 * The signed node records of contacts and peer lists: this node's own (signed with its key, if it has one;
 * sequence = its clock in milliseconds when it signed), and the {@link NodeRecordBook} that checks
 * every record other peers store into a list or answer a search with, once each and under the node's
 * budget of signature checks, and every record a contact answers with to prove its id ({@link #prove}).
 * Checks of records not yet known run on the executor, never on the
 * thread that received the datagram. Thread-safe; never called under the node's lock when it checks.
 */
final class RecordKeeper implements CounterSource {
    private static final Logger LOG = LoggerFactory.getLogger(RecordKeeper.class);

    private final Optional<NodeRecord> own;
    private final NodeRecordBook book;
    private final Executor executor;

    /**
     * @param key      this node's key, or empty for a node that cannot sign (it then registers in no
     *                 peer list, and still checks the records others send)
     * @param self     this node's id, address and name
     * @param book     verified records, shared with nothing else
     * @param executor where checks of new records run
     * @param clock    the sequence number of this node's record
     */
    RecordKeeper(Optional<NodeKey> key, PeerRecord self, NodeRecordBook book, Executor executor, InstantSource clock) {
        this.book = Objects.requireNonNull(book, "book");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.own = key.map(k -> {
            if (!k.peerId().equals(self.contact().id())) {
                throw new IllegalArgumentException("the node key is for " + k.peerId() + ", the node is "
                        + self.contact().id());
            }
            String name = new String(BodyWriter.nameBytes(self.name()), java.nio.charset.StandardCharsets.UTF_8);
            return NodeRecord.sign(k, name, List.of(self.contact().address()), clock.millis());
        });
    }

    /** This node's signed record, if it has a key. */
    Optional<NodeRecord> own() {
        return own;
    }

    /**
     * Whether a contact must prove its id with a record before it enters the routing table: for a
     * node with a key. A node without one (a keyless simulation) admits contacts on a proven address
     * alone, as before records, and asks nobody for a record.
     */
    boolean requiresRecords() {
        return own.isPresent();
    }

    /** Whether a call to {@code peer} should ask for its record: one is required and none held names that address. */
    boolean wants(PeerContact peer) {
        return requiresRecords() && !names(book.get(peer.id()), peer.address());
    }

    /** The verified record held for {@code id}, if any: its name is the peer's name everywhere peers are shown. */
    Optional<NodeRecord> held(PeerId id) {
        return book.get(id);
    }

    /**
     * What the records say of {@code peer}, which answered a call of ours from its address, carrying
     * {@code carried} (if the answer held a record) after a call that asked for one or not: checked
     * at once when no signature needs checking, else on the executor (off the receiving thread,
     * under the node's one budget). Completes exactly once, never exceptionally.
     */
    CompletableFuture<ContactAdmission.Proof> prove(PeerContact peer, Optional<NodeRecord> carried, boolean asked) {
        if (!requiresRecords()) {
            return CompletableFuture.completedFuture(ContactAdmission.Proof.NOT_REQUIRED);
        }
        if (carried.isEmpty()) {
            Optional<NodeRecord> held = book.get(peer.id());
            return CompletableFuture.completedFuture(names(held, peer.address()) ? ContactAdmission.Proof.PROVEN
                    : !asked ? ContactAdmission.Proof.UNPROVEN
                    : held.isPresent() ? ContactAdmission.Proof.ADDRESS_NOT_IN_RECORD : ContactAdmission.Proof.NO_RECORD);
        }
        NodeRecord record = carried.get();
        if (!record.peerId().equals(peer.id())) {
            // Cheap and first: a record signed by another key proves nothing about this id.
            return CompletableFuture.completedFuture(ContactAdmission.Proof.RECORD_OF_ANOTHER_ID);
        }
        Optional<NodeRecord> held = book.get(peer.id());
        if (held.isPresent() && held.get().equals(record)) {
            book.offer(record, peer.address()); // counted as known; no check
            return CompletableFuture.completedFuture(proofBy(Optional.of(record), peer.address()));
        }
        CompletableFuture<ContactAdmission.Proof> out = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                NodeRecordBook.Verdict v = book.offer(record, peer.address());
                if (v instanceof NodeRecordBook.Refused r && r.reason() != NodeRecordBook.Reason.STALE) {
                    LOG.debug("node record of {} from={} refused: {}", peer.id().shortHex(), peer.address(), r.reason());
                    out.complete(ContactAdmission.Proof.RECORD_REFUSED);
                } else {
                    out.complete(proofBy(v.current(), peer.address()));
                }
            });
        } catch (RuntimeException e) { // the executor is shut down: the node is stopping
            out.complete(ContactAdmission.Proof.RECORD_REFUSED);
        }
        return out;
    }

    private static ContactAdmission.Proof proofBy(Optional<NodeRecord> current, NodeAddress address) {
        return names(current, address) ? ContactAdmission.Proof.PROVEN : ContactAdmission.Proof.ADDRESS_NOT_IN_RECORD;
    }

    private static boolean names(Optional<NodeRecord> record, NodeAddress address) {
        return record.isPresent() && record.get().addresses().contains(address);
    }

    /**
     * Checks {@code record} from {@code source} on the executor (at once if it is the record held
     * already) and hands the verified record to {@code use}; a refused record is counted and logged.
     */
    void checkThen(NodeRecord record, NodeAddress source, java.util.function.Consumer<NodeRecord> use) {
        Optional<NodeRecord> held = book.get(record.peerId());
        if (held.isPresent() && held.get().equals(record)) {
            book.offer(record, source); // counted as known; no check
            use.accept(record);
            return;
        }
        executor.execute(() -> check(record, source).ifPresent(use));
    }

    /** Checks {@code record} now, on the calling thread: the verified record, or empty (counted). */
    Optional<NodeRecord> check(NodeRecord record, NodeAddress source) {
        NodeRecordBook.Verdict v = book.offer(record, source);
        if (v instanceof NodeRecordBook.Refused r) {
            LOG.debug("node record of {} from={} refused: {}", record.peerId().shortHex(), source, r.reason());
            return r.reason() == NodeRecordBook.Reason.STALE ? r.held() : Optional.empty();
        }
        return v.current();
    }

    /** The record as the port's peer record: its peer, its first address, its name. */
    static PeerRecord toPeerRecord(NodeRecord r) {
        return new PeerRecord(new PeerContact(r.peerId(), r.addresses().get(0)), r.name());
    }

    /** The book's counters under the node's prefix: {@code kademlia.records.accepted}, {@code .known}, {@code .refused.<REASON>}. */
    @Override
    public void reportCounters(CounterSink sink) {
        book.reportCounters(new CounterSink() {
            @Override
            public void counter(String name, long value) {
                sink.counter("kademlia." + name, value);
            }

            @Override
            public void gauge(String name, long value) {
                sink.gauge("kademlia." + name, value);
            }
        });
    }
}
