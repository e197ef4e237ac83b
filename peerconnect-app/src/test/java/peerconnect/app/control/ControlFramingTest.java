package peerconnect.app.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The control socket's reply lines: tags, the end line, and that no text can fake a tag. */
class ControlFramingTest {

    @Test
    void everyLineOfAnOutputTextIsTaggedSoThatATextCannotEndTheReply() {
        assertEquals(List.of("|one", "|=0", "|!x"), ControlFraming.output("one\n=0\r\n!x"));
        assertEquals(new ControlFraming.Reply.Output("=0"), ControlFraming.parse("|=0"));
    }

    @Test
    void theEndLineCarriesTheStatusAndAnythingElseIsGarbled() {
        assertEquals(new ControlFraming.Reply.End(0), ControlFraming.parse(ControlFraming.end(true)));
        assertEquals(new ControlFraming.Reply.End(1), ControlFraming.parse(ControlFraming.end(false)));
        assertEquals(new ControlFraming.Reply.Garbled("=7"), ControlFraming.parse("=7"));
        assertEquals(new ControlFraming.Reply.Garbled(""), ControlFraming.parse(""));
        assertEquals(new ControlFraming.Reply.Garbled("hello"), ControlFraming.parse("hello"));
    }

    @Test
    void anErrorIsFoldedOntoOneLine() {
        assertEquals(new ControlFraming.Reply.Error("a b"), ControlFraming.parse(ControlFraming.error("a\nb")));
    }
}
