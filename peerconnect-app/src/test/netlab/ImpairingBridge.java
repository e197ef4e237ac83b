import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A user-space Ethernet switch that makes a bad LAN: it reads every frame arriving on the given
 * interfaces (the bridge-side ends of veth pairs, one per host namespace) through AF_PACKET sockets
 * and forwards it to the other ports, each copy on its own lossy, slow, duplicating and reordering
 * link. It exists because the test machines' kernels have no {@code sch_netem}, load no modules and
 * have no packet filter; a Linux bridge would forward every frame unharmed.
 *
 * <p>A separate program run from source by a JDK 22 or newer ({@code java ImpairingBridge.java seed
 * port...}): the project compiles for release 21, where the foreign function API that opens AF_PACKET
 * sockets is still a preview. Run it inside the namespace holding the ports, as root.
 *
 * <p>Switching: source MACs are learned per port; a unicast frame to a learned MAC goes to that port
 * only, everything else (broadcast, multicast, unknown) floods, so multicast discovery crosses it.
 * Per egress copy, in this order: dropped with probability {@code loss}; else sent after a delay drawn
 * uniformly from {@code delay ± jitter} ms (independent per frame, so frames sent within the jitter
 * window overtake each other); with probability {@code reorder} held back one more {@code delay};
 * with probability {@code dup} sent a second time after another independent delay. A cut splits the
 * ports into groups and forwards only within a group. Frames keep their virtio-net header
 * ({@code PACKET_VNET_HDR}), so checksums a veth left to "hardware" are still filled in on the way out.
 *
 * <p>Randomness comes from one {@link SplittableRandom} of the given seed; the draws are made by the
 * port threads as frames arrive, so a seed fixes the impairment parameters and statistics, not which
 * frame meets which fate.
 *
 * <p>Commands on stdin, one a line, each answered by one line on stdout:
 * {@code set loss=0.1 delay=30 jitter=10 dup=0.01 reorder=0.02} (any subset; answers {@code ok ...}),
 * {@code cut 1,2,3/4,5,6} (port numbers from 1, in argument order; unlisted ports are alone),
 * {@code heal}, {@code stats} (answers {@code stats key=value ...}), {@code quit}. Prints {@code ready}
 * once every port is open; errors are printed as {@code error ...} and it exits non-zero.
 */
public final class ImpairingBridge {
    private static final int AF_PACKET = 17;
    private static final int SOCK_RAW = 3;
    private static final short ETH_P_ALL_NET_ORDER = (short) 0x0300; // htons(0x0003)
    private static final int SOL_PACKET = 263;
    private static final int PACKET_VNET_HDR = 15;
    private static final int PACKET_IGNORE_OUTGOING = 23;
    private static final int VNET_HDR = 10; // struct virtio_net_hdr
    private static final int FRAME_MAX = 65_536 + VNET_HDR;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final MemoryLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final MethodHandle SOCKET = call("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle BIND = call("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle SETSOCKOPT = call("setsockopt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle RECV = call("recv", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle SEND = call("send", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle IF_NAMETOINDEX = call("if_nametoindex", FunctionDescriptor.of(JAVA_INT, ADDRESS));

    /** The link parameters; replaced whole by {@code set}, so a frame sees one consistent set. */
    record Impairment(double loss, double delayMs, double jitterMs, double dup, double reorder) {
        static final Impairment NONE = new Impairment(0, 0, 0, 0, 0);
    }

    private final int[] fds;
    private final String[] names;
    private final SplittableRandom random;
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
    private final Map<String, Integer> macToPort = new ConcurrentHashMap<>();
    private volatile Impairment impairment = Impairment.NONE;
    private volatile int[] group; // group number per port; all 0 = healed
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();
    private final AtomicLong cut = new AtomicLong();
    private final AtomicLong duplicated = new AtomicLong();
    private final AtomicLong reordered = new AtomicLong();
    private final AtomicLong sendErrors = new AtomicLong();

    private ImpairingBridge(long seed, String[] names) throws Throwable {
        this.names = names;
        this.random = new SplittableRandom(seed);
        this.fds = new int[names.length];
        this.group = new int[names.length];
        for (int i = 0; i < names.length; i++) {
            fds[i] = open(names[i]);
        }
    }

    /** Arguments: seed, then the names of the interfaces to switch between. */
    public static void main(String[] args) throws Throwable {
        if (args.length < 2) {
            System.out.println("error usage: java ImpairingBridge.java <seed> <interface>...");
            System.exit(2);
        }
        ImpairingBridge bridge;
        try {
            bridge = new ImpairingBridge(Long.parseLong(args[0]), Arrays.copyOfRange(args, 1, args.length));
        } catch (IllegalStateException e) {
            System.out.println("error " + e.getMessage());
            System.exit(1);
            return;
        }
        bridge.timer.setRemoveOnCancelPolicy(true);
        for (int i = 0; i < bridge.fds.length; i++) {
            int port = i;
            Thread.ofPlatform().daemon().name("port-" + bridge.names[i]).start(() -> bridge.receiveLoop(port));
        }
        System.out.println("ready");
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String answer = bridge.command(line.strip());
            if (answer == null) {
                break;
            }
            System.out.println(answer);
            System.out.flush();
        }
        System.exit(0);
    }

    private String command(String line) {
        String[] words = line.split("\\s+");
        try {
            switch (words[0]) {
                case "set" -> {
                    Impairment old = impairment;
                    double loss = old.loss(), delay = old.delayMs(), jitter = old.jitterMs(), dup = old.dup(), reorder = old.reorder();
                    for (int i = 1; i < words.length; i++) {
                        String[] kv = words[i].split("=", 2);
                        double v = Double.parseDouble(kv[1]);
                        switch (kv[0]) {
                            case "loss" -> loss = probability(v);
                            case "delay" -> delay = v;
                            case "jitter" -> jitter = v;
                            case "dup" -> dup = probability(v);
                            case "reorder" -> reorder = probability(v);
                            default -> throw new IllegalArgumentException("unknown setting " + kv[0]);
                        }
                    }
                    if (jitter > delay || delay < 0) {
                        throw new IllegalArgumentException("need 0 <= jitter <= delay");
                    }
                    impairment = new Impairment(loss, delay, jitter, dup, reorder);
                    return "ok " + impairment;
                }
                case "cut" -> {
                    int[] next = new int[fds.length];
                    Arrays.fill(next, -1);
                    String[] groups = words[1].split("/");
                    for (int g = 0; g < groups.length; g++) {
                        for (String p : groups[g].split(",")) {
                            next[Integer.parseInt(p) - 1] = g;
                        }
                    }
                    for (int i = 0; i < next.length; i++) {
                        if (next[i] < 0) {
                            next[i] = groups.length + i; // alone
                        }
                    }
                    group = next;
                    return "ok cut " + words[1];
                }
                case "heal" -> {
                    group = new int[fds.length];
                    return "ok healed";
                }
                case "stats" -> {
                    return "stats received=" + received + " sent=" + sent + " lost=" + lost + " cut=" + cut
                            + " duplicated=" + duplicated + " reordered=" + reordered + " sendErrors=" + sendErrors;
                }
                case "quit" -> {
                    return null;
                }
                default -> throw new IllegalArgumentException("unknown command " + words[0]);
            }
        } catch (RuntimeException e) {
            return "error " + e.getMessage();
        }
    }

    private static double probability(double v) {
        if (v < 0 || v > 1) {
            throw new IllegalArgumentException("a probability is within [0, 1]: " + v);
        }
        return v;
    }

    private void receiveLoop(int port) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(FRAME_MAX);
            MemorySegment state = arena.allocate(CALL_STATE);
            while (true) {
                long n = (long) RECV.invokeExact(state, fds[port], buffer, (long) FRAME_MAX, 0);
                if (n < 0) {
                    int errno = (int) ERRNO.get(state, 0L);
                    if (errno == 4) { // EINTR
                        continue;
                    }
                    System.out.println("error recv on " + names[port] + ": errno " + errno);
                    System.exit(1);
                }
                if (n < VNET_HDR + 14) {
                    continue;
                }
                received.incrementAndGet();
                forward(port, buffer.asSlice(0, n).toArray(JAVA_BYTE));
            }
        } catch (Throwable e) {
            System.out.println("error port " + names[port] + ": " + e);
            System.exit(1);
        }
    }

    private void forward(int from, byte[] frame) {
        String src = mac(frame, VNET_HDR + 6);
        macToPort.put(src, from);
        boolean group0 = (frame[VNET_HDR] & 1) != 0; // multicast/broadcast destination bit
        Integer to = group0 ? null : macToPort.get(mac(frame, VNET_HDR));
        int[] groups = group;
        Impairment link = impairment;
        for (int port = 0; port < fds.length; port++) {
            if (port == from || (to != null && to != port)) {
                continue;
            }
            if (groups[port] != groups[from]) {
                cut.incrementAndGet();
                continue;
            }
            schedule(port, frame, link);
        }
    }

    private void schedule(int port, byte[] frame, Impairment link) {
        double delay;
        boolean drop;
        boolean hold;
        boolean twice;
        double secondDelay;
        synchronized (random) {
            drop = random.nextDouble() < link.loss();
            delay = draw(link);
            hold = random.nextDouble() < link.reorder();
            twice = random.nextDouble() < link.dup();
            secondDelay = draw(link);
        }
        if (drop) {
            lost.incrementAndGet();
            return;
        }
        if (hold) {
            reordered.incrementAndGet();
            delay += link.delayMs();
        }
        send(port, frame, delay);
        if (twice) {
            duplicated.incrementAndGet();
            send(port, frame, secondDelay);
        }
    }

    private double draw(Impairment link) {
        return link.jitterMs() == 0 ? link.delayMs()
                : link.delayMs() - link.jitterMs() + 2 * link.jitterMs() * random.nextDouble();
    }

    private void send(int port, byte[] frame, double delayMs) {
        Runnable task = () -> {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment out = arena.allocate(frame.length);
                MemorySegment.copy(frame, 0, out, JAVA_BYTE, 0, frame.length);
                MemorySegment state = arena.allocate(CALL_STATE);
                long n = (long) SEND.invokeExact(state, fds[port], out, (long) frame.length, 0);
                if (n < 0) {
                    sendErrors.incrementAndGet();
                } else {
                    sent.incrementAndGet();
                }
            } catch (Throwable e) {
                sendErrors.incrementAndGet();
            }
        };
        if (delayMs <= 0) {
            timer.execute(task);
        } else {
            timer.schedule(task, Math.round(delayMs * 1000), TimeUnit.MICROSECONDS);
        }
    }

    private static String mac(byte[] frame, int offset) {
        return HexFormat.of().formatHex(frame, offset, offset + 6);
    }

    /** An AF_PACKET socket bound to interface {@code name}, seeing only frames that arrive on it. */
    private static int open(String name) throws Throwable {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            int index = (int) IF_NAMETOINDEX.invokeExact(state, arena.allocateFrom(name));
            if (index == 0) {
                throw new IllegalStateException("no interface " + name + " (errno " + ERRNO.get(state, 0L) + ")");
            }
            // Protocol 0 first: the socket receives nothing until bound, so no frame of another port slips in.
            int fd = (int) SOCKET.invokeExact(state, AF_PACKET, SOCK_RAW, 0);
            if (fd < 0) {
                throw new IllegalStateException("cannot open an AF_PACKET socket (needs root): errno " + ERRNO.get(state, 0L));
            }
            MemorySegment one = arena.allocateFrom(JAVA_INT, 1);
            option(state, fd, PACKET_VNET_HDR, one, "PACKET_VNET_HDR");
            option(state, fd, PACKET_IGNORE_OUTGOING, one, "PACKET_IGNORE_OUTGOING");
            MemorySegment ll = arena.allocate(20); // struct sockaddr_ll
            ll.set(JAVA_SHORT, 0, (short) AF_PACKET);
            ll.set(JAVA_SHORT.withOrder(ByteOrder.nativeOrder()), 2, ETH_P_ALL_NET_ORDER);
            ll.set(JAVA_INT, 4, index);
            int rc = (int) BIND.invokeExact(state, fd, ll, 20);
            if (rc != 0) {
                throw new IllegalStateException("cannot bind to " + name + ": errno " + ERRNO.get(state, 0L));
            }
            return fd;
        }
    }

    private static void option(MemorySegment state, int fd, int option, MemorySegment value, String what) throws Throwable {
        int rc = (int) SETSOCKOPT.invokeExact(state, fd, SOL_PACKET, option, value, 4);
        if (rc != 0) {
            throw new IllegalStateException("setsockopt " + what + " failed: errno " + ERRNO.get(state, 0L));
        }
    }

    private static MethodHandle call(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(LIBC.find(name).orElseThrow(), descriptor, Linker.Option.captureCallState("errno"));
    }
}
