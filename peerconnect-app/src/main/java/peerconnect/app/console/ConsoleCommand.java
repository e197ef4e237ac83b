package peerconnect.app.console;

import peerconnect.domain.PeerId;

/** One line typed at the node's console, parsed; {@link ConsoleParser} makes them. */
sealed interface ConsoleCommand {

    /** Lists the peers in the routing table. */
    record Peers(boolean json) implements ConsoleCommand {
    }

    /** Finds the peers closest to an id through the DHT. */
    record Lookup(PeerId target, boolean json) implements ConsoleCommand {
    }

    /** Stores a value under a key in the DHT. */
    record Put(String key, String value) implements ConsoleCommand {
    }

    /** Withdraws a value this node published under a key. */
    record Delete(String key) implements ConsoleCommand {
    }

    /** Fetches the value stored under a key. */
    record Get(String key, boolean json) implements ConsoleCommand {
    }

    /** Spreads a message to every node by gossip. */
    record Gossip(String text) implements ConsoleCommand {
    }

    /** Searches peers by name over gossip. */
    record Search(String name, boolean json) implements ConsoleCommand {
    }

    /** Shows id, addresses, bootstrap state, bucket fill and counters. */
    record Status(boolean json) implements ConsoleCommand {
    }

    /** Lists the commands. */
    record Help() implements ConsoleCommand {
    }

    /** Stops the node. */
    record Quit() implements ConsoleCommand {
    }

    /** An empty line: nothing to do. */
    record Nothing() implements ConsoleCommand {
    }

    /** A line that is not a command; {@code message} says why in one sentence. */
    record Invalid(String message) implements ConsoleCommand {
    }
}
