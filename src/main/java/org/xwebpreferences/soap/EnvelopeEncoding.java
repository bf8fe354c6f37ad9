package org.xwebpreferences.soap;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import javax.xml.stream.XMLStreamReader;
import org.xwebpreferences.core.Texts;

/**
 * Whether an envelope's bytes are valid in the encoding it is read in (the
 * Content-Type's charset, else the one the document declares or its byte
 * order mark says), so that what passes the check is what gets stored.
 */
final class EnvelopeEncoding {

    private EnvelopeEncoding() {
    }

    /**
     * Without a charset in the Content-Type, the bytes must be valid in the
     * encoding the parser found. With one, they were decoded in it, and an XML
     * declaration that names another is not read, as ASMX and Metro do not
     * read it (RFC 7303: the charset is authoritative): .NET code that writes
     * its envelope through a StringWriter declares utf-16 and posts UTF-8 with
     * charset=utf-8, and was refused (contract audit). But for one case, where
     * the declaration is the better evidence: it says UTF-8, the bytes are
     * valid UTF-8, and the charset (another) reads them otherwise. UTF-8 sent
     * as charset=ISO-8859-1 under a UTF-8 declaration would be stored garbled
     * ("MÃ¼ller"), so which was meant is asked, not guessed; a Latin-1
     * declaration on UTF-8 sent as UTF-8 is served (any bytes are Latin-1).
     */
    static void checkEncoding(byte[] body, Charset fromContentType, String asSent, XMLStreamReader reader)
            throws EnvelopeRefused {
        if (fromContentType == null) {
            EnvelopeRefused rejected = notValidInItsEncoding(body, null, reader);
            if (rejected != null) {
                throw rejected;
            }
            return;
        }
        String inDocument = reader.getCharacterEncodingScheme();
        if (inDocument == null || fromContentType.equals(StandardCharsets.UTF_8)
                || !StandardCharsets.UTF_8.equals(charsetOrNull(inDocument))
                || !Texts.isValid(body, StandardCharsets.UTF_8)) {
            return;
        }
        String asDeclared = Texts.withoutByteOrderMark(new String(body, StandardCharsets.UTF_8));
        if (!asDeclared.equals(Texts.withoutByteOrderMark(asSent))) {
            throw new EnvelopeRefused("The XML declaration says encoding " + Texts.quote(inDocument) + " but Content-Type"
                    + " says charset '" + fromContentType.name() + "', and the body reads differently in each: send"
                    + " the charset it is written in", null);
        }
    }

    /**
     * Without a charset in the Content-Type, the parser reads the bytes itself
     * and stops at the first it cannot decode, with words of its own ("Invalid
     * UTF-8 start byte 0xff (at char #164, byte #-1)"), or, for an overlong
     * form, a character the client never sent: told instead as the encoding's
     * mistake, as with a charset. Null where the bytes are valid.
     */
    static EnvelopeRefused notValidInItsEncoding(byte[] body, Charset declared, XMLStreamReader reader) {
        if (declared != null || reader == null) {
            return null; // decoded strictly before parsing; or the parser stopped before it knew the encoding
        }
        String found = reader.getEncoding();
        Charset charset = found == null ? StandardCharsets.UTF_8 : charsetOrUtf8(found);
        return Texts.isValid(body, charset) ? null : notValidIn(charset, "document");
    }

    /** The bytes as text, or a rejection: a malformed sequence is never replaced by a stand-in character. */
    static String decode(byte[] body, Charset charset, String source) throws EnvelopeRefused {
        try {
            return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw notValidIn(charset, source);
        }
    }

    private static EnvelopeRefused notValidIn(Charset charset, String source) {
        return new EnvelopeRefused("Malformed XML: the body is not valid " + charset.name() + " (the encoding of the "
                + source + ")", null);
    }

    private static Charset charsetOrUtf8(String name) {
        Charset charset = charsetOrNull(name);
        return charset == null ? StandardCharsets.UTF_8 : charset;
    }

    private static Charset charsetOrNull(String name) {
        try {
            return Charset.forName(name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
