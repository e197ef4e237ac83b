/**
 * The PeerConnect application: wiring, command line, configuration and logging backend; the only
 * module that sees every adapter, and the root of the jlink runtime image.
 */
module peerconnect.app {
    // The hexagon: ports (and through them the domain) plus every adapter the app wires together.
    // Transitive: the library API (peerconnect.app.api) names port and domain types (NodeAddress,
    // RootCode, RequestHandler, InMemoryNetwork), so an embedder that requires this module reads them.
    requires transitive peerconnect.ports;
    requires peerconnect.adapter.udp;
    requires peerconnect.adapter.kademlia;
    requires peerconnect.adapter.gossip;

    // Wiring: Guice stays a dependency of the library (it composes the node behind PeerConnect.builder()).
    requires com.google.guice;
    // The Guice 7 jar is an automatic module that declares no dependencies, so on the module path
    // nothing would resolve Guava and Guice fails at its first injector; the jlink image gets a real
    // descriptor for Guice (moditect) that says this itself.
    requires com.google.common;
    // The command line: static, so an embedder of the API needs no picocli (its classes are named only
    // in cli, bench, fuzz and simulate); bin/peerconnect adds it to the module graph.
    requires static info.picocli;
    // The console at a terminal (console.JLineIo: line editing, completion, history, lines printed
    // above the prompt): static like picocli, the program's and not the library's.
    requires static org.jline.reader;
    // Logging: slf4j API for the app and adapters; tinylog the program's backend (slf4j binds it as a
    // service at run time). java.util.logging (Guice) reaches tinylog through tinylog's JUL bridge,
    // System.Logger (the domain) through our own logger finder: see TinylogLoggerFinder for why. tinylog
    // is static like picocli: an embedder brings its own slf4j backend, and the finder then writes there.
    requires org.slf4j;
    requires static org.tinylog.api;
    requires static org.tinylog.api.jul;
    provides java.lang.System.LoggerFinder with peerconnect.app.logging.TinylogLoggerFinder;

    // The node's counters are published as MXBeans; JMX reads them through their interfaces
    // (NodeMXBean, DispatcherMXBean), which it calls reflectively from sun.reflect.misc.Trampoline, a
    // class of an unnamed module of the JDK's own. A qualified export (to java.management) does not
    // reach that caller and every getAttribute failed with IllegalAccessException server-side, so the
    // package of the interfaces alone (peerconnect.app.mxbean) is exported to everyone; the beans
    // behind them stay in peerconnect.app.jmx. `simulate` reads peak heap from the memory pool beans.
    requires java.management;
    exports peerconnect.app.mxbean;
    // The library: the one package every embedder sees (PeerConnect.builder()). The composition
    // (node), settings, store, CLI, console, logging, bench, fuzz, simulate, the beans behind the
    // MXBean interfaces (jmx), metrics and hooks stay unexported.
    exports peerconnect.app.api;

    // `--metrics`: the Prometheus endpoint is the JDK's own small HTTP server (peerconnect.app.metrics).
    requires jdk.httpserver;

    // sun.misc.Signal: SIGINT/SIGTERM close the node and exit with 0 (StopSignals).
    requires jdk.unsupported;
    // jdk.net: SO_PEERCRED, the user of a process connecting to the local control socket.
    requires jdk.net;

    // picocli sets @Option/@Parameters/@Spec fields and calls the command constructors reflectively,
    // in every package that holds a command.
    opens peerconnect.app.cli to info.picocli;
    // bench and fuzz also start nodes with Guice modules of their own (overriding the network and store).
    opens peerconnect.app.bench to info.picocli, com.google.guice;
    opens peerconnect.app.fuzz to info.picocli, com.google.guice;
    opens peerconnect.app.simulate to info.picocli;
    // Guice calls the package-private @Provides methods of the node's modules and PeerNode's @Inject
    // constructor (the wiring classes stay package-private, so the package is opened, not exported).
    opens peerconnect.app.node to com.google.guice;
}
