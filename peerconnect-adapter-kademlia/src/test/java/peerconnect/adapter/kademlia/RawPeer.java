package peerconnect.adapter.kademlia;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import peerconnect.domain.DecodeResult;
import peerconnect.domain.Message;
import peerconnect.domain.MessageId;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.PeerId;
import peerconnect.domain.RootCode;
import peerconnect.domain.EnvelopeCodec;
import peerconnect.ports.memory.InMemoryEndpoint;

/**
 * A hand-driven peer on the in-memory network: sends Kademlia requests with any sender id, keeps what
 * it receives, and answers requests only if told how (a spoofer or a dead address never answers).
 */
final class RawPeer {
    private final EnvelopeCodec codec = EnvelopeCodec.create();
    final InMemoryEndpoint endpoint;
    final List<Message> received = new ArrayList<>();
    private long nextId = 1;

    /** @param answer the reply body to a request, or null to stay silent */
    RawPeer(InMemoryEndpoint endpoint, PeerId answeringAs, Function<Message, byte[]> answer) {
        this.endpoint = endpoint;
        endpoint.start((from, datagram) -> {
            if (codec.decode(datagram) instanceof DecodeResult.Decoded d) {
                received.add(d.message());
                KademliaOp request = KademliaOp.ofRequest(d.message().op());
                byte[] body = request == null ? null : answer.apply(d.message());
                if (body != null) {
                    byte replyHeader = request.reply();
                    endpoint.send(from, codec.encode(d.message().replyWith(replyHeader, answeringAs, body)));
                }
            }
        });
    }

    /**
     * A peer with a key that answers only PINGs: with its record naming its own address (sequence
     * {@code sequence}) when the PING asks for it, else empty.
     */
    static RawPeer keyed(InMemoryEndpoint endpoint, peerconnect.domain.NodeKey key, long sequence) {
        peerconnect.domain.NodeRecord record = peerconnect.domain.NodeRecord.sign(key, "raw",
                List.of(endpoint.localAddress()), sequence);
        return new RawPeer(endpoint, key.peerId(), m -> m.op() != KademliaOp.PING.request() ? null
                : ReplyCodec.pong(java.util.Optional.of(record).filter(r -> asksRecord(m)), 1_000));
    }

    /** Whether a request asks for the answering peer's record. */
    static boolean asksRecord(Message m) {
        return KademliaCodec.decodeRequest(m.op(), m.body(), 1_024).asksRecord();
    }

    /** A peer that never answers. */
    static RawPeer silent(InMemoryEndpoint endpoint) {
        return new RawPeer(endpoint, PeerId.of(new byte[PeerId.BYTES]), m -> null);
    }

    NodeAddress address() {
        return endpoint.localAddress();
    }

    void send(NodeAddress to, PeerId as, KademliaCodec.Request request) {
        endpoint.send(to, codec.encode(Message.request(RootCode.KADEMLIA, request.op().request(),
                new MessageId(nextId++), as, KademliaCodec.encode(request))));
    }

    /** Replies received with the given sub-header, oldest first. */
    List<Message> repliesTo(KademliaOp h) {
        return received.stream().filter(m -> m.op() == h.reply()).toList();
    }
}
