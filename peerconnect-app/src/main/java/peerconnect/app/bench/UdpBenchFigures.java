package peerconnect.app.bench;

import java.util.List;
import java.util.Locale;

/**
 * What {@code bench udp} measured: throughput of a raw socket and of the full pipeline, and round trips
 * raw and through the reply registry at several numbers of requests in flight.
 */
record UdpBenchFigures(double secondsPerPhase, int datagramBytes, Throughput raw, Throughput pipeline,
                       Throughput sealed, List<RoundTrips> roundTrips) {

    /** Goal of the issue: the pipeline keeps at least this share of the raw socket's rate. */
    static final double THROUGHPUT_RATIO_GOAL = 0.8;
    /** Goal of the issue: a round trip through the reply registry takes at most this many times a raw one (p50). */
    static final double P50_RATIO_GOAL = 1.25;
    /** Goal of the issue: the pipeline with the network key on keeps at least this share of its rate with it off. */
    static final double SEALED_RATIO_GOAL = 0.8;

    /**
     * One blast: datagrams sent and received (handled, for the pipeline) in the measured window.
     *
     * @param dropped datagrams the dispatcher dropped (shed) in the window; 0 for the raw socket
     */
    record Throughput(long sent, long received, long dropped, double seconds) {
        static final Throughput NONE = new Throughput(0, 0, 0, 0);

        /** Both slices' counts and times together. */
        Throughput plus(Throughput other) {
            return new Throughput(sent + other.sent, received + other.received, dropped + other.dropped,
                    seconds + other.seconds);
        }

        double perSecond() {
            return received / seconds;
        }

        double loss() {
            return sent == 0 ? 0 : Math.max(0, 1.0 - (double) received / sent);
        }
    }

    /** Percentiles of one way of doing round trips, in microseconds. */
    record Latency(long samples, long failures, double p50Micros, double p99Micros) {
    }

    record RoundTrips(int inFlight, Latency raw, Latency pipeline) {
        double p50Ratio() {
            return pipeline.p50Micros() / raw.p50Micros();
        }

        double p99Ratio() {
            return pipeline.p99Micros() / raw.p99Micros();
        }
    }

    double throughputRatio() {
        return pipeline.perSecond() / raw.perSecond();
    }

    /** The sealed pipeline's rate over the unsealed one's. */
    double sealedRatio() {
        return sealed.perSecond() / pipeline.perSecond();
    }

    String toText() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "bench udp: loopback, %d-byte datagrams, %.1f s per phase%n",
                datagramBytes, secondsPerPhase));
        b.append(String.format(Locale.ROOT, "throughput (received per second; raw, pipeline and sealed pipeline alternate in %d rounds)%n",
                UdpBenchmark.ROUNDS));
        line(b, "raw DatagramChannel", raw);
        line(b, "pipeline (socket->decode->dispatch->handler)", pipeline);
        line(b, "pipeline with network key (sealed both ends)", sealed);
        b.append(String.format(Locale.ROOT, "  ratio pipeline/raw: %.2f (goal >= %.2f)%n", throughputRatio(),
                THROUGHPUT_RATIO_GOAL));
        b.append(String.format(Locale.ROOT, "  ratio network key on/off: %.2f (goal >= %.2f)%n", sealedRatio(),
                SEALED_RATIO_GOAL));
        b.append(String.format(Locale.ROOT, "round trips (microseconds)%n"));
        for (RoundTrips r : roundTrips) {
            b.append(String.format(Locale.ROOT,
                    "  %2d in flight: raw p50 %.1f p99 %.1f (%d)  registry p50 %.1f p99 %.1f (%d, %d failed)"
                            + "  ratio p50 %.2f p99 %.2f (goal p50 <= %.2f)%n",
                    r.inFlight(), r.raw().p50Micros(), r.raw().p99Micros(), r.raw().samples(),
                    r.pipeline().p50Micros(), r.pipeline().p99Micros(), r.pipeline().samples(),
                    r.pipeline().failures(), r.p50Ratio(), r.p99Ratio(), P50_RATIO_GOAL));
        }
        return b.toString();
    }

    private static void line(StringBuilder b, String name, Throughput t) {
        b.append(String.format(Locale.ROOT, "  %-46s %,12.0f /s  (sent %d, received %d, loss %.1f %%, shed %d)%n",
                name, t.perSecond(), t.sent(), t.received(), 100 * t.loss(), t.dropped()));
    }

    /** One JSON object, written by hand (no JSON library in the image). */
    String toJson() {
        StringBuilder b = new StringBuilder("{");
        b.append("\"seconds_per_phase\":").append(num(secondsPerPhase));
        b.append(",\"datagram_bytes\":").append(datagramBytes);
        b.append(",\"throughput\":{\"raw\":").append(json(raw)).append(",\"pipeline\":").append(json(pipeline));
        b.append(",\"ratio\":").append(num(throughputRatio()));
        b.append(",\"goal_min_ratio\":").append(num(THROUGHPUT_RATIO_GOAL));
        b.append(",\"sealed\":").append(json(sealed)).append(",\"sealed_ratio\":").append(num(sealedRatio()));
        b.append(",\"goal_min_sealed_ratio\":").append(num(SEALED_RATIO_GOAL)).append('}');
        b.append(",\"round_trips\":[");
        for (int i = 0; i < roundTrips.size(); i++) {
            RoundTrips r = roundTrips.get(i);
            b.append(i == 0 ? "" : ",").append("{\"in_flight\":").append(r.inFlight());
            b.append(",\"raw\":").append(json(r.raw())).append(",\"pipeline\":").append(json(r.pipeline()));
            b.append(",\"p50_ratio\":").append(num(r.p50Ratio())).append(",\"p99_ratio\":").append(num(r.p99Ratio()));
            b.append(",\"goal_max_p50_ratio\":").append(num(P50_RATIO_GOAL)).append('}');
        }
        return b.append("]}").toString();
    }

    private static String json(Throughput t) {
        return "{\"sent\":" + t.sent() + ",\"received\":" + t.received() + ",\"dropped\":" + t.dropped()
                + ",\"seconds\":" + num(t.seconds()) + ",\"per_second\":" + num(t.perSecond())
                + ",\"loss\":" + num(t.loss()) + "}";
    }

    private static String json(Latency l) {
        return "{\"samples\":" + l.samples() + ",\"failures\":" + l.failures() + ",\"p50_us\":" + num(l.p50Micros())
                + ",\"p99_us\":" + num(l.p99Micros()) + "}";
    }

    /** JSON has no NaN or infinity: a figure that could not be measured is null. */
    private static String num(double d) {
        return Double.isFinite(d) ? String.format(Locale.ROOT, "%.4f", d) : "null";
    }
}
