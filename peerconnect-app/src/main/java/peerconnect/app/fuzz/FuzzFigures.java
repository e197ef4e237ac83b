package peerconnect.app.fuzz;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What {@code bench fuzz} measured: the mutations made, what the decoders made of them, and what each
 * live node made of them.
 *
 * @param decoders null when the decoders were not a target
 */
record FuzzFigures(long seed, long datagrams, List<String> corpusTypes, int corpusDatagrams,
                   Map<DatagramMutator.Kind, Long> mutations, DecoderFuzz.Figures decoders,
                   List<NodeFuzz.Figures> nodes, double seconds) {
    FuzzFigures {
        corpusTypes = List.copyOf(corpusTypes);
        mutations = Map.copyOf(mutations);
        nodes = List.copyOf(nodes);
    }

    /** Exceptions that escaped a decoder, plus handler calls that threw in the nodes. */
    long escaped() {
        return (decoders == null ? 0 : decoders.escaped())
                + nodes.stream().mapToLong(NodeFuzz.Figures::handlerFailures).sum();
    }

    /** Nothing escaped, no decoder was wrong, every node accounted for every datagram and still answered. */
    boolean passed() {
        return escaped() == 0 && (decoders == null || decoders.wrong() == 0)
                && nodes.stream().allMatch(n -> n.accounted() && n.answered());
    }

    String toText() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "bench fuzz: seed %d, %,d datagrams per target, corpus of %d valid datagrams"
                + " of %d types%n", seed, datagrams, corpusDatagrams, corpusTypes.size()));
        if (!mutations.isEmpty()) {
            b.append("mutations: ").append(counts(mutations)).append(System.lineSeparator());
        }
        if (decoders != null) {
            b.append(String.format(Locale.ROOT, "decoders: EnvelopeCodec decoded %,d, rejected %s%n", decoders.decoded(),
                    counts(decoders.rejected())));
            b.append(String.format(Locale.ROOT, "  DiscoveryCodec: %,d discovery bodies, %,d valid addresses%n",
                    decoders.discoveryBodies(), decoders.discoveryBodiesValid()));
            b.append(String.format(Locale.ROOT, "  DatagramSeal: intact sealed opened %,d, tampered rejected %,d (%s),"
                    + " wrong %d%n", decoders.sealedIntactOpened(), decoders.sealedTamperedRejected(),
                    counts(decoders.sealRejections()), decoders.wrong()));
            b.append(String.format(Locale.ROOT, "  exceptions escaped: %d%n", decoders.escaped()));
            decoders.escapes().forEach(e -> b.append("    ").append(e).append(System.lineSeparator()));
        }
        for (NodeFuzz.Figures n : nodes) {
            b.append(String.format(Locale.ROOT, "node: %s, %.1f s%n", n.target(), n.seconds()));
            b.append(String.format(Locale.ROOT, "  sent %,d, lost before the node %,d; received %,d = dispatched %,d"
                            + " + replies matched %,d + dropped %,d (%s): %s%n", n.sent(), n.lostBeforeNode(),
                    n.received(), n.dispatched(), n.matched(), n.totalDropped(), counts(n.dropped()),
                    n.accounted() ? "all accounted" : "NOT ACCOUNTED (queued " + n.queued() + ")"));
            b.append(String.format(Locale.ROOT, "  handler exceptions %d, bodies rejected by the protocols %,d,"
                            + " sends refused (not loopback) %,d, answers PING afterwards: %s%n", n.handlerFailures(),
                    n.protocolRejected(), n.refusedSends(), n.answered() ? "yes" : "NO"));
        }
        b.append(String.format(Locale.ROOT, "exceptions escaped: %d; %s; %.1f s%n", escaped(),
                passed() ? "passed" : "FAILED", seconds));
        return b.toString();
    }

    String toJson() {
        StringBuilder b = new StringBuilder("{");
        b.append("\"seed\":").append(seed).append(",\"datagrams\":").append(datagrams);
        b.append(",\"corpus_datagrams\":").append(corpusDatagrams);
        b.append(",\"corpus_types\":[").append(corpusTypes.stream().map(t -> '"' + t + '"')
                .collect(Collectors.joining(","))).append(']');
        b.append(",\"mutations\":").append(json(mutations));
        if (decoders != null) {
            b.append(",\"decoders\":{\"decoded\":").append(decoders.decoded());
            b.append(",\"rejected\":").append(json(decoders.rejected()));
            b.append(",\"discovery_bodies\":").append(decoders.discoveryBodies());
            b.append(",\"discovery_bodies_valid\":").append(decoders.discoveryBodiesValid());
            b.append(",\"sealed_intact_opened\":").append(decoders.sealedIntactOpened());
            b.append(",\"sealed_tampered_rejected\":").append(decoders.sealedTamperedRejected());
            b.append(",\"seal_rejections\":").append(json(decoders.sealRejections()));
            b.append(",\"wrong\":").append(decoders.wrong());
            b.append(",\"escaped\":").append(decoders.escaped()).append('}');
        }
        b.append(",\"nodes\":[");
        for (int i = 0; i < nodes.size(); i++) {
            NodeFuzz.Figures n = nodes.get(i);
            b.append(i == 0 ? "" : ",").append("{\"target\":\"").append(n.target()).append('"');
            b.append(",\"sent\":").append(n.sent()).append(",\"lost_before_node\":").append(n.lostBeforeNode());
            b.append(",\"received\":").append(n.received()).append(",\"dispatched\":").append(n.dispatched());
            b.append(",\"replies_matched\":").append(n.matched()).append(",\"dropped\":").append(json(n.dropped()));
            b.append(",\"dropped_total\":").append(n.totalDropped());
            b.append(",\"accounted\":").append(n.accounted()).append(",\"handler_exceptions\":").append(n.handlerFailures());
            b.append(",\"protocol_rejected\":").append(n.protocolRejected());
            b.append(",\"sends_refused\":").append(n.refusedSends()).append(",\"answered\":").append(n.answered());
            b.append(",\"seconds\":").append(num(n.seconds())).append('}');
        }
        b.append("],\"escaped\":").append(escaped()).append(",\"passed\":").append(passed());
        return b.append(",\"seconds\":").append(num(seconds)).append('}').toString();
    }

    private static String counts(Map<? extends Enum<?>, Long> m) {
        if (m.isEmpty()) {
            return "none";
        }
        return new TreeMap<String, Long>(m.entrySet().stream().collect(Collectors.toMap(e -> e.getKey().name(),
                Map.Entry::getValue))).entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "%s %,d", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "));
    }

    private static String json(Map<? extends Enum<?>, Long> m) {
        return new TreeMap<String, Long>(m.entrySet().stream().collect(Collectors.toMap(e -> e.getKey().name(),
                Map.Entry::getValue))).entrySet().stream().map(e -> '"' + e.getKey() + "\":" + e.getValue())
                .collect(Collectors.joining(",", "{", "}"));
    }

    private static String num(double d) {
        return Double.isFinite(d) ? String.format(Locale.ROOT, "%.4f", d) : "null";
    }
}
