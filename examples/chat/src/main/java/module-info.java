/** A chat on PeerConnect: the smallest application that uses the library, and nothing else of it. */
module peerconnect.example.chat {
    requires peerconnect.app;
}
