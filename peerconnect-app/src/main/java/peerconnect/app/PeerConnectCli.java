package peerconnect.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code peerconnect} command. */
@Command(name = "peerconnect", mixinStandardHelpOptions = true, version = "peerconnect 0.1.0",
        description = "A serverless peer-to-peer node for local networks.")
public final class PeerConnectCli implements Runnable {
    public static void main(String[] args) {
        System.exit(new CommandLine(new PeerConnectCli()).execute(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
