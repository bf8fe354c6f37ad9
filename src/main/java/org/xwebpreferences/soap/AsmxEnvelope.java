package org.xwebpreferences.soap;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

/**
 * Metro writes its answers as {@code <S:Envelope xmlns:S="...">}; ASMX, and
 * the seed's sample response, as {@code <soap:Envelope>} that declares xsi and
 * xsd too. Clients that compare text (a replayed sample, a regular expression
 * on {@code <soap:Body>}) see the seed's form: the envelope's own tags are
 * renamed and Metro's payload bytes are kept as they are. An answer of any
 * other shape, or whose header or payload might use the prefix S (an
 * {@code S:} after {@code <}, {@code /}, white space, a quote or {@code >}:
 * element, attribute, QName value; also text such as "Class S: basics", where
 * it would be harmless) goes out as Metro wrote it: still correct XML.
 */
final class AsmxEnvelope {

    private static final byte[] METRO_DECLARATION = bytes("<?xml version='1.0' encoding='UTF-8'?>");
    private static final byte[] HEADER_START = bytes("<S:Header>");
    private static final byte[] HEADER_END = bytes("</S:Header>");
    private static final byte[] BODY_START = bytes("<S:Body>");
    private static final byte[] BODY_END = bytes("</S:Body></S:Envelope>");
    private static final byte[] PREFIX_S = bytes("S:");
    private static final byte[] ASMX_HEADER_START = bytes("<soap:Header>");
    private static final byte[] ASMX_HEADER_END_BODY_START = bytes("</soap:Header><soap:Body>");
    private static final byte[] ASMX_BODY_START = bytes("<soap:Body>");
    private static final byte[] ASMX_BODY_END = bytes("</soap:Body></soap:Envelope>");
    private static final Map<SoapVersion, byte[]> METRO_ENVELOPE_START = new EnumMap<>(SoapVersion.class);
    private static final Map<SoapVersion, byte[]> ASMX_ENVELOPE_START = new EnumMap<>(SoapVersion.class);

    static {
        for (SoapVersion version : SoapVersion.values()) {
            METRO_ENVELOPE_START.put(version, bytes("<S:Envelope xmlns:S=\"" + version.envelopeNamespace() + "\">"));
            ASMX_ENVELOPE_START.put(version, bytes(start(version)));
        }
    }

    private AsmxEnvelope() {
    }

    /** The start of every envelope this server writes, faults included: the declaration and the Envelope tag. */
    static String start(SoapVersion version) {
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?><soap:Envelope xmlns:soap=\"" + version.envelopeNamespace()
                + "\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
                + " xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\">";
    }

    /** Metro's answer with the envelope written as ASMX writes it, or unchanged where its shape is not the expected one. */
    static byte[] from(byte[] metro, SoapVersion version) {
        byte[] envelopeStart = METRO_ENVELOPE_START.get(version);
        int at = METRO_DECLARATION.length + envelopeStart.length;
        if (!startsWith(metro, 0, METRO_DECLARATION) || !startsWith(metro, METRO_DECLARATION.length, envelopeStart)
                || !startsWith(metro, metro.length - BODY_END.length, BODY_END)) {
            return metro;
        }
        int headerFrom = -1;
        int headerTo = -1;
        if (startsWith(metro, at, HEADER_START)) {
            headerFrom = at + HEADER_START.length;
            headerTo = indexOf(metro, HEADER_END, headerFrom);
            if (headerTo < 0 || mayUsePrefixS(metro, headerFrom, headerTo)) {
                return metro;
            }
            at = headerTo + HEADER_END.length;
        }
        int bodyTo = metro.length - BODY_END.length;
        if (!startsWith(metro, at, BODY_START) || mayUsePrefixS(metro, at + BODY_START.length, bodyTo)) {
            return metro;
        }
        // Written into one array of the exact size: an answer may be megabytes, and a
        // growing buffer and its final copy held it two or three times over.
        byte[] start = ASMX_ENVELOPE_START.get(version);
        int headerLength = headerFrom < 0 ? 0 : headerTo - headerFrom;
        int payloadFrom = at + BODY_START.length;
        int payloadLength = bodyTo - payloadFrom;
        int size = start.length + (headerFrom < 0 ? ASMX_BODY_START.length
                : ASMX_HEADER_START.length + headerLength + ASMX_HEADER_END_BODY_START.length)
                + payloadLength + ASMX_BODY_END.length;
        byte[] answer = new byte[size];
        int to = put(answer, 0, start, 0, start.length);
        if (headerFrom >= 0) {
            to = put(answer, to, ASMX_HEADER_START, 0, ASMX_HEADER_START.length);
            to = put(answer, to, metro, headerFrom, headerLength);
            to = put(answer, to, ASMX_HEADER_END_BODY_START, 0, ASMX_HEADER_END_BODY_START.length);
        } else {
            to = put(answer, to, ASMX_BODY_START, 0, ASMX_BODY_START.length);
        }
        to = put(answer, to, metro, payloadFrom, payloadLength);
        put(answer, to, ASMX_BODY_END, 0, ASMX_BODY_END.length);
        return answer;
    }

    /** Copies length bytes of source from sourceFrom into target at to; returns where the next go. */
    private static int put(byte[] target, int to, byte[] source, int sourceFrom, int length) {
        System.arraycopy(source, sourceFrom, target, to, length);
        return to + length;
    }

    private static boolean mayUsePrefixS(byte[] bytes, int from, int to) {
        for (int at = indexOf(bytes, PREFIX_S, from, to); at >= 0; at = indexOf(bytes, PREFIX_S, at + 1, to)) {
            if (at == from || "</ \t\r\n\"'>".indexOf(bytes[at - 1]) >= 0) {
                return true;
            }
        }
        return false;
    }

    private static boolean startsWith(byte[] bytes, int from, byte[] part) {
        return from >= 0 && from + part.length <= bytes.length
                && Arrays.equals(bytes, from, from + part.length, part, 0, part.length);
    }

    private static int indexOf(byte[] bytes, byte[] part, int from) {
        return indexOf(bytes, part, from, bytes.length);
    }

    /** Where part starts within bytes[from, to), or -1. */
    private static int indexOf(byte[] bytes, byte[] part, int from, int to) {
        for (int i = from; i + part.length <= to; i++) {
            if (bytes[i] == part[0] && startsWith(bytes, i, part)) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
